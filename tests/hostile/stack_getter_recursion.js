// A getter that reads itself: recursion through property access.
// expect: stack_overflow
exports.onExecutePostChallenge = async (event, api) => {
  const o = {
    get x() {
      return this.x + 1;
    },
  };
  api.access.deny(String(o.x));
};
