// Catches the out-of-memory error and carries on as if nothing happened: the limit is sticky.
// expect: memory_limit
// limits: {"memory_bytes": 16777216}
// paths: both
exports.onExecutePostChallenge = async (event, api) => {
  let hoard = [];
  try {
    for (;;) hoard.push(new Array(10000).fill(7));
  } catch (e) {
    hoard = null; // memory is free again; the action pretends all went well
  }
  api.access.deny('survived the out-of-memory error');
};
