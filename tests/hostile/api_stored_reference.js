// Keeps the api (and a bound deny) in globals, hoping a later execution finds them there:
// every execution is a fresh instance, and the next action checks that `leak` is gone.
// expect: status=completed
exports.onExecutePostChallenge = async (event, api) => {
  globalThis.leak = { api, deny: api.access.deny.bind(api.access) };
  Object.prototype.polluted = 'by the previous execution';
  Array.prototype.polluted = 'by the previous execution';
};
