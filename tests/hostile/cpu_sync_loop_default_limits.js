// The same loop on the default limits (1e9 fuel): the production budget holds too.
// expect: fuel_exhausted
exports.onExecutePostChallenge = async (event, api) => {
  let n = 0;
  while (true) n++;
};
