// An api argument with a throwing getter: the getter's error surfaces in the action, nothing more.
// expect: action_error
// message: getter says no
exports.onExecutePostChallenge = async (event, api) => {
  api.authentication.challengeWith({
    type: 'otp',
    get options() {
      throw new Error('getter says no');
    },
  });
};
