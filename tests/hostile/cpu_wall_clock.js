// Fuel to burn but a short wall clock: the epoch deadline stops the loop as a timeout.
// expect: timeout
// limits: {"fuel": 1000000000000, "timeout_ms": 300}
exports.onExecutePostChallenge = async (event, api) => {
  for (;;) {}
};
