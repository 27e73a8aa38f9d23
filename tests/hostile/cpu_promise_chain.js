// A promise chain that re-arms itself forever, detached from the handler's own promise.
// expect: fuel_exhausted
// limits: {"fuel": 50000000}
exports.onExecutePostChallenge = async (event, api) => {
  const spin = () => Promise.resolve().then(spin);
  spin();
  await new Promise(() => {});
};
