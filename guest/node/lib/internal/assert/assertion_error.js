'use strict';
// AssertionError as Node 20 writes it (lib/internal/assert/assertion_error.js): the message
// generated from actual, expected and the operator (a line diff of their inspections for the
// strict comparisons), `AssertionError [ERR_ASSERTION]` at the head of its stack, and
// inspection that keeps long values short. An action's output is never a terminal, so the
// diff has no colours.
const { validateObject } = require('internal/validators');

// util loads when an AssertionError is made (a failure), not when assert is required.
const inspect = (...args) => require('util').inspect(...args);
const kInspect = Symbol.for('nodejs.util.inspect.custom');

const kReadableOperator = {
  deepStrictEqual: 'Expected values to be strictly deep-equal:',
  strictEqual: 'Expected values to be strictly equal:',
  strictEqualObject: 'Expected "actual" to be reference-equal to "expected":',
  deepEqual: 'Expected values to be loosely deep-equal:',
  notDeepStrictEqual: 'Expected "actual" not to be strictly deep-equal to:',
  notStrictEqual: 'Expected "actual" to be strictly unequal to:',
  notStrictEqualObject: 'Expected "actual" not to be reference-equal to "expected":',
  notDeepEqual: 'Expected "actual" not to be loosely deep-equal to:',
  notIdentical: 'Values have same structure but are not reference-equal:',
  notDeepEqualUnequal: 'Expected values not to be loosely deep-equal:',
};

