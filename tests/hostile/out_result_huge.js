// A handler that resolves to a 1 MB value: the outcome is over its 512 KiB cap.
// expect: limit_exceeded
exports.onExecutePostChallenge = async (event, api) => 'r'.repeat(1000000);
