// A timer that re-arms itself forever: real time runs past the deadline (timers are real, so
// the test gives the action two seconds instead of the default twenty).
// expect: timeout
// limits: {"timeout_ms": 2000}
exports.onExecutePostChallenge = async (event, api) => {
  await new Promise(() => {
    const again = () => setTimeout(again, 0);
    again();
  });
};
