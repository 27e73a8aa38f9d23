// Asks for a 1 GiB ArrayBuffer in one call, far over the 16 MiB limit.
// expect: memory_limit
// limits: {"memory_bytes": 16777216}
exports.onExecutePostChallenge = async (event, api) => {
  const buf = new ArrayBuffer(1024 * 1024 * 1024);
  api.access.deny('allocated ' + buf.byteLength);
};
