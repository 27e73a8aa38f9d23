// Hoards 1 MiB buffers on the default limits (64 MiB): the production budget holds too.
// expect: memory_limit
exports.onExecutePostChallenge = async (event, api) => {
  const hoard = [];
  for (;;) hoard.push(new ArrayBuffer(1024 * 1024));
};
