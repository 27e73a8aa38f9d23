// Waits on a timer due in eleven days: the execution ends at once, as a timeout.
// expect: timeout
exports.onExecutePostChallenge = async (event, api) => {
  await new Promise((resolve) => setTimeout(resolve, 1e9));
  api.access.deny('the far timer fired');
};
