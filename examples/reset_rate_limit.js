/**
 * At most 3 password resets per user per hour, counted in the trigger's cache.
 */
const LIMIT = 3;
const WINDOW_MS = 60 * 60 * 1000;

exports.onExecutePostChallenge = async (event, api) => {
  const key = `resets:${event.user.user_id}`;
  const record = api.cache.get(key);
  const count = record ? Number(record.value) : 0;
  if (count >= LIMIT) {
    api.access.deny('Too many password resets: try again later.');
    return;
  }
  const options = record ? { expires_at: record.expires_at } : { ttl: WINDOW_MS };
  const res = api.cache.set(key, String(count + 1), options);
  if (res.type !== 'success') console.warn(`cache.set failed: ${res.code}`);
};
