// Schedules timers without end: each insertion is paid for in fuel.
// expect: fuel_exhausted
// limits: {"fuel": 50000000}
exports.onExecutePostChallenge = async (event, api) => {
  for (let i = 0; ; i++) setTimeout(() => {}, i % 1000);
};
