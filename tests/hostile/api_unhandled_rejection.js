// Leaves a rejected promise nobody handles, and a timer that would throw: the handler itself
// resolved, so the execution completes (unhandled rejections are ignored, a residual risk in
// THREAT_MODEL.md; the pending timer never runs once the handler settled).
// expect: status=completed
exports.onExecutePostChallenge = async (event, api) => {
  Promise.reject(new Error('nobody listens'));
  setTimeout(() => {
    throw new Error('too late to matter');
  }, 1);
};
