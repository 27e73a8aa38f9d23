// Every api method called with values of every wrong type: each call throws a plain Error or
// answers with Auth0's error shape; none crashes the host or is an internal error. The action
// then throws its verdict, so whatever a call accepted is not committed.
// expect: action_error
// message: anomalies: []
// limits: {"host_calls": 2000}
exports.onExecutePostChallenge = async (event, api) => {
  const values = [
    undefined, null, true, 0, -1, NaN, Infinity, -Infinity, 1e300, 2n ** 63n, 2n ** 64n - 1n,
    -(2n ** 63n), '', [], [1], [[]], [{}], {}, { a: 1 }, new Uint8Array(4), new ArrayBuffer(2),
    Symbol('s'), () => 1, new Date(0), /re/, new Map([[1, 2]]), { type: [] }, { type: {} },
    { type: 'phone', options: { preferredMethod: [] } }, { type: 'otp', options: 'x' },
    { type: 'push-notification', options: { otpFallback: {} } }, [{ type: ['otp'] }],
    { secret: [] }, { secret: new Uint8Array(3) }, { secret: 's', payload: new Uint8Array(2) },
    { secret: 's', expiresInSeconds: NaN }, { secret: 's', expiresInSeconds: -Infinity },
    { secret: 's', tokenParameterName: {} }, { query: [] }, { query: { a: [1] } },
    { query: { a: new Uint8Array(1) } }, { ttl: NaN }, { ttl: 'soon' }, { expires_at: {} },
    { fields: [] }, { fields: { 'bad key': 1 } }, { vars: 'x' }, { additionalFactors: {} },
    { additionalFactors: [{ type: [] }] }, 'javascript:alert(1)', 'file:///etc/passwd',
    'http://', '//evil.example/', 'https://[::1', 'x'.repeat(5000),
  ];
  const methods = [
    ['cache', 'get', 1], ['cache', 'set', 3], ['cache', 'delete', 1],
    ['redirect', 'encodeToken', 1], ['redirect', 'validateToken', 1],
    ['redirect', 'sendUserTo', 2], ['authentication', 'challengeWith', 2],
    ['authentication', 'challengeWithAny', 1], ['prompt', 'render', 2],
    ['transaction', 'setResultUrl', 2],
  ];
  const anomalies = [];
  let calls = 0;
  for (const [ns, name, arity] of methods) {
    for (let i = 0; i < values.length; i++) {
      // One wrong value in each position in turn; the others are plausible.
      for (let pos = 0; pos < arity; pos++) {
        const args = ['k', 'v', {}].slice(0, arity);
        args[pos] = values[i];
        calls++;
        try {
          const r = api[ns][name](...args);
          const ok = r === undefined || r === api || typeof r === 'string' ||
            (r && (r.type === 'error' || r.type === 'success'));
          if (!ok) anomalies.push(`${ns}.${name}#${i}@${pos} returned ${JSON.stringify(r)}`);
        } catch (e) {
          if (!(e instanceof Error) || e.name !== 'Error' || /internal|refused|malformed/i.test(e.message)) {
            anomalies.push(`${ns}.${name}#${i}@${pos}: ${e.name}: ${e.message}`);
          }
        }
      }
    }
  }
  throw new Error(`anomalies: ${JSON.stringify(anomalies)}`);
};
