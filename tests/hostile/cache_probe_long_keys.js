// Very long keys: reads and deletes of 64 B, 65 B, 4 KiB and 60 KiB keys find nothing, writes
// over 64 bytes are refused with Auth0's code; the verdict is thrown so nothing is committed.
// expect: action_error
// message: own mine-value; found []; set 65: CacheKeySizeExceeded; set 60000: CacheKeySizeExceeded
exports.onExecutePostChallenge = async (event, api) => {
  const sizes = [64, 65, 4096, 60000];
  const found = sizes.filter((n) => api.cache.get('s'.repeat(n)) !== undefined);
  const deleted = sizes.map((n) => api.cache.delete('s'.repeat(n)).code);
  if (deleted.some((code) => code !== 'CacheKeyDoesNotExist')) throw new Error(`deleted ${deleted}`);
  const set65 = api.cache.set('s'.repeat(65), 'v').code;
  const set60000 = api.cache.set('s'.repeat(60000), 'v').code;
  const own = api.cache.get('mine');
  throw new Error(`own ${own && own.value}; found ${JSON.stringify(found)}; ` +
    `set 65: ${set65}; set 60000: ${set60000}`);
};
