// Proxies with throwing traps as api arguments, each caught; then a Proxy listing 10,000 keys:
// the encoder stops at the 64 KiB call cap, which stays hit although the error is caught.
// expect: limit_exceeded
// message: api call arguments too large
exports.onExecutePostChallenge = async (event, api) => {
  const hostile = [
    new Proxy({}, { ownKeys() { throw new Error('ownKeys trap'); } }),
    new Proxy({ a: 1 }, { get() { throw new Error('get trap'); } }),
    new Proxy({ a: 1 }, { getOwnPropertyDescriptor() { throw new Error('gopd trap'); } }),
    new Proxy([], { get(t, k) { if (k === 'length') throw new Error('length trap'); return 1; } }),
  ];
  for (const p of hostile) {
    try {
      api.cache.set('k', 'v', p);
    } catch (e) {
      if (!/trap/.test(e.message)) throw e;
    }
  }
  const keys = Array.from({ length: 10000 }, (_, i) => 'key' + i);
  const wide = new Proxy({}, {
    ownKeys: () => keys,
    getOwnPropertyDescriptor: () => ({ value: 'v', enumerable: true, configurable: true }),
    get: () => 'v',
  });
  try {
    api.prompt.render('p', { vars: wide });
  } catch (e) {
    // caught, but the cap stays hit
  }
};
