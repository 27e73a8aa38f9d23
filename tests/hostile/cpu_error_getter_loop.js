// Rejects with an object whose message getter never returns: it runs while the outcome is
// written, after the handler settled, and fuel still stops it.
// expect: fuel_exhausted
// limits: {"fuel": 50000000}
exports.onExecutePostChallenge = async (event, api) => {
  throw {
    name: 'Error',
    get message() {
      for (;;) {}
    },
  };
};
