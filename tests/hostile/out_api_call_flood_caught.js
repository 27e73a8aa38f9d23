// The flood again (20,000 reads), each refusal caught: the cap is sticky, still limit_exceeded.
// expect: limit_exceeded
// message: too many api calls
// limits: {"fuel": 20000000000}
exports.onExecutePostChallenge = async (event, api) => {
  for (let i = 0; i < 20000; i++) {
    try {
      api.cache.get('k' + i);
    } catch (e) {
      // keep hammering
    }
  }
};
