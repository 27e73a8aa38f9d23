'use strict';
// FormData as Node's undici has it: entries of a name and a string or a File (a Blob
// appended is made a File named 'blob'), undici's argument errors and inspect output.
// Written here rather than taken from formdata-polyfill: that package bundles its own copy
// of fetch-blob, so its Files would not be the global File (instanceof would fail), and its
// errors are worded as Chrome's rather than Node's.
const { exception, argumentLengthCheck, brandCheck, usvString } = require('./webidl.js');

const inspectCustom = Symbol.for('nodejs.util.inspect.custom');

function isBlobLike(v) {
  return v !== null && typeof v === 'object' && /^(Blob|File)$/.test(v[Symbol.toStringTag]) &&
    typeof v.arrayBuffer === 'function';
}

function makeEntry(name, value, filename) {
  if (typeof value === 'string') return { name, value };
  const { File } = require('internal/blob');
  if (!(value instanceof File) || filename !== undefined) {
    const options = { type: value.type, lastModified: value.lastModified };
    value = new File([value], filename !== undefined ? filename
      : value[Symbol.toStringTag] === 'File' ? value.name : 'blob', options);
  }
  return { name, value };
}

function entryArgs(context, args) {
  const name = usvString(args[0]);
  const value = args[1];
  if (args.length === 3 && !isBlobLike(value)) {
    throw new TypeError(`Failed to execute '${context}' on 'FormData': parameter 2 is not of ` +
      "type 'Blob'");
  }
  if (isBlobLike(value)) {
    return makeEntry(name, value, args.length === 3 ? usvString(args[2]) : undefined);
  }
  return makeEntry(name, usvString(value));
}

class FormData {
  #entries = [];

  constructor(form) {
    if (form !== undefined) {
      throw exception('FormData constructor', 'Argument 1 could not be converted to: undefined.');
    }
  }

  append(name, value, filename = undefined) {
    brandCheck(this, FormData);
    argumentLengthCheck(arguments, 2, 'FormData.append');
    this.#entries.push(entryArgs('append', arguments.length === 3 ? [name, value, filename]
      : [name, value]));
  }

  delete(name) {
    brandCheck(this, FormData);
    argumentLengthCheck(arguments, 1, 'FormData.delete');
    name = usvString(name);
    this.#entries = this.#entries.filter((e) => e.name !== name);
  }

  get(name) {
    brandCheck(this, FormData);
    argumentLengthCheck(arguments, 1, 'FormData.get');
    name = usvString(name);
    const found = this.#entries.find((e) => e.name === name);
    return found === undefined ? null : found.value;
  }

  getAll(name) {
    brandCheck(this, FormData);
    argumentLengthCheck(arguments, 1, 'FormData.getAll');
    name = usvString(name);
    return this.#entries.filter((e) => e.name === name).map((e) => e.value);
  }

  has(name) {
    brandCheck(this, FormData);
    argumentLengthCheck(arguments, 1, 'FormData.has');
    name = usvString(name);
    return this.#entries.some((e) => e.name === name);
  }

  set(name, value, filename = undefined) {
    brandCheck(this, FormData);
    argumentLengthCheck(arguments, 2, 'FormData.set');
    const entry = entryArgs('set', arguments.length === 3 ? [name, value, filename]
      : [name, value]);
    const i = this.#entries.findIndex((e) => e.name === entry.name);
    if (i === -1) {
      this.#entries.push(entry);
    } else {
      this.#entries = [...this.#entries.slice(0, i), entry,
        ...this.#entries.slice(i + 1).filter((e) => e.name !== entry.name)];
    }
  }

  * entries() {
    brandCheck(this, FormData);
    for (let i = 0; i < this.#entries.length; i++) {
      yield [this.#entries[i].name, this.#entries[i].value];
    }
  }

  * keys() {
    for (const [name] of this.entries()) yield name;
  }

  * values() {
    for (const [, value] of this.entries()) yield value;
  }

  forEach(callbackFn, thisArg = globalThis) {
    brandCheck(this, FormData);
    argumentLengthCheck(arguments, 1, 'FormData.forEach');
    if (typeof callbackFn !== 'function') {
      throw new TypeError(
        "Failed to execute 'forEach' on 'FormData': parameter 1 is not of type 'Function'.");
    }
    for (const [name, value] of this.entries()) callbackFn.call(thisArg, value, name, this);
  }

  [inspectCustom](depth, options) {
    const state = { __proto__: null };
    for (const { name, value } of this.#entries) {
      if (!state[name]) state[name] = value;
      else if (Array.isArray(state[name])) state[name].push(value);
      else state[name] = [state[name], value];
    }
    options.depth ??= depth;
    options.colors ??= true;
    const output = require('util').formatWithOptions(options, state);
    return `FormData ${output.slice(output.indexOf(']') + 2)}`;
  }
}

Object.defineProperty(FormData.prototype, Symbol.iterator, {
  value: FormData.prototype.entries, writable: true, configurable: true, enumerable: false,
});
Object.defineProperty(FormData.prototype, Symbol.toStringTag, {
  value: 'FormData', configurable: true,
});
for (const name of ['append', 'delete', 'get', 'getAll', 'has', 'set', 'entries', 'keys',
  'values', 'forEach']) {
  Object.defineProperty(FormData.prototype, name, { enumerable: true });
}

module.exports = { FormData };
