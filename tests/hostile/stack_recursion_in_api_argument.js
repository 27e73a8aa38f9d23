// An api argument whose getter recurses: the overflow happens inside the host-call encoder.
// expect: stack_overflow
exports.onExecutePostChallenge = async (event, api) => {
  const deep = {
    get key() {
      return this.key;
    },
  };
  api.cache.set(deep, 'v');
};
