// Catastrophic backtracking in a regular expression: fuel stops the regex engine.
// expect: fuel_exhausted
// limits: {"fuel": 50000000}
exports.onExecutePostChallenge = async (event, api) => {
  if (/^(a+)+$/.test('a'.repeat(40) + '!')) api.access.deny('matched');
};
