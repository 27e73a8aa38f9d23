/**
 * Step-up MFA before the new password is set, with whatever the user has enrolled.
 * Users with nothing enrolled are let through (the email link was the first factor).
 */
exports.onExecutePostChallenge = async (event, api) => {
  const enrolled = event.user.enrolledFactors || [];
  if (enrolled.length === 0) {
    console.log(`no factors enrolled for ${event.user.user_id}: no step-up`);
    return;
  }
  const factors = enrolled.map((f) => ({ type: f.type, options: f.options }));
  api.authentication.challengeWithAny(factors);
};
