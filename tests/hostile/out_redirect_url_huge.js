// A redirect URL of 5,000 characters, over the 4,096 allowed: sendUserTo throws at the call.
// expect: action_error
// message: at most 4096 characters
exports.onExecutePostChallenge = async (event, api) => {
  api.redirect.sendUserTo('https://evil.example/?q=' + 'x'.repeat(5000));
};
