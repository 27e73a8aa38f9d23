// A synchronous infinite loop: fuel stops it, typed, with nothing committed.
// expect: fuel_exhausted
// limits: {"fuel": 50000000}
// paths: both
exports.onExecutePostChallenge = async (event, api) => {
  api.cache.set('loop', 'started');
  for (;;) {}
};
