'use strict';
// The argument checks of Node's fetch classes, with undici's messages (Node's error text is
// what actions were written and tested against).

function exception(header, message) {
  return new TypeError(`${header}: ${message}`);
}

function argumentLengthCheck(args, min, context) {
  if (args.length < min) {
    throw exception(context, `${min} argument${min !== 1 ? 's' : ''} required, ` +
      `but${args.length ? ' only' : ''} ${args.length} found.`);
  }
}

function brandCheck(value, Class) {
  if (!(value instanceof Class)) {
    const err = new TypeError('Illegal invocation');
    err.code = 'ERR_INVALID_THIS';
    throw err;
  }
}

function toStringChecked(value) {
  if (typeof value === 'symbol') {
    throw new TypeError('Cannot convert a Symbol value to a string');
  }
  return String(value);
}

function byteString(value) {
  const x = toStringChecked(value);
  for (let i = 0; i < x.length; i++) {
    if (x.charCodeAt(i) > 255) {
      throw new TypeError('Cannot convert argument to a ByteString because the character at ' +
        `index ${i} has a value of ${x.charCodeAt(i)} which is greater than 255.`);
    }
  }
  return x;
}

// A string with lone surrogates replaced by U+FFFD, as Web IDL's USVString.
function usvString(value) {
  const s = toStringChecked(value);
  return typeof s.toWellFormed === 'function' ? s.toWellFormed() : s;
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

function isToken(s) {
  return TOKEN.test(s);
}

module.exports = { exception, argumentLengthCheck, brandCheck, byteString, usvString, isToken };
