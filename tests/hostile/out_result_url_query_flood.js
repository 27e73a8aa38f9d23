// setResultUrl with thousands of query entries: refused by the 32-entry cap.
// expect: action_error
// message: at most 32 entries
exports.onExecutePostChallenge = async (event, api) => {
  const query = {};
  for (let i = 0; i < 5000; i++) query['k' + i] = 'v';
  api.transaction.setResultUrl('https://app.example/done', { query });
};
