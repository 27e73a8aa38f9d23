// require of the Node built-ins that would reach the host: each fails at require, naming the
// module and why.
// expect: action_error
// message: Cannot use module 'child_process' in an action: actions cannot start processes
exports.onExecutePostChallenge = async (event, api) => {
  for (const name of ['fs', 'net', 'http', 'https', 'worker_threads', 'vm', 'dgram', 'tls']) {
    try {
      require(name);
      api.access.deny(`require('${name}') worked`);
    } catch (e) {
      // expected
    }
  }
  require('child_process').execSync('id');
};
