// Unicode look-alikes of key names (Cyrillic, full-width, combining marks, a lone surrogate,
// case and width variants): keys are compared exactly, nothing is normalized into a match.
// expect: status=denied
// deny: own mine-value; leaked []
exports.onExecutePostChallenge = async (event, api) => {
  const probes = ['m\u0456ne', '\uff4d\uff49\uff4e\uff45', 'mi\u0301ne', 'MINE', 'Mine', 'mine ',
    ' mine', 'mine\u200b', '\u0455ecret', 'secre\u0442', '\ud800', 'mine\ud800', 'm\u0131ne'];
  const leaked = probes.filter((k) => api.cache.get(k) !== undefined);
  const own = api.cache.get('mine');
  api.access.deny(`own ${own && own.value}; leaked ${JSON.stringify(leaked)}`);
};
