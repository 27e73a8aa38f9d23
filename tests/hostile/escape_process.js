// process.env and process.binding: the process object has no environment and cannot reach
// the host process.
// expect: status=denied
// deny: {} process.binding is not available in an action
exports.onExecutePostChallenge = async (event, api) => {
  let binding;
  try {
    process.binding('fs');
  } catch (e) {
    binding = e.message;
  }
  api.access.deny(`${JSON.stringify(process.env)} ${binding}`);
};
