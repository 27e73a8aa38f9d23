// Doubles a string until something gives: memory runs out before any length limit.
// expect: memory_limit
// limits: {"memory_bytes": 16777216}
exports.onExecutePostChallenge = async (event, api) => {
  let s = 'x';
  for (;;) {
    s = s + s;
    s.charCodeAt(s.length - 1); // flattens a rope, if the engine made one
  }
};
