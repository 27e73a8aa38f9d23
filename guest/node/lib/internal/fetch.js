'use strict';
// fetch, Headers, Request, Response, FormData: Node's fetch (undici) as actions see it. The
// request itself is made by the host (sandbox/platform/fetch.py: `fetch.start`), which
// checks it against the execution's egress policy and limits; nothing here enforces them.
// Network errors reject with undici's `TypeError: fetch failed` and a `cause` saying why
// (`connect ECONNREFUSED 127.0.0.1:8080`, a refused egress, a timeout...).
const platform = require('internal/platform');
const { Headers } = require('./fetch/headers.js');
const { Request, getState } = require('./fetch/request.js');
const { Response, fromHost } = require('./fetch/response.js');
const { FormData } = require('./fetch/formdata.js');
const { concat, unusable } = require('./fetch/body.js');

const Promise_ = Promise;
const { beginOp, cancelOp } = platform;

// What undici sends unless the request says otherwise: name, value, name, value...
const DEFAULT_HEADERS = ['accept', '*/*', 'accept-language', '*', 'sec-fetch-mode', 'cors',
  'user-agent', 'node', 'accept-encoding', 'gzip, deflate'];
// https://fetch.spec.whatwg.org/#port-blocking
const BAD_PORTS = new Set([1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69,
  77, 79, 87, 95, 101, 102, 103, 104, 109, 110, 111, 113, 115, 117, 119, 123, 135, 137, 139, 143,
  161, 179, 389, 427, 465, 512, 513, 514, 515, 526, 530, 531, 532, 540, 548, 554, 556, 563, 587,
  601, 636, 989, 990, 993, 995, 1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060, 5061, 6000,
  6566, 6665, 6666, 6667, 6668, 6669, 6679, 6697, 10080]);

// Node's extra fields of a system error, in the order Node sets them.
const EXTRA_FIELDS = ['errno', 'code', 'syscall', 'address', 'port', 'hostname', 'reason', 'host'];

function fetch(input, init = undefined) {
  return new Promise_((resolve, reject) => {
    let request;
    try {
      request = new Request(input, init);
    } catch (err) {
      reject(err);
      return;
    }
    send(getState(request), resolve, reject);
  });
}

// The request's headers as sent: its own, then undici's defaults it does not set (their
// names are lower case, as the list's keys are).
function withDefaults(list) {
  if (list.map.size === 0) return DEFAULT_HEADERS.slice();
  const headers = list.wire();
  for (let i = 0; i < DEFAULT_HEADERS.length; i += 2) {
    const name = DEFAULT_HEADERS[i];
    if (!list.map.has(name)) headers.push(name, DEFAULT_HEADERS[i + 1]);
  }
  return headers;
}

function fetchFailed(cause) {
  return new TypeError('fetch failed', { cause });
}

async function send(state, resolve, reject) {
  const signal = state.parentSignal;
  if (signal !== null && signal.aborted) {
    reject(signal.reason);
    return;
  }
  const url = state.urlRecord;
  if (url.protocol === 'data:') {
    dataResponse(url, resolve, reject);
    return;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    reject(fetchFailed(new Error('unknown scheme')));
    return;
  }
  if (url.port !== '' && BAD_PORTS.has(Number(url.port))) {
    reject(fetchFailed(new Error('bad port')));
    return;
  }
  const headers = withDefaults(state.headers);
  let body = null;
  let aborted = false;
  let id = null;
  const onAbort = () => {
    aborted = true;
    if (id !== null) cancelOp(id);
    reject(signal.reason);
  };
  if (signal !== null) signal.addEventListener('abort', onAbort, { once: true });
  try {
    if (state.body !== null) {
      if (unusable(state.body)) throw new TypeError('Body is unusable: Body has already been read');
      body = await readBody(state.body);
    }
    if (aborted) return;
    let promise;
    [id, promise] = beginOp('fetch.start', state.method, url.href.replace(/#.*$/s, ''),
      headers, body, state.redirect);
    const answer = await promise;
    if (!aborted) resolve(fromHost(answer));
  } catch (err) {
    if (aborted) return;
    reject(err instanceof Error ? fetchFailed(err) : fetchFailed(causeOf(err)));
  } finally {
    if (signal !== null) signal.removeEventListener('abort', onAbort);
  }
}

async function readBody(body) {
  if (body.stream !== undefined) {
    const { readAll } = require('./fetch/body.js');
    return readAll(body.stream);
  }
  body.used = true;
  return concat(body.parts);
}

// The host's cause of a failed request (plain data) as the Error undici gives.
function causeOf(plain) {
  if (plain === null || typeof plain !== 'object') return new Error(String(plain));
  const Ctor = plain.name === 'TypeError' ? TypeError : plain.name === 'RangeError'
    ? RangeError : Error;
  const err = new Ctor(String(plain.message));
  if (plain.name !== 'Error' && plain.name !== 'TypeError' && plain.name !== 'RangeError') {
    // undici's errors (HeadersTimeoutError...) carry their name and code as own properties.
    err.name = plain.name;
  }
  for (const key of EXTRA_FIELDS) {
    if (plain[key] !== undefined) err[key] = plain[key];
  }
  return err;
}

// data: URLs are answered here, as undici does (no request is made).
function dataResponse(url, resolve, reject) {
  const href = url.href;
  const comma = href.indexOf(',');
  if (comma === -1) {
    reject(fetchFailed(new Error('failed to fetch the data URL')));
    return;
  }
  let type = href.slice(5, comma).trim();
  let data = decodeURIComponentBytes(href.slice(comma + 1).replace(/#.*$/s, ''));
  if (/;\s*base64$/i.test(type)) {
    type = type.replace(/;\s*base64$/i, '');
    try {
      data = base64Bytes(String.fromCharCode.apply(null, data).replace(/[\t\n\f\r ]/g, ''));
    } catch {
      reject(fetchFailed(new Error('failed to fetch the data URL')));
      return;
    }
  }
  if (type === '' || type.startsWith(';')) type = `text/plain${type || ';charset=US-ASCII'}`;
  resolve(fromHost({ status: 200, statusText: 'OK', headers: ['content-type', type],
    url: href, redirected: false, body: data }));
}

function decodeURIComponentBytes(s) {
  const out = [];
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x25 && /^[0-9A-Fa-f]{2}$/.test(s.slice(i + 1, i + 3))) {
      out.push(parseInt(s.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      out.push(c & 0xff);
    }
  }
  return new Uint8Array(out);
}

function base64Bytes(s) {
  if (s.length % 4 === 0) s = s.replace(/==?$/, '');
  if (s.length % 4 === 1 || /[^A-Za-z0-9+/]/.test(s)) throw new Error('invalid base64');
  return Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
}

module.exports = { fetch, Headers, Request, Response, FormData };
