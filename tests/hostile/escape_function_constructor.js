// The Function constructor, reached from the api's own methods, and sloppy-mode `this`: they
// give back the same global object and nothing more (one realm, no host scope).
// expect: status=denied
// deny: same realm: true true true; closures closed
exports.onExecutePostChallenge = async (event, api) => {
  const viaApi = api.cache.get.constructor('return this')();
  const viaFunction = Function('return this')();
  const viaSloppy = (0, eval)('(function () { return this; })()');
  let closures = 'closed';
  for (const name of ['native', 'record', 'call', 'api', 'timers', 'runNextTimer']) {
    try {
      api.cache.get.constructor(`return typeof ${name}`)() !== 'undefined' && (closures = `open: ${name}`);
    } catch (e) {
      closures = `threw on ${name}`;
    }
  }
  api.access.deny(`same realm: ${viaApi === globalThis} ${viaFunction === globalThis} ` +
    `${viaSloppy === globalThis}; closures ${closures}`);
};
