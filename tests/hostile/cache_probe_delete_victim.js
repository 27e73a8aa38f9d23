// Tries to delete the victim's entries by name and by path: each is CacheKeyDoesNotExist in
// this tenant's namespace, so nothing is deleted anywhere.
// expect: status=denied
// deny: CacheKeyDoesNotExist x4
exports.onExecutePostChallenge = async (event, api) => {
  const codes = ['secret', '../victim/secret', 'victim:secret', 'exec:cache:victim:password-reset-post-challenge']
    .map((k) => api.cache.delete(k).code);
  const same = codes.every((c) => c === codes[0]);
  api.access.deny(same ? `${codes[0]} x${codes.length}` : JSON.stringify(codes));
};
