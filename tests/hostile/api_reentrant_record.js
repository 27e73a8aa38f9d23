// A getter in deny's argument calls deny again while the first call is being encoded: the inner
// call is refused (it once interleaved two messages and crashed the outcome decoder: internal).
// expect: action_error
// message: api called while reading the arguments of another api call
exports.onExecutePostChallenge = async (event, api) => {
  api.access.deny({
    get why() {
      api.access.deny('inner');
      return 'outer';
    },
  });
};
