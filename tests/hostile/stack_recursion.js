// Unbounded recursion, uncaught: QuickJS's RangeError, reported as stack_overflow.
// expect: stack_overflow
exports.onExecutePostChallenge = async (event, api) => {
  const dive = (n) => dive(n + 1) + 1;
  dive(0);
};
