'use strict';
// Headers as Node's undici has them: names lower-cased, values joined with ', ' (cookies
// with '; '), iteration sorted by name with each set-cookie apart, getSetCookie, guards.
const { exception, argumentLengthCheck, brandCheck, byteString, isToken } =
  require('./webidl.js');

let getList;
let getGuard;
let setInternals;
const inspectCustom = Symbol.for('nodejs.util.inspect.custom');

function isHttpWhitespace(code) {
  return code === 0x0a || code === 0x0d || code === 0x09 || code === 0x20;
}

function normalizeValue(value) {
  let i = 0;
  let j = value.length;
  while (j > i && isHttpWhitespace(value.charCodeAt(j - 1))) --j;
  while (j > i && isHttpWhitespace(value.charCodeAt(i))) ++i;
  return i === 0 && j === value.length ? value : value.substring(i, j);
}

function isValidValue(v) {
  return !(v[0] === '\t' || v[0] === ' ' || v[v.length - 1] === '\t' || v[v.length - 1] === ' ' ||
    v.includes('\n') || v.includes('\r') || v.includes('\0'));
}

// The header list: lower-cased name -> { name (as first given), value }.
class HeadersList {
  constructor(from) {
    this.map = new Map(from ? from.map : undefined);
    this.cookies = from && from.cookies ? [...from.cookies] : null;
    this.sortedCache = null;
  }

  contains(name) {
    return this.map.has(name.toLowerCase());
  }

  append(name, value) {
    this.sortedCache = null;
    const lower = name.toLowerCase();
    const exists = this.map.get(lower);
    if (exists) {
      const delimiter = lower === 'cookie' ? '; ' : ', ';
      this.map.set(lower, { name: exists.name, value: `${exists.value}${delimiter}${value}` });
    } else {
      this.map.set(lower, { name, value });
    }
    if (lower === 'set-cookie') (this.cookies ??= []).push(value);
  }

  set(name, value) {
    this.sortedCache = null;
    const lower = name.toLowerCase();
    if (lower === 'set-cookie') this.cookies = [value];
    this.map.set(lower, { name, value });
  }

  delete(name) {
    this.sortedCache = null;
    const lower = name.toLowerCase();
    if (lower === 'set-cookie') this.cookies = null;
    this.map.delete(lower);
  }

  get(name) {
    const entry = this.map.get(name.toLowerCase());
    return entry === undefined ? null : entry.value;
  }

  // What util.inspect shows: first-given names, combined values.
  entries() {
    const out = {};
    for (const { name, value } of this.map.values()) out[name] = value;
    return out;
  }

  // The name, value pairs to send: each set-cookie apart.
  wire() {
    const out = [];
    for (const [lower, { name, value }] of this.map) {
      if (lower === 'set-cookie' && this.cookies) {
        for (const cookie of this.cookies) out.push(name, cookie);
      } else {
        out.push(name, value);
      }
    }
    return out;
  }

  sorted() {
    if (this.sortedCache !== null) return this.sortedCache;
    const names = [...this.map.keys()].sort();
    const out = [];
    for (const name of names) {
      if (name === 'set-cookie' && this.cookies) {
        for (const cookie of this.cookies) out.push([name, cookie]);
      } else {
        out.push([name, this.map.get(name).value]);
      }
    }
    this.sortedCache = out;
    return out;
  }
}

function appendHeader(headers, name, value) {
  value = normalizeValue(value);
  if (!isToken(name)) {
    throw exception('Headers.append', `"${name}" is an invalid header name.`);
  } else if (!isValidValue(value)) {
    throw exception('Headers.append', `"${value}" is an invalid header value.`);
  }
  if (getGuard(headers) === 'immutable') throw new TypeError('immutable');
  getList(headers).append(name, value);
}

function fill(headers, init) {
  if (init === null || (typeof init !== 'object' && typeof init !== 'function')) {
    throw exception('Headers constructor', 'Argument 1 could not be converted to one of: ' +
      'sequence<sequence<ByteString>>, record<ByteString, ByteString>.');
  }
  if (isHeaders(init)) {
    for (const [name, value] of getList(init).wire().reduce(pairs, [])) {
      appendHeader(headers, name, value);
    }
    return;
  }
  const iterator = init[Symbol.iterator];
  if (iterator !== undefined) {
    if (typeof iterator !== 'function') {
      throw exception('Headers constructor', 'Argument 1 could not be converted to one of: ' +
        'sequence<sequence<ByteString>>, record<ByteString, ByteString>.');
    }
    let index = 0;
    for (const item of init) {
      if (item === null || (typeof item !== 'object' && typeof item !== 'function')) {
        throw exception('Headers contructor', `init[${index}] (${stringify(item)}) is not iterable.`);
      }
      if (typeof item[Symbol.iterator] !== 'function') {
        throw exception('Headers contructor', `init[${index}] is not iterable.`);
      }
      index++;
      const header = [...item].map(byteString);
      if (header.length !== 2) {
        throw exception('Headers constructor',
          `expected name/value pair to be length 2, found ${header.length}.`);
      }
      appendHeader(headers, header[0], header[1]);
    }
    return;
  }
  for (const key of Reflect.ownKeys(init)) {
    const desc = Reflect.getOwnPropertyDescriptor(init, key);
    if (desc === undefined || !desc.enumerable) continue;
    appendHeader(headers, byteString(key), byteString(init[key]));
  }
}

