// Keys that spell out store key layouts (Redis hash and state keys, SQLite-ish tuples, glob
// patterns): no key escapes the (tenant, trigger) namespace the host chose.
// expect: status=denied
// deny: own mine-value; leaked []
exports.onExecutePostChallenge = async (event, api) => {
  const probes = [
    'tenant:victim', 'victim:secret', 'victim:password-reset-post-challenge:secret',
    'exec:cache:victim:password-reset-post-challenge', 'exec:cache:victim:*', '*', '?', '[a-z]*',
    'secret', "victim', 'password-reset-post-challenge', 'secret", "' OR '1'='1",
    'exec:state:*', 'exec:reg:apikey:*', '\r\nFLUSHALL\r\n', 'victim\x00secret',
  ];
  // 'secret' is the victim's key name: in this tenant's namespace it does not exist.
  const leaked = probes.filter((k) => api.cache.get(k) !== undefined);
  const own = api.cache.get('mine');
  api.access.deny(`own ${own && own.value}; leaked ${JSON.stringify(leaked)}`);
};
