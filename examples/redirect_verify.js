/**
 * Send the user to an identity-verification site, then accept its signed answer.
 * Secrets: VERIFY_URL (the external site), SHARED_SECRET (HS256 key shared with it).
 */
exports.onExecutePostChallenge = async (event, api) => {
  const token = api.redirect.encodeToken({
    secret: event.secrets.SHARED_SECRET,
    expiresInSeconds: 300,
    payload: { email: event.user.email, continue_uri: `https://${event.request.hostname}/continue` },
  });
  api.redirect.sendUserTo(event.secrets.VERIFY_URL, { query: { session_token: token } });
};

exports.onContinuePostChallenge = async (event, api) => {
  const payload = api.redirect.validateToken({
    secret: event.secrets.SHARED_SECRET,
    tokenParameterName: 'verification',
  });
  if (payload.verified !== true) {
    api.access.deny('Identity verification failed.');
    return;
  }
  api.transaction.setResultUrl('https://app.example.com/welcome-back', {
    query: { verified_at: String(payload.iat) },
  });
};
