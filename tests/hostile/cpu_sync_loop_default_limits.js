// The same loop on the default limits (2e11 fuel, 10-20 s of CPU): the production budget
// holds too, before the 20 s wall clock.
// expect: fuel_exhausted
exports.onExecutePostChallenge = async (event, api) => {
  let n = 0;
  while (true) n++;
};
