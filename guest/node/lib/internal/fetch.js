'use strict';
// fetch, Headers, Request, Response, FormData. Placeholder until the host-performed fetch
// lands.
function fetch() {
  return Promise.reject(new TypeError('fetch failed', { cause: new Error('not yet available') }));
}
module.exports = { fetch, Headers: undefined, Request: undefined, Response: undefined,
  FormData: require('npm:formdata-polyfill/esm.min.js').FormData };
