// JSON.stringify of an object nested 100,000 levels deep: the engine's cycle check makes it
// quadratic, a CPU sink in native code that fuel bounds like any other (under 1e9 fuel, the
// old default: with today's 1e11 the recursion reaches the wasm stack first, stack_overflow).
// expect: fuel_exhausted
// limits: {"fuel": 1000000000}
exports.onExecutePostChallenge = async (event, api) => {
  let node = null;
  for (let i = 0; i < 1e5; i++) node = { node };
  api.access.deny(JSON.stringify(node).length + ' characters');
};
