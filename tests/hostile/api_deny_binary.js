// deny with a Uint8Array reason: written as JSON.stringify writes it (this crashed the flow
// as an internal error once: the host could not JSON-encode bytes).
// expect: status=denied
// deny: {"0": 1, "1": 2}
exports.onExecutePostChallenge = async (event, api) => {
  api.access.deny(new Uint8Array([1, 2]));
};
