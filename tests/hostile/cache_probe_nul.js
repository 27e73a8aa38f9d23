// NUL bytes around key names (C string truncation, key separators): 'mine\0' is not 'mine',
// and no NUL trick reaches the victim.
// expect: status=denied
// deny: own mine-value; leaked []
exports.onExecutePostChallenge = async (event, api) => {
  const probes = ['mine\x00', '\x00mine', 'mine\x00victim', 'secret\x00', '\x00secret',
    'victim\x00password-reset-post-challenge\x00secret', '\x00', '\x00\x00\x00\x00'];
  const leaked = probes.filter((k) => api.cache.get(k) !== undefined);
  const own = api.cache.get('mine');
  api.access.deny(`own ${own && own.value}; leaked ${JSON.stringify(leaked)}`);
};
