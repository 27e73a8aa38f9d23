// A loop inside try/finally: running out of fuel is a trap, so no finally block can deny.
// expect: fuel_exhausted
// limits: {"fuel": 50000000}
exports.onExecutePostChallenge = async (event, api) => {
  try {
    for (;;) {}
  } finally {
    api.access.deny('escaped the fuel trap');
  }
};
