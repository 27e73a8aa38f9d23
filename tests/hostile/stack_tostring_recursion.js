// toString that converts itself to a string: recursion through the engine's C conversions.
// expect: stack_overflow
exports.onExecutePostChallenge = async (event, api) => {
  const o = {
    toString() {
      return 'again ' + this;
    },
  };
  api.access.deny(`${o}`);
};
