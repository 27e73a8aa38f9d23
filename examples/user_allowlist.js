/**
 * Only listed users (by email domain or user id) may reset here; others go through support.
 * Secrets: ALLOWED_DOMAINS (comma-separated), ALLOWED_USER_IDS (comma-separated, optional).
 */
exports.onExecutePostChallenge = async (event, api) => {
  const split = (s) => (s || '').split(',').map((x) => x.trim()).filter(Boolean);
  const domains = split(event.secrets.ALLOWED_DOMAINS);
  const ids = split(event.secrets.ALLOWED_USER_IDS);
  const email = (event.user.email || '').toLowerCase();
  const domain = email.includes('@') ? email.split('@').pop() : '';
  if (!domains.includes(domain) && !ids.includes(event.user.user_id)) {
    api.access.deny('Password resets for this account are handled by support.');
  }
};
