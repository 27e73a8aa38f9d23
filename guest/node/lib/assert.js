'use strict';
// node:assert, following Node 20's lib/assert.js: every assertion with Node's checks and
// generated messages (AssertionError, internal/assert/assertion_error), throws/rejects with
// classes, regular expressions, validation objects and functions, match, ifError, and
// assert.strict. Deep equality is internal/comparisons. Written here: the `assert` package
// is an older Node's, whose messages and diffs differ.
const { isPromise, isRegExp } = require('util/types');
const AssertionError = require('internal/assert/assertion_error');
const { validateFunction } = require('internal/validators');

// internal/errors loads when an error is made, not with this module.
const codes = new Proxy({}, { get: (target, code) => require('internal/errors').codes[code] });
const comparisons = () => require('internal/comparisons');
const isError = (e) => require('internal/platform').isError(e) || e instanceof Error;

// util (and its inspect) loads when an assertion fails, not with this module.
const inspect = (...args) => require('util').inspect(...args);
const NO_EXCEPTION_SENTINEL = {};
let warned = false;

function innerFail(obj) {
  if (obj.message instanceof Error) throw obj.message;
  throw new AssertionError(obj);
}

// Node reads the failing call's source text to describe it; an action has no source file to
// read, and Node run the same way falls back, as here, to `value == true`.
function innerOk(fn, argLen, value, message) {
  if (value) return;
  let generatedMessage = false;
  if (argLen === 0) {
    generatedMessage = true;
    message = 'No value argument passed to `assert.ok()`';
  } else if (message == null) {
    generatedMessage = true;
    message = undefined;
  } else if (isError(message)) {
    throw message;
  }
  const err = new AssertionError({ actual: value, expected: true, message, operator: '==',
    stackStartFn: fn });
  err.generatedMessage = generatedMessage;
  throw err;
}

function ok(...args) {
  innerOk(ok, args.length, ...args);
}

const assert = ok;
module.exports = assert;

function fail(actual, expected, message, operator, stackStartFn) {
  const argsLen = arguments.length;
  let internalMessage = false;
  if (actual == null && argsLen <= 1) {
    internalMessage = true;
    message = 'Failed';
  } else if (argsLen === 1) {
    message = actual;
    actual = undefined;
  } else {
    if (warned === false) {
      warned = true;
      require('process').emitWarning('assert.fail() with more than one argument is deprecated. '
        + 'Please use assert.strictEqual() instead or only pass a message.',
      'DeprecationWarning', 'DEP0094');
    }
    if (argsLen === 2) operator = '!=';
  }
  if (message instanceof Error) throw message;
  const err = new AssertionError({ actual, expected,
    operator: operator === undefined ? 'fail' : operator, stackStartFn: stackStartFn || fail,
    message });
  if (internalMessage) err.generatedMessage = true;
  throw err;
}

assert.fail = fail;
assert.AssertionError = AssertionError;
assert.ok = ok;

function needTwo(args) {
  if (args.length < 2) throw new codes.ERR_MISSING_ARGS('actual', 'expected');
}

// `failed(actual, expected)` says whether the assertion fails.
function comparison(name, operator, failed) {
  const fn = {
    [name](actual, expected, message) {
      needTwo(arguments);
      if (failed(actual, expected)) {
        innerFail({ actual, expected, message, operator, stackStartFn: fn });
      }
    },
  }[name];
  return fn;
}

/* eslint-disable eqeqeq */
assert.equal = comparison('equal', '==',
  (a, b) => a != b && (!Number.isNaN(a) || !Number.isNaN(b)));
assert.notEqual = comparison('notEqual', '!=',
  (a, b) => a == b || (Number.isNaN(a) && Number.isNaN(b)));
/* eslint-enable eqeqeq */
assert.deepEqual = comparison('deepEqual', 'deepEqual',
  (a, b) => !comparisons().isDeepEqual(a, b));
assert.notDeepEqual = comparison('notDeepEqual', 'notDeepEqual',
  (a, b) => comparisons().isDeepEqual(a, b));
assert.deepStrictEqual = comparison('deepStrictEqual', 'deepStrictEqual',
  (a, b) => !comparisons().isDeepStrictEqual(a, b));
assert.notDeepStrictEqual = comparison('notDeepStrictEqual', 'notDeepStrictEqual',
  (a, b) => comparisons().isDeepStrictEqual(a, b));
assert.strictEqual = comparison('strictEqual', 'strictEqual', (a, b) => !Object.is(a, b));
assert.notStrictEqual = comparison('notStrictEqual', 'notStrictEqual',
  (a, b) => Object.is(a, b));

// The compared keys of a thrown error and of the validation object, for the diff.
class Comparison {
  constructor(obj, keys, actual) {
    for (const key of keys) {
      if (!(key in obj)) continue;
      if (actual !== undefined && typeof actual[key] === 'string' && isRegExp(obj[key])
        && obj[key].exec(actual[key]) !== null) {
        this[key] = actual[key];
      } else {
        this[key] = obj[key];
      }
    }
  }
}

