'use strict';
// Request, as Node's undici makes it: the parts an action can set or read. What only a
// browser uses (mode, credentials, cache, referrer...) is kept and shown, and changes
// nothing: the host performs every request the same way.
const { exception, argumentLengthCheck, brandCheck, byteString, usvString, isToken } =
  require('./webidl.js');
const { Headers, HeadersList, fill, headersFrom, getList } = require('./headers.js');
const { extractBody, bodyMixin, cloneBody, unusable, streamOf } = require('./body.js');

const { URL } = require('internal/url');

const inspectCustom = Symbol.for('nodejs.util.inspect.custom');
const NORMALIZED = { delete: 'DELETE', get: 'GET', head: 'HEAD', options: 'OPTIONS', post: 'POST',
  put: 'PUT' };
const FORBIDDEN_METHODS = new Set(['CONNECT', 'TRACE', 'TRACK']);
const INIT_ENUMS = ['referrerPolicy', 'mode', 'credentials', 'cache', 'redirect'];
const ENUMS = {
  referrerPolicy: ['', 'no-referrer', 'no-referrer-when-downgrade', 'same-origin', 'origin',
    'strict-origin', 'origin-when-cross-origin', 'strict-origin-when-cross-origin',
    'unsafe-url'],
  mode: ['navigate', 'same-origin', 'no-cors', 'cors'],
  credentials: ['omit', 'same-origin', 'include'],
  cache: ['default', 'no-store', 'reload', 'no-cache', 'force-cache', 'only-if-cached'],
  redirect: ['follow', 'manual', 'error'],
  duplex: ['half'],
};

let abort;
function abortModule() {
  return abort ??= require('internal/abort');
}

function parseURL(input) {
  try {
    return new URL(input);
  } catch (err) {
    throw new TypeError(`Failed to parse URL from ${input}`, { cause: err });
  }
}

function enumOption(init, key) {
  const value = init[key];
  if (value === undefined) return undefined;
  const s = String(value);
  if (!ENUMS[key].includes(s)) {
    throw exception('Request constructor', `${s} is not an accepted type. Expected one of ` +
      `${ENUMS[key].join(', ')}.`);
  }
  return s;
}

// A signal that follows `parent` (a Request made from another gets its own signal).
function followSignal(parent) {
  const controller = new (abortModule().AbortController)();
  if (parent !== null && parent !== undefined) {
    if (parent.aborted) controller.abort(parent.reason);
    else parent.addEventListener('abort', () => controller.abort(parent.reason), { once: true });
  }
  return controller.signal;
}

let getState;

class Request {
  #state;

  static {
    getState = (r) => r.#state;
  }

  constructor(input, init = undefined) {
    argumentLengthCheck(arguments, 1, 'Request constructor');
    if (init === null || init === undefined) init = {};
    else if (typeof init !== 'object' && typeof init !== 'function') {
      throw exception('Request constructor',
        "Expected init (\"Argument 2\") to be an object.");
    }
    let state;
    let inputBody = null;
    if (input instanceof Request) {
      const from = input.#state;
      state = { ...from, headers: new HeadersList(from.headers), body: null };
      inputBody = from.body;
    } else {
      const url = parseURL(usvString(input));
      if (url.username || url.password) {
        throw new TypeError('Request cannot be constructed from a URL that includes ' +
          `credentials: ${input}`);
      }
      // urlRecord: the parsed URL, which fetch sends without parsing it again.
      state = { method: 'GET', url: url.href, urlRecord: url, headers: new HeadersList(),
        body: null, referrer: 'about:client', referrerPolicy: '', mode: 'cors',
        credentials: 'same-origin', cache: 'default', redirect: 'follow', integrity: '',
        keepalive: false, signal: null, duplex: 'half' };
    }
    if ('window' in init && init.window !== null && init.window !== undefined) {
      throw new TypeError(`'window' option '${init.window}' must be null`);
    }
    for (let i = 0; i < INIT_ENUMS.length; i++) {
      const key = INIT_ENUMS[i];
      const value = enumOption(init, key);
      if (value !== undefined) state[key] = value;
    }
    if (state.mode === 'navigate') {
      throw exception('Request constructor', 'invalid request mode navigate.');
    }
    if (init.referrer !== undefined) {
      const referrer = usvString(init.referrer);
      state.referrer = referrer === '' ? 'no-referrer' : referrer;
    }
    if (init.integrity !== undefined) state.integrity = String(init.integrity);
    if (init.keepalive !== undefined) state.keepalive = Boolean(init.keepalive);
    if (init.method !== undefined) {
      let method = byteString(init.method);
      const upper = NORMALIZED[method.toLowerCase()];
      if (upper !== undefined) method = upper;
      else if (!isToken(method)) throw new TypeError(`'${method}' is not a valid HTTP method.`);
      const check = method.toUpperCase();
      if (FORBIDDEN_METHODS.has(check)) {
        throw new TypeError(`'${method}' HTTP method is unsupported.`);
      }
      state.method = method;
    }
    const signal = init.signal !== undefined ? init.signal
      : input instanceof Request ? input.#state.parentSignal : null;
    if (signal !== null && signal !== undefined &&
        !(signal instanceof abortModule().AbortSignal)) {
      throw new TypeError("Failed to construct 'Request': member signal is not of type " +
        'AbortSignal.');
    }
    // The request's own signal is made when asked for: most requests never need one, and
    // fetch follows the signal it was given directly.
    state.signal = null;
    state.parentSignal = signal || null;
    if (init.headers !== undefined) {
      const headers = new Headers();
      fill(headers, init.headers);
      state.headers = getList(headers);
    }
    state.headersObject = null; // made when first asked for (most requests never are)
    const hasBody = init.body !== undefined && init.body !== null;
    if ((hasBody || inputBody !== null) && (state.method === 'GET' || state.method === 'HEAD')) {
      throw new TypeError('Request with GET/HEAD method cannot have body.');
    }
    if (hasBody) {
      const [body, type] = extractBody(init.body);
      if (type !== null && !state.headers.contains('content-type')) {
        state.headers.append('content-type', type);
      }
      if (body.stream !== undefined && init.duplex === undefined) {
        throw new TypeError('RequestInit: duplex option is required when sending a body.');
      }
      state.body = body;
    } else if (inputBody !== null) {
      if (unusable(inputBody)) {
        throw new TypeError('Cannot construct a Request with a Request object that has ' +
          'already been used.');
      }
      // The new request takes the body; the old one is then unusable, as in undici.
      state.body = { ...inputBody, used: false };
      inputBody.used = true;
    }
    if (init.duplex !== undefined) enumOption(init, 'duplex');
    this.#state = state;
  }

