'use strict';
// Response, as Node's undici makes it, and the Response of a fetch (type 'basic', its
// headers immutable, its body the bytes the host received).
const { exception, argumentLengthCheck, brandCheck, byteString, usvString } =
  require('./webidl.js');
const { HeadersList, fill, headersFrom } = require('./headers.js');
const { extractBody, bodyMixin, cloneBody, unusable, streamOf } = require('./body.js');

const inspectCustom = Symbol.for('nodejs.util.inspect.custom');
const NULL_BODY_STATUS = new Set([101, 204, 205, 304]);
const REDIRECT_STATUS = new Set([301, 302, 303, 307, 308]);
const REASON = /^[\t\x20-\x7e\x80-\xff]*$/;

let getState;
let setState;
let construct = false; // make(): a Response whose state the caller sets

class Response {
  #state;

  static {
    getState = (r) => r.#state;
    setState = (r, state) => {
      r.#state = state;
    };
  }

  constructor(body = null, init = {}) {
    if (construct) {
      construct = false;
      return;
    }
    if (init === null || (typeof init !== 'object' && typeof init !== 'function')) {
      if (init !== undefined && init !== null) {
        throw exception('Response constructor',
          'Expected init ("Argument 2") to be an object.');
      }
      init = {};
    }
    const state = newState('default');
    this.#state = state;
    initialize(this, state, init, body === null ? null : extractBody(body));
  }

  static error() {
    const response = make(newState('error'));
    getState(response).status = 0;
    return response;
  }

  static json(data, init = {}) {
    const text = JSON.stringify(data);
    if (text === undefined) {
      throw new TypeError('Value is not JSON serializable');
    }
    const response = make(newState('default'));
    initialize(response, getState(response), init ?? {},
      [extractBody(text)[0], 'application/json']);
    return response;
  }

  static redirect(url, status = 302) {
    argumentLengthCheck(arguments, 1, 'Response.redirect');
    const { URL } = require('internal/url');
    let parsed;
    try {
      parsed = new URL(usvString(url));
    } catch (err) {
      throw new TypeError(`Failed to parse URL from ${url}`, { cause: err });
    }
    if (!REDIRECT_STATUS.has(status)) throw new RangeError(`Invalid status code ${status}`);
    const response = make(newState('default'));
    const state = getState(response);
    state.status = status;
    state.headers.append('location', parsed.href);
    state.guard = 'immutable';
    state.headersObject = headersFrom(state.headers, 'immutable');
    return response;
  }

  get type() {
    brandCheck(this, Response);
    return this.#state.type;
  }

  get url() {
    brandCheck(this, Response);
    return this.#state.url;
  }

  get redirected() {
    brandCheck(this, Response);
    return this.#state.redirected;
  }

  get status() {
    brandCheck(this, Response);
    return this.#state.status;
  }

  get ok() {
    brandCheck(this, Response);
    return this.#state.status >= 200 && this.#state.status <= 299;
  }

  get statusText() {
    brandCheck(this, Response);
    return this.#state.statusText;
  }

  get headers() {
    brandCheck(this, Response);
    return headersObjectOf(this.#state);
  }

  get body() {
    brandCheck(this, Response);
    const body = this.#state.body;
    return body === null ? null : streamOf(body);
  }

  get bodyUsed() {
    brandCheck(this, Response);
    const body = this.#state.body;
    return body !== null && (body.used === true ||
      (body.stream !== undefined && body.stream._disturbed === true));
  }

  clone() {
    brandCheck(this, Response);
    if (unusable(this.#state.body)) {
      throw exception('Response.clone', 'Body has already been consumed.');
    }
    const copy = make({ ...this.#state, headers: new HeadersList(listOf(this.#state)),
      body: cloneBody(this.#state.body) });
    const state = getState(copy);
    state.headersObject = headersFrom(state.headers, state.guard);
    return copy;
  }

  [inspectCustom](depth, options) {
    if (options.depth === null) options.depth = 2;
    options.colors ??= true;
    const properties = {
      status: this.status, statusText: this.statusText, headers: this.headers,
      body: this.body, bodyUsed: this.bodyUsed, ok: this.ok, redirected: this.redirected,
      type: this.type, url: this.url,
    };
    return `Response ${require('util').formatWithOptions(options, properties)}`;
  }
}

function newState(type) {
  const headers = new HeadersList();
  return { type, status: 200, statusText: '', headers, guard: 'response',
    headersObject: headersFrom(headers, type === 'error' ? 'immutable' : 'response'),
    body: null, url: '', redirected: false };
}

function make(state) {
  construct = true;
  const response = new Response();
  setState(response, state);
  return response;
}

// https://fetch.spec.whatwg.org/#initialize-a-response
function initialize(response, state, init, body) {
  const status = init.status !== undefined ? Number(init.status) : 200;
  if (init.status !== undefined && !Number.isFinite(status)) {
    throw new TypeError('Response constructor: init.status is not a finite number.');
  }
  const code = Math.trunc(status) & 0xffff;
  if (code < 200 || code > 599) {
    throw new RangeError('init["status"] must be in the range of 200 to 599, inclusive.');
  }
  const statusText = init.statusText !== undefined ? byteString(init.statusText) : '';
  if (!REASON.test(statusText)) throw new TypeError('Invalid statusText');
  state.status = code;
  state.statusText = statusText;
  if (init.headers !== undefined) fill(state.headersObject, init.headers);
  if (body !== null) {
    if (NULL_BODY_STATUS.has(code)) {
      throw exception('Response constructor', `Invalid response status code ${code}`);
    }
    state.body = body[0];
    if (body[1] !== null && !state.headers.contains('content-type')) {
      state.headers.append('content-type', body[1]);
    }
  }
}

// The Response of a fetch: `answer` is the host's {status, statusText, headers, url,
// redirected, body, text}; `text`, when a string, is the body already decoded (UTF-8, by
// the host), which text() and json() use. Its headers (name, value, name, value...) are
// made into a list when first needed: most actions only read the body.
function fromHost(answer) {
  const state = { type: 'basic', status: answer.status, statusText: answer.statusText,
    headers: null, received: answer.headers, guard: 'immutable', headersObject: null,
    body: NULL_BODY_STATUS.has(answer.status) ? null
      : { parts: [answer.body], text: answer.text, used: false },
    url: answer.url, redirected: answer.redirected === true };
  return make(state);
}

function listOf(state) {
  if (state.headers === null) {
    const headers = new HeadersList();
    const flat = state.received;
    for (let i = 0; i + 1 < flat.length; i += 2) headers.append(flat[i], flat[i + 1]);
    state.headers = headers;
    state.received = null;
  }
  return state.headers;
}

function headersObjectOf(state) {
  if (state.headersObject === null) state.headersObject = headersFrom(listOf(state), state.guard);
  return state.headersObject;
}

bodyMixin(Response, {
  check: (r) => brandCheck(r, Response),
  body: (r) => getState(r).body,
  headers: (r) => listOf(getState(r)),
});

Object.defineProperty(Response.prototype, Symbol.toStringTag, {
  value: 'Response', configurable: true,
});
for (const name of ['type', 'url', 'status', 'ok', 'redirected', 'statusText', 'headers',
  'clone', 'body', 'bodyUsed']) {
  Object.defineProperty(Response.prototype, name, { enumerable: true });
}
for (const name of ['json', 'redirect', 'error']) {
  Object.defineProperty(Response, name, { enumerable: true });
}

module.exports = { Response, fromHost };
