// Cache keys shaped like paths into another tenant's namespace: each is just a key of this
// tenant's own cache (where none exists), and the victim's entries stay unseen.
// expect: status=denied
// deny: own mine-value; leaked []
exports.onExecutePostChallenge = async (event, api) => {
  const probes = [
    '../victim/secret', '../../victim/password-reset-post-challenge/secret', '..\\victim\\secret',
    '/victim/secret', 'victim/secret', './secret', '%2e%2e%2fvictim%2fsecret', '..%00/secret',
    '../t1/../victim/secret',
  ];
  const leaked = probes.filter((k) => api.cache.get(k) !== undefined);
  const own = api.cache.get('mine');
  api.access.deny(`own ${own && own.value}; leaked ${JSON.stringify(leaked)}`);
};
