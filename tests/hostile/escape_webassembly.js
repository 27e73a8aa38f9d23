// WebAssembly, SharedArrayBuffer tricks and Atomics.wait: no WebAssembly API to compile a module
// with, and no blocking wait on a timer-less thread.
// expect: status=denied
// deny: WebAssembly undefined; wait refused
exports.onExecutePostChallenge = async (event, api) => {
  let wait = 'blocked';
  try {
    const shared = typeof SharedArrayBuffer === 'function' ? new SharedArrayBuffer(16) : new ArrayBuffer(16);
    Atomics.wait(new Int32Array(shared), 0, 0, 1e9);
    wait = 'returned';
  } catch (e) {
    wait = 'refused';
  }
  api.access.deny(`WebAssembly ${typeof WebAssembly}; wait ${wait}`);
};
