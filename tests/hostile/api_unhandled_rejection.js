// Leaves a rejected promise nobody handles: as in Node (Auth0's runtime), where an
// unhandled rejection ends the process, the action fails with that reason and commits
// nothing (its cache write included); the pending timer never runs.
// expect: action_error
// message: nobody listens
exports.onExecutePostChallenge = async (event, api) => {
  api.cache.set('planted', 'never committed');
  Promise.reject(new Error('nobody listens'));
  setTimeout(() => {
    throw new Error('too late to matter');
  }, 1);
};
