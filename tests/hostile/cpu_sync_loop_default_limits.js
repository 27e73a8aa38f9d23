// The same loop on the default limits (1e11 fuel, 5-15 s of CPU): the production budget
// holds too, before the 20 s wall clock.
// expect: fuel_exhausted
exports.onExecutePostChallenge = async (event, api) => {
  let n = 0;
  while (true) n++;
};
