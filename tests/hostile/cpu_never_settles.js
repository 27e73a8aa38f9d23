// Awaits a promise nothing can ever settle: a timeout, not a hang.
// expect: timeout
exports.onExecutePostChallenge = async (event, api) => {
  await new Promise(() => {});
};
