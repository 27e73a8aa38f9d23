// Twenty thousand denies, refusals caught: recorded calls count against the same cap.
// expect: limit_exceeded
// message: too many api calls
// limits: {"fuel": 20000000000}
exports.onExecutePostChallenge = async (event, api) => {
  for (let i = 0; i < 20000; i++) {
    try {
      api.access.deny('no ' + i);
    } catch (e) {
      // keep hammering
    }
  }
};
