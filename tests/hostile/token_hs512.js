// A session token signed with the right secret but HS512: only HS256 is accepted, so an
// algorithm switch cannot slip past the check.
// expect: action_error
// message: The session token is invalid
// resume: hs512
const SECRET = 'shared-with-the-verifier-0f3c9a7e5b1d4c8a9e2f6b0d7a1c3e5f';

exports.onExecutePostChallenge = async (event, api) => {
  api.redirect.sendUserTo('https://verify.example.com/start');
};

exports.onContinuePostChallenge = async (event, api) => {
  const claims = api.redirect.validateToken({ secret: SECRET });
  api.access.deny('accepted the token of ' + claims.sub);
};
