/** Ask administrators why they reset their password, and keep the answer for auditing. */
exports.onExecutePostChallenge = async (event, api) => {
  if ((event.user.app_metadata.roles || []).includes('admin')) {
    api.prompt.render('reset-reason', { fields: { reason: '' }, vars: { user: event.user.email } });
  }
};

exports.onContinuePostChallenge = async (event, api) => {
  const reason = (event.prompt && event.prompt.fields && event.prompt.fields.reason) || '';
  if (reason.trim().length < 5) {
    api.access.deny('A reason is required for administrator password resets.');
    return;
  }
  api.cache.set(`reset-reason:${event.user.user_id}`, reason.slice(0, 200), { ttl: 86400000 });
};
