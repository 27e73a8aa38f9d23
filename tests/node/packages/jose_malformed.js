// deps: jose@5.9.6
// known: the bundle takes jose's browser build (Web Crypto, strict atob); Node's build decodes base64url with Buffer, which accepts a 1-character segment and fails later, at JSON.parse
const jose = require('jose');

exports.onExecutePostChallenge = async () => {
  try {
    jose.decodeJwt('not.a.jwt');
  } catch (e) {
    console.log(e.name, e.code, e.message);
  }
};
