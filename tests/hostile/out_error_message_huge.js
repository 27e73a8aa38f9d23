// Throws an Error with a 1 MB message: the error itself would overflow the outcome.
// expect: limit_exceeded
// message: outcome too large
exports.onExecutePostChallenge = async (event, api) => {
  throw new Error('e'.repeat(1000000));
};
