/** Only users with a verified email may reset their password. */
exports.onExecutePostChallenge = async (event, api) => {
  if (!event.user.email_verified) {
    api.access.deny('Please verify your email address before resetting your password.');
  }
};