function compareExceptionKey(actual, expected, key, message, keys, fn) {
  if (key in actual && comparisons().isDeepStrictEqual(actual[key], expected[key])) return;
  if (!message) {
    const err = new AssertionError({ actual: new Comparison(actual, keys),
      expected: new Comparison(expected, keys, actual), operator: 'deepStrictEqual',
      stackStartFn: fn });
    err.actual = actual;
    err.expected = expected;
    err.operator = fn.name;
    throw err;
  }
  innerFail({ actual, expected, message, operator: fn.name, stackStartFn: fn });
}

function expectedException(actual, expected, message, fn) {
  let generatedMessage = false;
  let throwError = false;
  if (typeof expected !== 'function') {
    if (isRegExp(expected)) {
      const str = String(actual);
      if (expected.exec(str) !== null) return;
      if (!message) {
        generatedMessage = true;
        message = 'The input did not match the regular expression '
          + `${inspect(expected)}. Input:\n\n${inspect(str)}\n`;
      }
      throwError = true;
    } else if (typeof actual !== 'object' || actual === null) {
      const err = new AssertionError({ actual, expected, message, operator: 'deepStrictEqual',
        stackStartFn: fn });
      err.operator = fn.name;
      throw err;
    } else {
      const keys = Object.keys(expected);
      if (expected instanceof Error) {
        keys.push('name', 'message');
      } else if (keys.length === 0) {
        throw new codes.ERR_INVALID_ARG_VALUE('error', expected, 'may not be an empty object');
      }
      for (const key of keys) {
        if (typeof actual[key] === 'string' && isRegExp(expected[key])
          && expected[key].exec(actual[key]) !== null) {
          continue;
        }
        compareExceptionKey(actual, expected, key, message, keys, fn);
      }
      return;
    }
  } else if (expected.prototype !== undefined && actual instanceof expected) {
    return;
  } else if (Object.prototype.isPrototypeOf.call(Error, expected)) {
    if (!message) {
      generatedMessage = true;
      message = `The error is expected to be an instance of "${expected.name}". Received `;
      if (isError(actual)) {
        const name = (actual.constructor && actual.constructor.name) || actual.name;
        if (expected.name === name) {
          message += 'an error with identical name but a different prototype.';
        } else {
          message += `"${name}"`;
        }
        if (actual.message) message += `\n\nError message:\n\n${actual.message}`;
      } else {
        message += `"${inspect(actual, { depth: -1 })}"`;
      }
    }
    throwError = true;
  } else {
    const res = Reflect.apply(expected, {}, [actual]);
    if (res !== true) {
      if (!message) {
        generatedMessage = true;
        const name = expected.name ? `"${expected.name}" ` : '';
        message = `The ${name}validation function is expected to return "true". Received `
          + `${inspect(res)}`;
        if (isError(actual)) message += `\n\nCaught error:\n\n${actual}`;
      }
      throwError = true;
    }
  }
  if (throwError) {
    const err = new AssertionError({ actual, expected, message, operator: fn.name,
      stackStartFn: fn });
    err.generatedMessage = generatedMessage;
    throw err;
  }
}

function getActual(fn) {
  validateFunction(fn, 'fn');
  try {
    fn();
  } catch (e) {
    return e;
  }
  return NO_EXCEPTION_SENTINEL;
}

function checkIsPromise(obj) {
  return isPromise(obj) || (obj !== null && typeof obj === 'object'
    && typeof obj.then === 'function' && typeof obj.catch === 'function');
}

async function waitForActual(promiseFn) {
  let resultPromise;
  if (typeof promiseFn === 'function') {
    resultPromise = promiseFn();
    if (!checkIsPromise(resultPromise)) {
      throw new codes.ERR_INVALID_RETURN_VALUE('instance of Promise', 'promiseFn', resultPromise);
    }
  } else if (checkIsPromise(promiseFn)) {
    resultPromise = promiseFn;
  } else {
    throw new codes.ERR_INVALID_ARG_TYPE('promiseFn', ['Function', 'Promise'], promiseFn);
  }
  try {
    await resultPromise;
  } catch (e) {
    return e;
  }
  return NO_EXCEPTION_SENTINEL;
}

function expectsError(stackStartFn, actual, error, message) {
  if (typeof error === 'string') {
    if (arguments.length === 4) {
      throw new codes.ERR_INVALID_ARG_TYPE('error', ['Object', 'Error', 'Function', 'RegExp'], error);
    }
    if (typeof actual === 'object' && actual !== null) {
      if (actual.message === error) {
        throw new codes.ERR_AMBIGUOUS_ARGUMENT('error/message',
          `The error message "${actual.message}" is identical to the message.`);
      }
    } else if (actual === error) {
      throw new codes.ERR_AMBIGUOUS_ARGUMENT('error/message',
        `The error "${actual}" is identical to the message.`);
    }
    message = error;
    error = undefined;
  } else if (error != null && typeof error !== 'object' && typeof error !== 'function') {
    throw new codes.ERR_INVALID_ARG_TYPE('error', ['Object', 'Error', 'Function', 'RegExp'], error);
  }
  if (actual === NO_EXCEPTION_SENTINEL) {
    let details = '';
    if (error && error.name) details += ` (${error.name})`;
    details += message ? `: ${message}` : '.';
    const fnType = stackStartFn === assert.rejects ? 'rejection' : 'exception';
    innerFail({ actual: undefined, expected: error, operator: stackStartFn.name,
      message: `Missing expected ${fnType}${details}`, stackStartFn });
  }
  if (!error) return;
  expectedException(actual, error, message, stackStartFn);
}

