// process.env and process.binding: no process object exists.
// expect: action_error
// message: process is not defined
exports.onExecutePostChallenge = async (event, api) => {
  api.access.deny(JSON.stringify(process.env));
};
