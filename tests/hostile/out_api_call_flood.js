// A hundred thousand cache reads: the 1,000-call cap ends the flood at call 1,001.
// expect: limit_exceeded
// message: too many api calls
exports.onExecutePostChallenge = async (event, api) => {
  for (let i = 0; i < 100000; i++) api.cache.get('k' + i);
};
