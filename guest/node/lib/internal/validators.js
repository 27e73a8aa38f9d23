'use strict';
// Node's argument checks (lib/internal/validators.js), the ones our modules need, throwing
// Node's errors with Node's messages.
// internal/errors loads when an error is made, not with this module.
const codes = new Proxy({}, { get: (target, code) => require('internal/errors').codes[code] });

const kValidateObjectNone = 0;
const kValidateObjectAllowNullable = 1 << 0;
const kValidateObjectAllowArray = 1 << 1;
const kValidateObjectAllowFunction = 1 << 2;
const kValidateObjectAllowObjects = kValidateObjectAllowArray | kValidateObjectAllowFunction;

function validateString(value, name) {
  if (typeof value !== 'string') throw new codes.ERR_INVALID_ARG_TYPE(name, 'string', value);
}

function validateFunction(value, name) {
  if (typeof value !== 'function') throw new codes.ERR_INVALID_ARG_TYPE(name, 'Function', value);
}

function validateBoolean(value, name) {
  if (typeof value !== 'boolean') throw new codes.ERR_INVALID_ARG_TYPE(name, 'boolean', value);
}

function validateNumber(value, name, min = undefined, max) {
  if (typeof value !== 'number') throw new codes.ERR_INVALID_ARG_TYPE(name, 'number', value);
  if ((min != null && value < min) || (max != null && value > max)
    || ((min != null || max != null) && Number.isNaN(value))) {
    throw new codes.ERR_OUT_OF_RANGE(name,
      `${min != null ? `>= ${min}` : ''}${min != null && max != null ? ' && ' : ''}`
      + `${max != null ? `<= ${max}` : ''}`, value);
  }
}

function validateInteger(value, name, min = Number.MIN_SAFE_INTEGER,
  max = Number.MAX_SAFE_INTEGER) {
  if (typeof value !== 'number') throw new codes.ERR_INVALID_ARG_TYPE(name, 'number', value);
  if (!Number.isInteger(value)) throw new codes.ERR_OUT_OF_RANGE(name, 'an integer', value);
  if (value < min || value > max) {
    throw new codes.ERR_OUT_OF_RANGE(name, `>= ${min} && <= ${max}`, value);
  }
}

function validateUint32(value, name, positive = false) {
  if (typeof value !== 'number') throw new codes.ERR_INVALID_ARG_TYPE(name, 'number', value);
  if (!Number.isInteger(value)) throw new codes.ERR_OUT_OF_RANGE(name, 'an integer', value);
  const min = positive ? 1 : 0;
  const max = 4_294_967_295;
  if (value < min || value > max) {
    throw new codes.ERR_OUT_OF_RANGE(name, `>= ${min} && <= ${max}`, value);
  }
}

function validateObject(value, name, options = kValidateObjectNone) {
  if (options === kValidateObjectNone) {
    if (value === null || Array.isArray(value) || typeof value !== 'object') {
      throw new codes.ERR_INVALID_ARG_TYPE(name, 'Object', value);
    }
    return;
  }
  if ((kValidateObjectAllowNullable & options) === 0 && value === null) {
    throw new codes.ERR_INVALID_ARG_TYPE(name, 'Object', value);
  }
  if ((kValidateObjectAllowArray & options) === 0 && Array.isArray(value)) {
    throw new codes.ERR_INVALID_ARG_TYPE(name, 'Object', value);
  }
  const type = typeof value;
  if (type !== 'object' && ((kValidateObjectAllowFunction & options) === 0
    || type !== 'function')) {
    throw new codes.ERR_INVALID_ARG_TYPE(name, 'Object', value);
  }
}

function validateArray(value, name, minLength = 0) {
  if (!Array.isArray(value)) throw new codes.ERR_INVALID_ARG_TYPE(name, 'Array', value);
  if (value.length < minLength) {
    throw new codes.ERR_INVALID_ARG_VALUE(name, value, `must be longer than ${minLength}`);
  }
}

function validateAbortSignal(signal, name) {
  if (signal !== undefined
    && (signal === null || typeof signal !== 'object' || !('aborted' in signal))) {
    throw new codes.ERR_INVALID_ARG_TYPE(name, 'AbortSignal', signal);
  }
}

function validateAbortSignalArray(value, name) {
  validateArray(value, name);
  for (let i = 0; i < value.length; i++) {
    const indexedName = `${name}[${i}]`;
    if (value[i] == null) throw new codes.ERR_INVALID_ARG_TYPE(indexedName, 'AbortSignal', value[i]);
    validateAbortSignal(value[i], indexedName);
  }
}

module.exports = {
  kValidateObjectAllowNullable,
  kValidateObjectAllowArray,
  kValidateObjectAllowFunction,
  kValidateObjectAllowObjects,
  validateAbortSignal,
  validateAbortSignalArray,
  validateArray,
  validateBoolean,
  validateFunction,
  validateInteger,
  validateNumber,
  validateObject,
  validateString,
  validateUint32,
};
