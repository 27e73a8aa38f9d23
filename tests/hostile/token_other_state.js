// A genuine token, signed with the right secret, but issued for another flow's state.
// expect: action_error
// message: The session token is invalid
// resume: other_state
const SECRET = 'shared-with-the-verifier-0f3c9a7e5b1d4c8a9e2f6b0d7a1c3e5f';

exports.onExecutePostChallenge = async (event, api) => {
  api.redirect.sendUserTo('https://verify.example.com/start');
};

exports.onContinuePostChallenge = async (event, api) => {
  const claims = api.redirect.validateToken({ secret: SECRET });
  api.access.deny('accepted the token of ' + claims.sub);
};
