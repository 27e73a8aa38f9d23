// Direct and indirect eval of code that looks for the host: eval runs, but in the action's own
// scope and realm; the native bridge and the prelude's closures are out of reach.
// expect: action_error
// message: ReferenceError: native is not defined
exports.onExecutePostChallenge = async (event, api) => {
  const found = [];
  for (const probe of ['typeof record', 'typeof call', 'typeof runNextTimer', 'typeof WebAssembly',
    'typeof std', 'typeof os', 'typeof scriptArgs', 'typeof print', 'typeof gc']) {
    const kind = (0, eval)(probe);
    if (kind !== 'undefined') found.push(`${probe}: ${kind}`);
  }
  if (found.length) api.access.deny(`found ${found.join(', ')}`);
  eval('native.call("cache.set", "pwned", "1")');
};
