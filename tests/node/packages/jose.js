// deps: jose@5.9.6
const jose = require('jose');

// Decoding checks no signature: the third part is a placeholder.
const TOKEN = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6ImsxIn0.eyJzdWIiOiJhdXRoMHwxMjMiLCJpYXQiOjE3MDAwMDAwMDAsImV4cCI6MTcwMDAwMzYwMCwic2NvcGUiOiJyZXNldCJ9.c2lnbmF0dXJl';

exports.onExecutePostChallenge = async () => {
  console.log(jose.decodeProtectedHeader(TOKEN), jose.decodeJwt(TOKEN));
  console.log(jose.base64url.encode('héllo ☃'), new TextDecoder().decode(
    jose.base64url.decode('aMOpbGxvIOKYgw')));
  try {
    jose.decodeJwt('not-a-jwt');
  } catch (e) {
    console.log(e.name, e.code, e.message);
  }
  console.log(new jose.errors.JWTExpired('too old', { exp: 1 }).code,
    Object.keys(jose.errors).sort().slice(0, 5));
};
