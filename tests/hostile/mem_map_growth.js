// A Map with ever more string keys.
// expect: memory_limit
// limits: {"memory_bytes": 16777216}
exports.onExecutePostChallenge = async (event, api) => {
  const m = new Map();
  for (let i = 0; ; i++) m.set('key-' + i, 'value-' + i);
};
