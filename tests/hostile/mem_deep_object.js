// Builds an object chain millions of levels deep.
// expect: memory_limit
// limits: {"memory_bytes": 16777216}
exports.onExecutePostChallenge = async (event, api) => {
  let node = {};
  for (;;) node = { next: node, more: [node] };
};
