// Four MiB of console output: kept up to the 256 KiB cap, the rest dropped; the action goes on.
// expect: status=completed
exports.onExecutePostChallenge = async (event, api) => {
  const line = 'y'.repeat(4096);
  for (let i = 0; i < 1024; i++) console.log(line);
};
