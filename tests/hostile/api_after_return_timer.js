// Leaves a timer behind that denies after the handler has returned: it never runs, nothing
// the action did after settling counts.
// expect: status=completed
exports.onExecutePostChallenge = async (event, api) => {
  setTimeout(() => api.access.deny('too late'), 5);
  setTimeout(() => api.cache.set('late', 'write'), 10);
  return 'done';
};
