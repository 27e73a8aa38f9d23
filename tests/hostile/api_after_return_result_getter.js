// Returns a value whose getter denies: it runs while the result is encoded, after the handler
// settled, so the call is refused and the value becomes null.
// expect: status=completed
exports.onExecutePostChallenge = async (event, api) => ({
  get verdict() {
    api.access.deny('denied from the result encoder');
    return 'x';
  },
});
