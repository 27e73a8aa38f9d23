'use strict';
// URL and URLSearchParams (WHATWG URL Standard). Parsing and the setters are the host's:
// Ada, the parser Node itself uses, through one platform call each (the IDNA tables a
// JavaScript parser needs cost ~7 MB of memory and 15 ms to load in every execution).
// URLSearchParams is the standard's application/x-www-form-urlencoded list, kept here.
const { call } = require('internal/platform');
const { utf8Encode, TextDecoder } = require('internal/encoding');

const FIELDS = ['href', 'origin', 'protocol', 'username', 'password', 'host', 'hostname',
  'port', 'pathname', 'search', 'hash'];
const HREF = 0;
const SEARCH = 9;
const inspectCustom = Symbol.for('nodejs.util.inspect.custom');

// Node's errors; an invalid URL's comes from its C++ parser, a plain `TypeError: Invalid URL`.
function codeError(Ctor, code, message, extra) {
  if (code === 'ERR_INVALID_URL') {
    const err = new Ctor(message);
    err.code = code;
    return Object.assign(err, extra);
  }
  return Object.assign(require('internal/errors').makeNodeError(Ctor, code, message), extra);
}

function toUSV(value) {
  return `${value}`.toWellFormed();
}

function missingArgs(...names) {
  const list = names.map((n) => `"${n}"`).join(' and ');
  return codeError(TypeError, 'ERR_MISSING_ARGS',
    `The ${list} argument${names.length > 1 ? 's' : ''} must be specified`);
}

function parse(input, base) {
  return call('url.parse', input, base === undefined ? null : base);
}

let linking = null; // a URL creating its own searchParams

class URL {
  #parts;
  #searchParams = null;

  constructor(input, base = undefined) {
    if (arguments.length === 0) throw missingArgs('url');
    input = toUSV(input);
    if (base !== undefined) base = toUSV(base);
    const parts = parse(input, base);
    if (parts == null) {
      throw codeError(TypeError, 'ERR_INVALID_URL', 'Invalid URL',
        base === undefined ? { input } : { input, base });
    }
    this.#parts = parts;
  }

  static canParse(input, base = undefined) {
    if (arguments.length === 0) throw missingArgs('url');
    return parse(toUSV(input), base === undefined ? undefined : toUSV(base)) != null;
  }

  static parse(input, base = undefined) {
    if (arguments.length === 0) throw missingArgs('url');
    try {
      return new URL(input, base);
    } catch {
      return null;
    }
  }

  static createObjectURL() {
    throw new Error('URL.createObjectURL is not available in an action');
  }

  static revokeObjectURL() {}

  #set(field, value) {
    const parts = call('url.set', this.#parts[HREF], field, toUSV(value));
    if (parts != null) this.#parts = parts;
    if (this.#searchParams !== null && (field === 'search' || field === 'href')) {
      this.#searchParams[kReplace](parseQuery(this.#parts[SEARCH]));
    }
  }

