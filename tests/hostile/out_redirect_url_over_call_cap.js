// A 100 kB redirect URL, over the api call cap: refused in the guest, before the host sees it.
// expect: limit_exceeded
// message: api call arguments too large
exports.onExecutePostChallenge = async (event, api) => {
  api.redirect.sendUserTo('https://evil.example/?q=' + 'x'.repeat(100000));
};