  get method() {
    brandCheck(this, Request);
    return this.#state.method;
  }

  get url() {
    brandCheck(this, Request);
    return this.#state.url;
  }

  get headers() {
    brandCheck(this, Request);
    const state = this.#state;
    if (state.headersObject === null) state.headersObject = headersFrom(state.headers, 'request');
    return state.headersObject;
  }

  get destination() {
    brandCheck(this, Request);
    return '';
  }

  get referrer() {
    brandCheck(this, Request);
    const referrer = this.#state.referrer;
    return referrer === 'no-referrer' ? '' : referrer;
  }

  get referrerPolicy() {
    brandCheck(this, Request);
    return this.#state.referrerPolicy;
  }

  get mode() {
    brandCheck(this, Request);
    return this.#state.mode;
  }

  get credentials() {
    brandCheck(this, Request);
    return this.#state.credentials;
  }

  get cache() {
    brandCheck(this, Request);
    return this.#state.cache;
  }

  get redirect() {
    brandCheck(this, Request);
    return this.#state.redirect;
  }

  get integrity() {
    brandCheck(this, Request);
    return this.#state.integrity;
  }

  get keepalive() {
    brandCheck(this, Request);
    return this.#state.keepalive;
  }

  get isReloadNavigation() {
    brandCheck(this, Request);
    return false;
  }

  get isHistoryNavigation() {
    brandCheck(this, Request);
    return false;
  }

  get signal() {
    brandCheck(this, Request);
    const state = this.#state;
    if (state.signal === null) state.signal = followSignal(state.parentSignal);
    return state.signal;
  }

  get body() {
    brandCheck(this, Request);
    const body = this.#state.body;
    return body === null ? null : streamOf(body);
  }

  get bodyUsed() {
    brandCheck(this, Request);
    const body = this.#state.body;
    return body !== null && (body.used === true ||
      (body.stream !== undefined && body.stream._disturbed === true));
  }

  get duplex() {
    brandCheck(this, Request);
    return 'half';
  }

  clone() {
    brandCheck(this, Request);
    if (unusable(this.#state.body)) throw new TypeError('unusable');
    const copy = new Request(this.#state.url, { method: this.#state.method,
      signal: this.#state.parentSignal || undefined });
    const state = copy.#state;
    for (const key of ['referrer', 'referrerPolicy', 'mode', 'credentials', 'cache',
      'redirect', 'integrity', 'keepalive']) {
      state[key] = this.#state[key];
    }
    state.headers = new HeadersList(this.#state.headers);
    state.headersObject = headersFrom(state.headers, 'request');
    state.body = cloneBody(this.#state.body);
    return copy;
  }

  [inspectCustom](depth, options) {
    if (options.depth === null) options.depth = 2;
    options.colors ??= true;
    const properties = {
      method: this.method, url: this.url, headers: this.headers,
      destination: this.destination, referrer: this.referrer,
      referrerPolicy: this.referrerPolicy, mode: this.mode, credentials: this.credentials,
      cache: this.cache, redirect: this.redirect, integrity: this.integrity,
      keepalive: this.keepalive, isReloadNavigation: this.isReloadNavigation,
      isHistoryNavigation: this.isHistoryNavigation, signal: this.signal,
    };
    return `Request ${require('util').formatWithOptions(options, properties)}`;
  }
}

bodyMixin(Request, {
  check: (r) => brandCheck(r, Request),
  body: (r) => getState(r).body,
  headers: (r) => getState(r).headers,
});

Object.defineProperty(Request.prototype, Symbol.toStringTag, {
  value: 'Request', configurable: true,
});
for (const name of ['method', 'url', 'headers', 'redirect', 'clone', 'signal', 'duplex',
  'destination', 'body', 'bodyUsed', 'isHistoryNavigation', 'isReloadNavigation', 'keepalive',
  'integrity', 'cache', 'credentials', 'mode', 'referrerPolicy', 'referrer']) {
  Object.defineProperty(Request.prototype, name, { enumerable: true });
}

module.exports = { Request, getState };
