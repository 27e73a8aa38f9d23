// JSON.parse of a million nested arrays: QuickJS's own depth check fires, uncaught.
// expect: stack_overflow
exports.onExecutePostChallenge = async (event, api) => {
  JSON.parse('['.repeat(1e6) + ']'.repeat(1e6));
};
