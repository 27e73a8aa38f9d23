// A cyclic object as an api argument: refused like any too-deep value, never a hang.
// expect: action_error
// message: nested deeper than 64 levels
exports.onExecutePostChallenge = async (event, api) => {
  const loop = { type: 'otp' };
  loop.options = loop;
  api.authentication.challengeWith(loop);
};
