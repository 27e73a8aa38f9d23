// Replaces the builtins the api layer might lean on (JSON, Reflect.apply, String, Array and
// Function prototype methods, Promise.prototype.then): the api keeps working.
// expect: status=denied
// deny: api still works
exports.onExecutePostChallenge = async (event, api) => {
  const deny = api.access.deny;
  const boom = () => {
    throw new Error('tampered builtin called');
  };
  JSON.stringify = boom;
  JSON.parse = boom;
  Reflect.apply = boom;
  globalThis.String = boom;
  Array.prototype.push = boom;
  Array.prototype[Symbol.iterator] = boom;
  Function.prototype.apply = boom;
  Function.prototype.call = boom;
  Function.prototype.bind = boom;
  Object.keys = boom;
  Object.defineProperty = boom;
  Promise.prototype.then = boom;
  Symbol.prototype.toString = boom;
  console.log('logging still works', { a: 1 });
  const missing = api.cache.get('nothing here');
  deny(missing === undefined ? 'api still works' : 'api broken');
};
