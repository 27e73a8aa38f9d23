// require of Node's built-in modules: there are no modules, only an error.
// expect: action_error
// message: Cannot find module 'child_process'
exports.onExecutePostChallenge = async (event, api) => {
  for (const name of ['fs', 'net', 'http', 'os', 'worker_threads', 'vm']) {
    try {
      require(name);
      api.access.deny(`require('${name}') worked`);
    } catch (e) {
      // expected
    }
  }
  require('child_process').execSync('id');
};