function pairs(acc, item, i, all) {
  if (i % 2 === 0) acc.push([item, all[i + 1]]);
  return acc;
}

function check(value) {
  if (!isHeaders(value)) brandCheck(value, Headers);
}

// How undici's Web IDL layer shows a value in an error message.
function stringify(v) {
  if (typeof v === 'symbol') return `Symbol(${v.description})`;
  if (typeof v === 'string') return `"${v}"`;
  if (v !== null && (typeof v === 'object' || typeof v === 'function')) {
    return require('util').inspect(v);
  }
  return `${v}`;
}

function isHeaders(value) {
  return value !== null && typeof value === 'object' && getGuard(value) !== undefined;
}

class Headers {
  #list = new HeadersList();
  #guard = 'none';

  static {
    getList = (h) => h.#list;
    getGuard = (h) => (#guard in h ? h.#guard : undefined);
    setInternals = (h, list, guard) => {
      h.#list = list;
      h.#guard = guard;
    };
  }

  constructor(init = undefined) {
    if (init !== undefined) fill(this, init);
  }

  append(name, value) {
    check(this);
    argumentLengthCheck(arguments, 2, 'Headers.append');
    appendHeader(this, byteString(name), byteString(value));
  }

  delete(name) {
    check(this);
    argumentLengthCheck(arguments, 1, 'Headers.delete');
    name = byteString(name);
    if (!isToken(name)) throw exception('Headers.delete', `"${name}" is an invalid header name.`);
    if (this.#guard === 'immutable') throw new TypeError('immutable');
    this.#list.delete(name);
  }

  get(name) {
    check(this);
    argumentLengthCheck(arguments, 1, 'Headers.get');
    name = byteString(name);
    if (!isToken(name)) throw exception('Headers.get', `"${name}" is an invalid header name.`);
    return this.#list.get(name);
  }

  has(name) {
    check(this);
    argumentLengthCheck(arguments, 1, 'Headers.has');
    name = byteString(name);
    if (!isToken(name)) throw exception('Headers.has', `"${name}" is an invalid header name.`);
    return this.#list.contains(name);
  }

  set(name, value) {
    check(this);
    argumentLengthCheck(arguments, 2, 'Headers.set');
    name = byteString(name);
    value = normalizeValue(byteString(value));
    if (!isToken(name)) {
      throw exception('Headers.set', `"${name}" is an invalid header name.`);
    } else if (!isValidValue(value)) {
      throw exception('Headers.set', `"${value}" is an invalid header value.`);
    }
    if (this.#guard === 'immutable') throw new TypeError('immutable');
    this.#list.set(name, value);
  }

  getSetCookie() {
    check(this);
    const list = this.#list.cookies;
    return list ? [...list] : [];
  }

  keys() {
    check(this);
    return makeIterator(this, 'key');
  }

  values() {
    check(this);
    return makeIterator(this, 'value');
  }

  entries() {
    check(this);
    return makeIterator(this, 'key+value');
  }

  forEach(callbackFn, thisArg = globalThis) {
    check(this);
    argumentLengthCheck(arguments, 1, 'Headers.forEach');
    if (typeof callbackFn !== 'function') {
      throw new TypeError(
        "Failed to execute 'forEach' on 'Headers': parameter 1 is not of type 'Function'.");
    }
    for (const [key, value] of makeIterator(this, 'key+value')) {
      callbackFn.call(thisArg, value, key, this);
    }
  }

  [inspectCustom](depth, options) {
    options.depth ??= depth;
    return `Headers ${require('util').formatWithOptions(options, this.#list.entries())}`;
  }
}

Object.defineProperty(Headers.prototype, Symbol.iterator, {
  value: Headers.prototype.entries, writable: true, configurable: true, enumerable: false,
});
Object.defineProperty(Headers.prototype, Symbol.toStringTag, {
  value: 'Headers', configurable: true,
});
for (const name of ['append', 'delete', 'get', 'has', 'set', 'getSetCookie', 'keys', 'values',
  'entries', 'forEach']) {
  Object.defineProperty(Headers.prototype, name, { enumerable: true });
}

const iterators = new WeakMap(); // iterator -> { list, kind, index }

// The iterator walks a sorted snapshot taken at its first step and taken again when the
// list changes, as undici's does (the index is kept).
const HeadersIteratorPrototype = Object.create(
  Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]())), {
    next: {
      value: function next() {
        const it = iterators.get(this);
        if (it === undefined) {
          throw new TypeError("'next' called on an object that does not implement interface " +
            'Headers Iterator.');
        }
        const items = it.list.sorted();
        const index = it.index;
        if (index >= items.length) return { value: undefined, done: true };
        it.index = index + 1;
        const [key, value] = items[index];
        const result = it.kind === 'key' ? key : it.kind === 'value' ? value : [key, value];
        return { value: result, done: false };
      },
      writable: true, enumerable: true, configurable: true,
    },
    [Symbol.toStringTag]: { value: 'Headers Iterator', configurable: true },
  });

function makeIterator(headers, kind) {
  const it = Object.create(HeadersIteratorPrototype);
  iterators.set(it, { list: getList(headers), kind, index: 0 });
  return it;
}

// A Headers object over `list`, guarded ('immutable' for a fetched response's).
function headersFrom(list, guard) {
  const headers = new Headers();
  setInternals(headers, list, guard);
  return headers;
}

module.exports = { Headers, HeadersList, fill, headersFrom, getList, getGuard, isHeaders };
