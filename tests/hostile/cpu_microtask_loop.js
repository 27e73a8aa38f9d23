// An async loop that only ever awaits resolved promises: the job queue never drains.
// expect: fuel_exhausted
// limits: {"fuel": 50000000}
exports.onExecutePostChallenge = async (event, api) => {
  for (;;) await null;
};
