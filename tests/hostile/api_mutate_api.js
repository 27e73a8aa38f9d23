// Replaces, deletes and freezes api methods: only this action's view changes; a saved reference
// to the real deny still decides.
// expect: status=denied
// deny: decided by the saved deny
exports.onExecutePostChallenge = async (event, api) => {
  const deny = api.access.deny;
  api.access.deny = () => {
    throw new Error('hijacked');
  };
  api.cache.get = () => ({ value: 'forged' });
  delete api.redirect;
  Object.freeze(api);
  Object.setPrototypeOf(api.access, null);
  if (api.cache.get('x').value !== 'forged') throw new Error('the replacement did not take');
  deny('decided by the saved deny');
};
