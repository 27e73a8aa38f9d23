// One 8 MiB console line: dropped whole and counted; a value that cannot be printed logs a
// placeholder. The action completes.
// expect: status=completed
exports.onExecutePostChallenge = async (event, api) => {
  console.log('z'.repeat(8 * 1024 * 1024));
  console.error({ toString() { throw new Error('unprintable'); }, toJSON() { throw new Error('no'); } });
};
