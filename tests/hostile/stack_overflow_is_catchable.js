// Deep recursion caught, as in Node: the action goes on and decides normally.
// expect: status=denied
// deny: caught RangeError
exports.onExecutePostChallenge = async (event, api) => {
  const dive = (n) => dive(n + 1) + 1;
  try {
    dive(0);
  } catch (e) {
    api.access.deny('caught ' + e.name);
  }
};