// Comparing short primitives shows `a !== b` instead of a diff.
const kMaxShortLength = 12;
// The width Node assumes when stderr is not a terminal.
const kColumns = 80;
const colorRegExp = /\u001b\[\d\d?m/g; // eslint-disable-line no-control-regex

function copyError(source) {
  const target = Object.assign({ __proto__: Object.getPrototypeOf(source) }, source);
  Object.defineProperty(target, 'message', { value: source.message });
  return target;
}

function inspectValue(val) {
  return inspect(val, {
    compact: false,
    customInspect: false,
    depth: 1000,
    maxArrayLength: Infinity,
    showHidden: false,
    showProxy: false,
    sorted: true,
    getters: true,
  });
}

function getErrorMessage(operator, message) {
  return message || kReadableOperator[operator];
}

// Lines shown before a diverging line: up to three of the identical ones before it.
function identicalLines(identical, lines, i) {
  let out = '';
  let printed = 0;
  let skipped = false;
  if (identical > 2) {
    if (identical > 3) {
      if (identical > 4) {
        if (identical === 5) {
          out += `\n  ${lines[i - 3]}`;
          printed++;
        } else {
          out += '\n...';
          skipped = true;
        }
      }
      out += `\n  ${lines[i - 2]}`;
      printed++;
    }
    out += `\n  ${lines[i - 1]}`;
    printed++;
  }
  return { out, printed, skipped };
}

function createErrDiff(actual, expected, operator, message = '') {
  let other = '';
  let res = '';
  let end = '';
  let skipped = false;
  const actualInspected = inspectValue(actual);
  const actualLines = actualInspected.split('\n');
  const expectedLines = inspectValue(expected).split('\n');
  let i = 0;
  let indicator = '';

  if (operator === 'strictEqual'
    && ((typeof actual === 'object' && actual !== null
      && typeof expected === 'object' && expected !== null)
      || (typeof actual === 'function' && typeof expected === 'function'))) {
    operator = 'strictEqualObject';
  }

  if (actualLines.length === 1 && expectedLines.length === 1
    && actualLines[0] !== expectedLines[0]) {
    const colors = require('util').inspect.defaultOptions.colors;
    const actualRaw = colors ? actualLines[0].replace(colorRegExp, '') : actualLines[0];
    const expectedRaw = colors ? expectedLines[0].replace(colorRegExp, '') : expectedLines[0];
    const inputLength = actualRaw.length + expectedRaw.length;
    if (inputLength <= kMaxShortLength) {
      if ((typeof actual !== 'object' || actual === null)
        && (typeof expected !== 'object' || expected === null)
        && (actual !== 0 || expected !== 0)) {
        return `${getErrorMessage(operator, message)}\n\n`
          + `${actualLines[0]} !== ${expectedLines[0]}\n`;
      }
    } else if (operator !== 'strictEqualObject' && inputLength < kColumns) {
      while (actualRaw[i] === expectedRaw[i]) i++;
      if (i > 2) {
        indicator = `\n  ${' '.repeat(i)}^`;
        i = 0;
      }
    }
  }

  // Matching lines at the end are shown once, at most three of them.
  let a = actualLines[actualLines.length - 1];
  let b = expectedLines[expectedLines.length - 1];
  while (a === b) {
    if (i++ < 3) end = `\n  ${a}${end}`;
    else other = a;
    actualLines.pop();
    expectedLines.pop();
    if (actualLines.length === 0 || expectedLines.length === 0) break;
    a = actualLines[actualLines.length - 1];
    b = expectedLines[expectedLines.length - 1];
  }

  const maxLines = Math.max(actualLines.length, expectedLines.length);
  // Identical inspections of values that are not the same: `{ a: Symbol() }`.
  if (maxLines === 0) {
    const lines = actualInspected.split('\n');
    if (lines.length > 50) {
      lines[46] = '...';
      while (lines.length > 47) lines.pop();
    }
    return `${kReadableOperator.notIdentical}\n\n${lines.join('\n')}\n`;
  }

  if (i >= 5) {
    end = `\n...${end}`;
    skipped = true;
  }
  if (other !== '') {
    end = `\n  ${other}${end}`;
    other = '';
  }

  let printedLines = 0;
  let identical = 0;
  const msg = `${getErrorMessage(operator, message)}\n+ actual - expected`;
  const skippedMsg = ' ... Lines skipped';

  let lines = actualLines;
  let plusMinus = '+';
  let maxLength = expectedLines.length;
  if (actualLines.length < maxLines) {
    lines = expectedLines;
    plusMinus = '-';
    maxLength = actualLines.length;
  }

  for (i = 0; i < maxLines; i++) {
    if (maxLength < i + 1) {
      // Only one side has lines left.
      const before = identicalLines(identical, lines, i);
      res += before.out;
      printedLines += before.printed;
      skipped ||= before.skipped;
      identical = 0;
      if (lines === actualLines) res += `\n${plusMinus} ${lines[i]}`;
      else other += `\n${plusMinus} ${lines[i]}`;
      printedLines++;
    } else {
      const expectedLine = expectedLines[i];
      let actualLine = actualLines[i];
      // Lines that differ only by a trailing comma are identical.
      let divergingLines = actualLine !== expectedLine
        && (!actualLine.endsWith(',') || actualLine.slice(0, -1) !== expectedLine);
      if (divergingLines && expectedLine.endsWith(',')
        && expectedLine.slice(0, -1) === actualLine) {
        divergingLines = false;
        actualLine += ',';
      }
      if (divergingLines) {
        const before = identicalLines(identical, actualLines, i);
        res += before.out;
        printedLines += before.printed;
        skipped ||= before.skipped;
        identical = 0;
        // Diverging lines are grouped: +++--- rather than +-+-+-.
        res += `\n+ ${actualLine}`;
        other += `\n- ${expectedLine}`;
        printedLines += 2;
      } else {
        res += other;
        other = '';
        identical++;
        if (identical <= 2) {
          res += `\n  ${actualLine}`;
          printedLines++;
        }
      }
    }
    if (printedLines > 50 && i < maxLines - 2) {
      return `${msg}${skippedMsg}\n${res}\n...${other}\n...`;
    }
  }
  return `${msg}${skipped ? skippedMsg : ''}\n${res}${other}${end}${indicator}`;
}

function addEllipsis(string) {
  const lines = string.split('\n', 11);
  if (lines.length > 10) {
    lines.length = 10;
    return `${lines.join('\n')}\n...`;
  }
  if (string.length > 512) return `${string.slice(512)}...`;
  return string;
}

// The message when none was given, for the other operators.
function describeInequality(operator, actual, expected) {
  if (operator === 'notDeepStrictEqual' || operator === 'notStrictEqual') {
    let base = kReadableOperator[operator];
    const res = inspectValue(actual).split('\n');
    if (operator === 'notStrictEqual'
      && ((typeof actual === 'object' && actual !== null) || typeof actual === 'function')) {
      base = kReadableOperator.notStrictEqualObject;
    }
    if (res.length > 50) {
      res[46] = '...';
      while (res.length > 47) res.pop();
    }
    if (res.length === 1) return `${base}${res[0].length > 5 ? '\n\n' : ' '}${res[0]}`;
    return `${base}\n\n${res.join('\n')}\n`;
  }
  let res = inspectValue(actual);
  let other = inspectValue(expected);
  const knownOperator = kReadableOperator[operator];
  if (operator === 'notDeepEqual' && res === other) {
    res = `${knownOperator}\n\n${res}`;
    if (res.length > 1024) res = `${res.slice(0, 1021)}...`;
    return res;
  }
  if (res.length > 512) res = `${res.slice(0, 509)}...`;
  if (other.length > 512) other = `${other.slice(0, 509)}...`;
  if (operator === 'deepEqual') {
    res = `${knownOperator}\n\n${res}\n\nshould loosely deep-equal\n\n`;
  } else {
    const newOp = kReadableOperator[`${operator}Unequal`];
    if (newOp) res = `${newOp}\n\n${res}\n\nshould not loosely deep-equal\n\n`;
    else other = ` ${operator} ${other}`;
  }
  return `${res}${other}`;
}

class AssertionError extends Error {
  constructor(options) {
    validateObject(options, 'options');
    const { message, operator, stackStartFn, details, stackStartFunction } = options;
    let { actual, expected } = options;
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    let text;
    if (message != null) {
      text = operator === 'deepStrictEqual' || operator === 'strictEqual'
        ? createErrDiff(actual, expected, operator, message) : String(message);
    } else {
      // Errors on both sides are shown without their stacks.
      if (typeof actual === 'object' && actual !== null && typeof expected === 'object'
        && expected !== null && 'stack' in actual && actual instanceof Error
        && 'stack' in expected && expected instanceof Error) {
        actual = copyError(actual);
        expected = copyError(expected);
      }
      text = operator === 'deepStrictEqual' || operator === 'strictEqual'
        ? createErrDiff(actual, expected, operator)
        : describeInequality(operator, actual, expected);
    }
    super(text);
    Error.stackTraceLimit = limit;
    this.generatedMessage = !message;
    Object.defineProperty(this, 'name', { value: 'AssertionError [ERR_ASSERTION]',
      enumerable: false, writable: true, configurable: true });
    this.code = 'ERR_ASSERTION';
    if (details) {
      this.actual = undefined;
      this.expected = undefined;
      this.operator = undefined;
      for (let i = 0; i < details.length; i++) {
        this[`message ${i}`] = details[i].message;
        this[`actual ${i}`] = details[i].actual;
        this[`expected ${i}`] = details[i].expected;
        this[`operator ${i}`] = details[i].operator;
        this[`stack trace ${i}`] = details[i].stack;
      }
    } else {
      this.actual = actual;
      this.expected = expected;
      this.operator = operator;
    }
    Error.captureStackTrace(this, stackStartFn || stackStartFunction);
    // The stack's first line names the code.
    this.stack; // eslint-disable-line no-unused-expressions
    this.name = 'AssertionError';
  }

  toString() {
    return `${this.name} [${this.code}]: ${this.message}`;
  }

  [kInspect](recurseTimes, ctx) {
    const tmpActual = this.actual;
    const tmpExpected = this.expected;
    if (typeof this.actual === 'string') this.actual = addEllipsis(this.actual);
    if (typeof this.expected === 'string') this.expected = addEllipsis(this.expected);
    const result = inspect(this, { ...ctx, customInspect: false, depth: 0 });
    this.actual = tmpActual;
    this.expected = tmpExpected;
    return result;
  }
}

module.exports = AssertionError;
