// A factor whose type, or phone preferredMethod, is an array or object: an "Invalid factor"
// error in the action (each once reached a set lookup in the host and failed as internal).
// expect: action_error
// message: Invalid factor
exports.onExecutePostChallenge = async (event, api) => {
  for (const factor of [{ type: [] }, { type: 'phone', options: { preferredMethod: {} } }]) {
    try {
      api.authentication.challengeWith(factor);
    } catch (e) {
      if (!/Invalid factor/.test(e.message)) throw e;
    }
  }
  api.authentication.challengeWithAny([{ type: { otp: true } }]);
};
