// Rejects with an object whose message getter denies and writes the cache: the failure is
// reported, the late calls refused.
// expect: action_error
// message: late calls refused
exports.onExecutePostChallenge = async (event, api) => {
  let refused = 0;
  const late = (f) => {
    try {
      f();
    } catch (e) {
      refused++;
    }
  };
  throw {
    name: 'Error',
    get message() {
      late(() => api.access.deny('denied from the error encoder'));
      late(() => api.cache.set('late', 'write'));
      return refused === 2 ? 'late calls refused' : 'a late call went through';
    },
  };
};
