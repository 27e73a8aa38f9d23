// A deny reason over its 1,024-character cap: the flow fails rather than truncating.
// expect: limit_exceeded
// message: deny reason
exports.onExecutePostChallenge = async (event, api) => {
  api.access.deny('x'.repeat(2000));
};
