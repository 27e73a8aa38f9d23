// Many 1 MiB typed arrays, all kept alive: the limit holds however it is reached.
// expect: memory_limit
// limits: {"memory_bytes": 16777216}
exports.onExecutePostChallenge = async (event, api) => {
  const keep = [];
  for (;;) keep.push(new Float64Array(131072));
};
