// Hoards memory in the module's top level, where the action loads.
// expect: memory_limit
// limits: {"memory_bytes": 16777216}
const hoard = [];
for (;;) hoard.push(new Array(10000).fill(7));
exports.onExecutePostChallenge = async (event, api) => {};