  get href() { return this.#parts[0]; }
  set href(value) {
    value = toUSV(value);
    const parts = parse(value, undefined);
    if (parts == null) throw codeError(TypeError, 'ERR_INVALID_URL', 'Invalid URL', { input: value });
    this.#parts = parts;
    if (this.#searchParams !== null) this.#searchParams[kReplace](parseQuery(parts[SEARCH]));
  }
  get origin() { return this.#parts[1]; }
  get protocol() { return this.#parts[2]; }
  set protocol(v) { this.#set('protocol', v); }
  get username() { return this.#parts[3]; }
  set username(v) { this.#set('username', v); }
  get password() { return this.#parts[4]; }
  set password(v) { this.#set('password', v); }
  get host() { return this.#parts[5]; }
  set host(v) { this.#set('host', v); }
  get hostname() { return this.#parts[6]; }
  set hostname(v) { this.#set('hostname', v); }
  get port() { return this.#parts[7]; }
  set port(v) { this.#set('port', v); }
  get pathname() { return this.#parts[8]; }
  set pathname(v) { this.#set('pathname', v); }
  get search() { return this.#parts[9]; }
  set search(v) { this.#set('search', v); }
  get hash() { return this.#parts[10]; }
  set hash(v) { this.#set('hash', v); }

  get searchParams() {
    if (this.#searchParams === null) {
      linking = (query) => this.#set('search', query);
      try {
        this.#searchParams = new URLSearchParams(this.#parts[SEARCH]);
      } finally {
        linking = null;
      }
    }
    return this.#searchParams;
  }

  toString() { return this.#parts[0]; }
  toJSON() { return this.#parts[0]; }

  [inspectCustom](depth, opts) {
    if (typeof depth === 'number' && depth < 0) return this;
    const { inspect } = require('util');
    const constructor = this.constructor || URL;
    const obj = { __proto__: { constructor } };
    for (const key of FIELDS.slice(0, 9)) obj[key] = this[key];
    obj.search = this.search;
    obj.searchParams = this.searchParams;
    obj.hash = this.hash;
    return `${constructor.name} ${inspect(obj, opts)}`;
  }

  get [Symbol.toStringTag]() { return 'URL'; }
}

for (const name of [...FIELDS, 'searchParams', 'toString', 'toJSON']) {
  const desc = Object.getOwnPropertyDescriptor(URL.prototype, name);
  Object.defineProperty(URL.prototype, name, { ...desc, enumerable: true });
}

// ---- application/x-www-form-urlencoded

const SAFE = new Uint8Array(128);
for (const c of '*-._') SAFE[c.charCodeAt(0)] = 1;
for (let c = 0x30; c <= 0x39; c++) SAFE[c] = 1;
for (let c = 0x41; c <= 0x5A; c++) SAFE[c] = 1;
for (let c = 0x61; c <= 0x7A; c++) SAFE[c] = 1;
const HEX = '0123456789ABCDEF';

function encodeComponent(str) {
  const bytes = utf8Encode(str);
  let out = '';
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b === 0x20) out += '+';
    else if (b < 0x80 && SAFE[b]) out += String.fromCharCode(b);
    else out += `%${HEX[b >> 4]}${HEX[b & 15]}`;
  }
  return out;
}

const decoder = new TextDecoder();

function hexValue(c) {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

function decodeComponent(str) {
  const bytes = utf8Encode(str.replace(/\+/g, ' '));
  const out = new Uint8Array(bytes.length);
  let n = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b === 0x25 && i + 2 < bytes.length) {
      const hi = hexValue(bytes[i + 1]);
      const lo = hexValue(bytes[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out[n++] = hi * 16 + lo;
        i += 2;
        continue;
      }
    }
    out[n++] = b;
  }
  return decoder.decode(out.subarray(0, n));
}

function parseQuery(query) {
  const list = [];
  const input = query[0] === '?' ? query.slice(1) : query;
  for (const sequence of input.split('&')) {
    if (sequence === '') continue;
    const eq = sequence.indexOf('=');
    const name = eq === -1 ? sequence : sequence.slice(0, eq);
    const value = eq === -1 ? '' : sequence.slice(eq + 1);
    list.push([decodeComponent(name), decodeComponent(value)]);
  }
  return list;
}

const kReplace = Symbol('replace');

function invalidTuple() {
  return codeError(TypeError, 'ERR_INVALID_TUPLE',
    'Each query pair must be an iterable [name, value] tuple');
}

class URLSearchParams {
  #list = [];
  #onChange = null;

  constructor(init = undefined) {
    this.#onChange = linking;
    if (init === undefined || init === null) return;
    if (typeof init === 'object' || typeof init === 'function') {
      const iterator = init[Symbol.iterator];
      if (typeof iterator === 'function') {
        for (const pair of init) {
          if ((typeof pair !== 'object' && typeof pair !== 'function') || pair === null
            || typeof pair[Symbol.iterator] !== 'function') throw invalidTuple();
          const items = [...pair];
          if (items.length !== 2) throw invalidTuple();
          this.#list.push([toUSV(items[0]), toUSV(items[1])]);
        }
      } else if (iterator !== undefined && iterator !== null) {
        throw codeError(TypeError, 'ERR_ARG_NOT_ITERABLE', 'Query pairs must be iterable');
      } else {
        for (const key of Reflect.ownKeys(init)) {
          const desc = Reflect.getOwnPropertyDescriptor(init, key);
          if (typeof key === 'string' && desc !== undefined && desc.enumerable) {
            this.#list.push([toUSV(key), toUSV(init[key])]);
          }
        }
      }
    } else {
      this.#list = parseQuery(toUSV(init));
    }
  }

  [kReplace](list) {
    this.#list = list;
  }

  static #check(self) {
    if (self === null || typeof self !== 'object' || !(#list in self)) {
      throw new (require('internal/errors').codes.ERR_INVALID_THIS)('URLSearchParams');
    }
  }

  #update() {
    if (this.#onChange !== null) this.#onChange(this.toString());
  }

  get size() {
    URLSearchParams.#check(this);
    return this.#list.length;
  }

  append(name, value) {
    URLSearchParams.#check(this);
    if (arguments.length < 2) throw missingArgs('name', 'value');
    this.#list.push([toUSV(name), toUSV(value)]);
    this.#update();
  }

  delete(name, value = undefined) {
    URLSearchParams.#check(this);
    if (arguments.length < 1) throw missingArgs('name');
    name = toUSV(name);
    if (value !== undefined) value = toUSV(value);
    this.#list = this.#list.filter(([n, v]) => !(n === name && (value === undefined || v === value)));
    this.#update();
  }

  get(name) {
    URLSearchParams.#check(this);
    if (arguments.length < 1) throw missingArgs('name');
    name = toUSV(name);
    const found = this.#list.find(([n]) => n === name);
    return found === undefined ? null : found[1];
  }

  getAll(name) {
    URLSearchParams.#check(this);
    if (arguments.length < 1) throw missingArgs('name');
    name = toUSV(name);
    return this.#list.filter(([n]) => n === name).map(([, v]) => v);
  }

  has(name, value = undefined) {
    URLSearchParams.#check(this);
    if (arguments.length < 1) throw missingArgs('name');
    name = toUSV(name);
    if (value !== undefined) value = toUSV(value);
    return this.#list.some(([n, v]) => n === name && (value === undefined || v === value));
  }

  set(name, value) {
    URLSearchParams.#check(this);
    if (arguments.length < 2) throw missingArgs('name', 'value');
    name = toUSV(name);
    value = toUSV(value);
    const i = this.#list.findIndex(([n]) => n === name);
    if (i === -1) {
      this.#list.push([name, value]);
    } else {
      this.#list[i] = [name, value];
      this.#list = this.#list.filter(([n], j) => j <= i || n !== name);
    }
    this.#update();
  }

  sort() {
    URLSearchParams.#check(this);
    // Stable, by UTF-16 code units of the names, as the standard says.
    this.#list = this.#list.map((pair, i) => [pair, i])
      .sort(([[a], i], [[b], j]) => (a < b ? -1 : a > b ? 1 : i - j))
      .map(([pair]) => pair);
    this.#update();
  }

  forEach(callback, thisArg = undefined) {
    URLSearchParams.#check(this);
    if (typeof callback !== 'function') {
      throw new (require('internal/errors').codes.ERR_INVALID_ARG_TYPE)('callback', 'Function', callback);
    }
    for (let i = 0; i < this.#list.length; i++) {
      const [name, value] = this.#list[i];
      Reflect.apply(callback, thisArg, [value, name, this]);
    }
  }

  *entries() {
    for (let i = 0; i < this.#list.length; i++) yield [this.#list[i][0], this.#list[i][1]];
  }

  *keys() {
    for (let i = 0; i < this.#list.length; i++) yield this.#list[i][0];
  }

  *values() {
    for (let i = 0; i < this.#list.length; i++) yield this.#list[i][1];
  }

  [Symbol.iterator]() {
    return this.entries();
  }

  toString() {
    URLSearchParams.#check(this);
    return this.#list.map(([n, v]) => `${encodeComponent(n)}=${encodeComponent(v)}`).join('&');
  }

  [inspectCustom](depth, ctx) {
    const { inspect } = require('util');
    if (typeof depth === 'number' && depth < 0) return ctx.stylize('[Object]', 'special');
    const inner = { ...ctx };
    if (depth !== null) inner.depth = depth - 1;
    const output = this.#list.map(([k, v]) => `${inspect(k, inner)} => ${inspect(v, inner)}`);
    const length = output.reduce((n, s) => n + s.length + 2, -2);
    const name = this.constructor.name;
    if (length > ctx.breakLength) return `${name} {\n  ${output.join(',\n  ')} }`;
    if (output.length) return `${name} { ${output.join(', ')} }`;
    return `${name} {}`;
  }

  get [Symbol.toStringTag]() { return 'URLSearchParams'; }
}

module.exports = { URL, URLSearchParams };
