// Pollutes Object.prototype to smuggle fields into what the host decodes, and plants throwing
// setters where answers are decoded: only own data crosses, answers are defined (never
// assigned), and the calls still answer correctly. The verdict is thrown, so the cache write
// made on the way is not committed.
// expect: action_error
// message: factor refused; set success {"value":"v","expires_at":1700000900000}
exports.onExecutePostChallenge = async (event, api) => {
  Object.prototype.type = 'otp';
  Object.prototype.query = { injected: 'yes' };
  Object.prototype.toJSON = () => 'hijacked';
  for (const name of ['value', 'expires_at', 'record', 'success']) {
    // A null-prototype descriptor: an ordinary one would now inherit the accessors planted here.
    Object.defineProperty(Object.prototype, name, {
      __proto__: null,
      set() {
        throw new Error(`setter ${name} ran`);
      },
      configurable: true,
    });
  }
  let factor = 'accepted';
  try {
    api.authentication.challengeWith({}); // {} has no own type: the inherited one must not cross
  } catch (e) {
    factor = 'refused';
  }
  const set = api.cache.set('k', 'v', { ttl: 900000 });
  delete Object.prototype.toJSON;
  const own = (o, k) => Object.getOwnPropertyDescriptor(o, k).value;
  const record = own(set, 'record');
  const shown = JSON.stringify({ value: own(record, 'value'), expires_at: own(record, 'expires_at') });
  throw new Error(`factor ${factor}; set ${own(set, 'type')} ${shown}`);
};