function hasMatchingError(actual, expected) {
  if (typeof expected !== 'function') {
    if (isRegExp(expected)) return expected.exec(String(actual)) !== null;
    throw new codes.ERR_INVALID_ARG_TYPE('expected', ['Function', 'RegExp'], expected);
  }
  if (expected.prototype !== undefined && actual instanceof expected) return true;
  if (Object.prototype.isPrototypeOf.call(Error, expected)) return false;
  return Reflect.apply(expected, {}, [actual]) === true;
}

function expectsNoError(stackStartFn, actual, error, message) {
  if (actual === NO_EXCEPTION_SENTINEL) return;
  if (typeof error === 'string') {
    message = error;
    error = undefined;
  }
  if (!error || hasMatchingError(actual, error)) {
    const details = message ? `: ${message}` : '.';
    const fnType = stackStartFn === assert.doesNotReject ? 'rejection' : 'exception';
    innerFail({ actual, expected: error, operator: stackStartFn.name,
      message: `Got unwanted ${fnType}${details}\nActual message: "${actual && actual.message}"`,
      stackStartFn });
  }
  throw actual;
}

assert.throws = function throws(promiseFn, ...args) {
  expectsError(throws, getActual(promiseFn), ...args);
};

assert.rejects = async function rejects(promiseFn, ...args) {
  expectsError(rejects, await waitForActual(promiseFn), ...args);
};

assert.doesNotThrow = function doesNotThrow(fn, ...args) {
  expectsNoError(doesNotThrow, getActual(fn), ...args);
};

assert.doesNotReject = async function doesNotReject(fn, ...args) {
  expectsNoError(doesNotReject, await waitForActual(fn), ...args);
};

assert.ifError = function ifError(err) {
  if (err === null || err === undefined) return;
  let message = 'ifError got unwanted exception: ';
  if (typeof err === 'object' && typeof err.message === 'string') {
    if (err.message.length === 0 && err.constructor) message += err.constructor.name;
    else message += err.message;
  } else {
    message += inspect(err);
  }
  const newErr = new AssertionError({ actual: err, expected: null, operator: 'ifError', message,
    stackStartFn: ifError });
  // The new error's frames, then the original error's.
  const origStack = err.stack;
  if (typeof origStack === 'string') {
    const origStackStart = origStack.indexOf('\n    at');
    if (origStackStart !== -1) {
      const originalFrames = origStack.slice(origStackStart + 1).split('\n');
      let newFrames = newErr.stack.split('\n');
      for (const errFrame of originalFrames) {
        const pos = newFrames.indexOf(errFrame);
        if (pos !== -1) {
          newFrames = newFrames.slice(0, pos);
          break;
        }
      }
      newErr.stack = `${newFrames.join('\n')}\n${originalFrames.join('\n')}`;
    }
  }
  throw newErr;
};

function internalMatch(string, regexp, message, fn) {
  if (!isRegExp(regexp)) throw new codes.ERR_INVALID_ARG_TYPE('regexp', 'RegExp', regexp);
  const match = fn === assert.match;
  if (typeof string !== 'string' || (regexp.exec(string) !== null) !== match) {
    if (message instanceof Error) throw message;
    const generatedMessage = !message;
    message = message || (typeof string !== 'string'
      ? `The "string" argument must be of type string. Received type ${typeof string} `
        + `(${inspect(string)})`
      : `${match ? 'The input did not match the regular expression '
        : 'The input was expected to not match the regular expression '}`
        + `${inspect(regexp)}. Input:\n\n${inspect(string)}\n`);
    const err = new AssertionError({ actual: string, expected: regexp, message,
      operator: fn.name, stackStartFn: fn });
    err.generatedMessage = generatedMessage;
    throw err;
  }
}

assert.match = function match(string, regexp, message) {
  internalMatch(string, regexp, message, match);
};

assert.doesNotMatch = function doesNotMatch(string, regexp, message) {
  internalMatch(string, regexp, message, doesNotMatch);
};

function strict(...args) {
  innerOk(strict, args.length, ...args);
}

assert.strict = Object.assign(strict, assert, {
  equal: assert.strictEqual,
  deepEqual: assert.deepStrictEqual,
  notEqual: assert.notStrictEqual,
  notDeepEqual: assert.notDeepStrictEqual,
});
assert.strict.strict = assert.strict;
