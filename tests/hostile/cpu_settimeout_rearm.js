// A timer that re-arms itself forever: virtual time runs past the 20 s deadline (default limits).
// expect: timeout
exports.onExecutePostChallenge = async (event, api) => {
  await new Promise(() => {
    const again = () => setTimeout(again, 0);
    again();
  });
};
