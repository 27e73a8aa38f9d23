// Hundreds of cache writes: past the 20-entry namespace (one entry is there already) they are
// refused with Auth0's code; then the action throws, so nothing it wrote may be committed.
// expect: action_error
// message: refused 481 of 500 writes
exports.onExecutePostChallenge = async (event, api) => {
  let refused = 0;
  for (let i = 0; i < 500; i++) {
    const r = api.cache.set('flood-' + i, 'v');
    if (r.type === 'error' && (r.code === 'MaxSideEffectsExceeded' || r.code === 'CacheSizeExceeded')) refused++;
  }
  throw new Error(`refused ${refused} of 500 writes`);
};
