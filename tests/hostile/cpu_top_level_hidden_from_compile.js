// A top level that behaves only while it is checked: under the action's 16 MiB the 32 MiB
// allocation fails and it loads; in the wizer pre-initialization, which runs outside
// wasmtime's limits, the allocation succeeds and it loops. That stalled every load for
// wizer's 60 s timeout; the guest now bounds its own pre-initialization, the snapshot fails
// fast, and the action runs on the bytecode path, its top level under the execution's
// limits (the caught out-of-memory error is sticky there).
// expect: memory_limit
// limits: {"memory_bytes": 16777216}
// paths: snapshot
// wall: 30
let big = null;
try {
  big = new ArrayBuffer(32 * 1024 * 1024);
} catch (e) {
  // checked under the limit: behave
}
if (big) for (;;) {}
exports.onExecutePostChallenge = async (event, api) => {
  api.access.deny('the hidden loop never ran');
};
