// A Proxy whose get trap reads the proxy again.
// expect: stack_overflow
exports.onExecutePostChallenge = async (event, api) => {
  const p = new Proxy({}, { get: (target, key, receiver) => receiver[key] });
  api.access.deny(String(p.anything));
};
