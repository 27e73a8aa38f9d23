// Dynamic import() of a file and of a data: URL: no module loader, the promise rejects.
// expect: action_error
exports.onExecutePostChallenge = async (event, api) => {
  try {
    await import('data:text/javascript,export default 1');
    api.access.deny('imported a data: URL');
  } catch (e) {
    // expected
  }
  const fs = await import('/etc/passwd');
  api.access.deny('imported ' + Object.keys(fs));
};
