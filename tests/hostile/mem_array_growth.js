// An array that grows without end: the linear-memory limit stops it, typed.
// expect: memory_limit
// limits: {"memory_bytes": 16777216}
exports.onExecutePostChallenge = async (event, api) => {
  const hoard = [];
  for (let i = 0; ; i++) hoard.push({ i, pad: [i, i, i, i] });
};
