// encodeToken with expiresInSeconds NaN, then Infinity: refused at the call (both once escaped
// the host's checks and failed the flow as internal errors).
// expect: action_error
// message: refused NaN and Infinity
exports.onExecutePostChallenge = async (event, api) => {
  const refused = [];
  for (const expiresInSeconds of [NaN, Infinity]) {
    try {
      api.redirect.encodeToken({ secret: 'tenant-secret', expiresInSeconds, payload: {} });
    } catch (e) {
      if (/expiresInSeconds/.test(e.message)) refused.push(String(expiresInSeconds));
    }
  }
  throw new Error(`refused ${refused.join(' and ')}`);
};
