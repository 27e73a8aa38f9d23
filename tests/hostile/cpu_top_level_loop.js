// An infinite loop in the module's top level: stopped while the action loads, typed.
// expect: fuel_exhausted
// limits: {"fuel": 50000000}
for (;;) {}
exports.onExecutePostChallenge = async (event, api) => {};
