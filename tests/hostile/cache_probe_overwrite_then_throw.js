// Writes under the victim's key names (and over its own key), reads its own writes back, and
// then throws. The overlay served the writes; a failed execution commits none of them.
// expect: action_error
// message: wrote 3, read back 3
exports.onExecutePostChallenge = async (event, api) => {
  const keys = ['secret', '../victim/secret', 'mine'];
  let wrote = 0;
  let readBack = 0;
  for (const k of keys) {
    if (api.cache.set(k, 'attacker').type === 'success') wrote++;
    const r = api.cache.get(k);
    if (r && r.value === 'attacker') readBack++;
  }
  throw new Error(`wrote ${wrote}, read back ${readBack}`);
};
