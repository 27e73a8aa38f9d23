// Serializes a large array over and over: a CPU sink in native code, bounded by fuel.
// expect: fuel_exhausted
// limits: {"fuel": 100000000}
exports.onExecutePostChallenge = async (event, api) => {
  const big = Array.from({ length: 10000 }, (_, i) => ({ i, s: 'x'.repeat(20) }));
  for (;;) JSON.parse(JSON.stringify(big));
};
