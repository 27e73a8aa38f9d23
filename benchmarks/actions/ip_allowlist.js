const ALLOW = ['10.0.0.1', '10.0.0.2', '192.168.1.10'];
exports.onExecutePostChallenge = async (event, api) => {
  if (!ALLOW.includes(event.request.ip)) {
    api.access.deny(`IP ${event.request.ip} is not allowed`);
  }
};
