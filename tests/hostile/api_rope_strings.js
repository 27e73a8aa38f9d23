// Strings built by concatenating a part of more than 512 characters (QuickJS ropes) cross the
// api intact: they once crossed as null, so a long reason arrived empty and a long URL as
// "not a string".
// expect: status=denied
// deny-re: ^a{100}b{900}$
exports.onExecutePostChallenge = async (event, api) => {
  api.access.deny('a'.repeat(100) + 'b'.repeat(900));
};
