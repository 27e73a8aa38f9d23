// Catches the RangeError and recurses again from the catch block: exponential work, fuel ends it.
// expect: fuel_exhausted
// limits: {"fuel": 100000000}
exports.onExecutePostChallenge = async (event, api) => {
  const dive = () => {
    try {
      dive();
    } catch (e) {
      dive();
    }
  };
  dive();
};
