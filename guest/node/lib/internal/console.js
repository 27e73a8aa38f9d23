'use strict';
// The console methods beyond log/info/warn/error/debug (those stay in the prelude, which
// writes them without loading anything for plain strings). Follows Node's
// lib/internal/console/constructor.js and lib/internal/cli_table.js.
const { console: core, processCore } = require('internal/core');
const { inspect, format } = require('util');
const types = require('util/types');

const counts = new Map();
const timers = new Map();

function log(...args) {
  core.write('log', core.formatArgs(args));
}

function warn(...args) {
  core.write('warn', core.formatArgs(args));
}

function emitWarning(message) {
  require('process').emitWarning(message);
}

// ---- table
const chars = {
  middleMiddle: '─', rowMiddle: '┼', topRight: '┐', topLeft: '┌', leftMiddle: '├',
  topMiddle: '┬', bottomRight: '┘', bottomLeft: '└', bottomMiddle: '┴', rightMiddle: '┤',
  left: '│ ', right: ' │', middle: ' │ ',
};

// Columns a string takes in a terminal: wide East Asian characters take two, combining
// marks and control characters none (Node's getStringWidth without ICU's full tables).
function stringWidth(str) {
  let width = 0;
  for (const ch of require('util').stripVTControlCharacters(String(str))) {
    const cp = ch.codePointAt(0);
    if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || (cp >= 0x300 && cp <= 0x36F)
      || (cp >= 0x200B && cp <= 0x200F) || (cp >= 0xFE00 && cp <= 0xFE0F)) continue;
    width += isWide(cp) ? 2 : 1;
  }
  return width;
}

function isWide(cp) {
  return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0x303E)
    || (cp >= 0x3041 && cp <= 0x33FF) || (cp >= 0x3400 && cp <= 0x4DBF)
    || (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xA000 && cp <= 0xA4CF)
    || (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF)
    || (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60)
    || (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1F64F)
    || (cp >= 0x1F900 && cp <= 0x1F9FF) || (cp >= 0x20000 && cp <= 0x3FFFD);
}

// Cells are left-aligned, as in Node 20 and later.
function renderRow(row, widths) {
  let out = chars.left;
  for (let i = 0; i < row.length; i++) {
    const cell = row[i];
    out += cell + ' '.repeat(widths[i] - stringWidth(cell));
    if (i !== row.length - 1) out += chars.middle;
  }
  return out + chars.right;
}

function renderTable(head, columns) {
  const rows = [];
  const widths = head.map((h) => stringWidth(h));
  const longest = Math.max(...columns.map((a) => a.length));
  for (let i = 0; i < head.length; i++) {
    const column = columns[i];
    for (let j = 0; j < longest; j++) {
      if (rows[j] === undefined) rows[j] = [];
      const value = rows[j][i] = Object.prototype.hasOwnProperty.call(column, j) ? column[j] : '';
      widths[i] = Math.max(widths[i] || 0, stringWidth(value));
    }
  }
  const divider = widths.map((w) => chars.middleMiddle.repeat(w + 2));
  let result = `${chars.topLeft}${divider.join(chars.topMiddle)}${chars.topRight}\n`
    + `${renderRow(head, widths)}\n`
    + `${chars.leftMiddle}${divider.join(chars.rowMiddle)}${chars.rightMiddle}\n`;
  for (const row of rows) result += `${renderRow(row, widths)}\n`;
  return result + chars.bottomLeft + divider.join(chars.bottomMiddle) + chars.bottomRight;
}

function table(data, properties) {
  if (properties !== undefined && !Array.isArray(properties)) {
    throw new (require('internal/errors').codes.ERR_INVALID_ARG_TYPE)('properties', 'Array', properties);
  }
  if (data === null || typeof data !== 'object') return log(data);
  const show = (v) => {
    const depth = v !== null && typeof v === 'object' && !Array.isArray(v)
      && Object.keys(v).length > 2 ? -1 : 0;
    return inspect(v, { depth, maxArrayLength: 3, breakLength: Infinity });
  };
  const indexes = (n) => Array.from({ length: n }, (_, i) => show(i));
  const final = (head, columns) => log(renderTable(head, columns));
  if (types.isMap(data) || types.isMapIterator(data)) {
    const keys = [];
    const values = [];
    const entries = types.isMap(data) ? data.entries() : data;
    for (const [k, v] of entries) {
      keys.push(show(k));
      values.push(show(v));
    }
    return final(['(iteration index)', 'Key', 'Values'], [indexes(keys.length), keys, values]);
  }
  if (types.isSet(data) || types.isSetIterator(data)) {
    const values = [];
    for (const v of data) values.push(show(v));
    return final(['(iteration index)', 'Values'], [indexes(values.length), values]);
  }
  const map = Object.create(null);
  let hasPrimitives = false;
  const valuesColumn = [];
  const indexColumn = Object.keys(data);
  for (let i = 0; i < indexColumn.length; i++) {
    const item = data[indexColumn[i]];
    const primitive = item === null || (typeof item !== 'function' && typeof item !== 'object');
    if (properties === undefined && primitive) {
      hasPrimitives = true;
      valuesColumn[i] = show(item);
    } else {
      for (const key of properties || Object.keys(item)) {
        if (map[key] === undefined) map[key] = [];
        map[key][i] = (primitive && properties) || !Object.prototype.hasOwnProperty.call(item, key)
          ? '' : show(item[key]);
      }
    }
  }
  const head = Object.keys(map);
  const columns = Object.values(map);
  if (hasPrimitives) {
    head.push('Values');
    columns.push(valuesColumn);
  }
  head.unshift('(index)');
  columns.unshift(indexColumn);
  return final(head, columns);
}

// ---- time
function formatTime(ms) {
  let hours = 0;
  let minutes = 0;
  let seconds = 0;
  if (ms >= 1000) {
    if (ms >= 60000) {
      if (ms >= 3600000) {
        hours = Math.floor(ms / 3600000);
        ms %= 3600000;
      }
      minutes = Math.floor(ms / 60000);
      ms %= 60000;
    }
    seconds = ms / 1000;
  }
  const pad = (v) => String(v).padStart(2, '0');
  if (hours !== 0 || minutes !== 0) {
    [seconds, ms] = seconds.toFixed(3).split('.');
    const res = hours !== 0 ? `${hours}:${pad(minutes)}` : minutes;
    return `${res}:${pad(seconds)}.${ms} (${hours !== 0 ? 'h:m' : ''}m:ss.mmm)`;
  }
  if (seconds !== 0) return `${seconds.toFixed(3)}s`;
  return `${Number(ms.toFixed(3))}ms`;
}

function elapsed(label) {
  const [s, ns] = processCore.hrtime(timers.get(label));
  return formatTime(s * 1000 + ns / 1e6);
}

module.exports = {
  dir(object, options) {
    core.write('log', inspect(object, { customInspect: false, ...options }));
  },
  dirxml: log,
  table,
  trace(...args) {
    const err = { name: 'Trace', message: format(...args) };
    Error.captureStackTrace(err, module.exports.trace);
    core.write('error', err.stack);
  },
  assert(expression, ...args) {
    if (!expression) {
      args[0] = `Assertion failed${args.length === 0 ? '' : `: ${args[0]}`}`;
      warn(...args);
    }
  },
  count(label = 'default') {
    label = `${label}`;
    const n = (counts.get(label) || 0) + 1;
    counts.set(label, n);
    log(`${label}: ${n}`);
  },
  countReset(label = 'default') {
    label = `${label}`;
    if (!counts.has(label)) emitWarning(`Count for '${label}' does not exist`);
    else counts.delete(label);
  },
  group(...data) {
    if (data.length > 0) log(...data);
    core.indent(1);
  },
  groupCollapsed(...data) {
    module.exports.group(...data);
  },
  groupEnd() {
    core.indent(-1);
  },
  time(label = 'default') {
    label = `${label}`;
    if (timers.has(label)) {
      emitWarning(`Label '${label}' already exists for console.time()`);
      return;
    }
    timers.set(label, processCore.hrtime());
  },
  timeEnd(label = 'default') {
    label = `${label}`;
    if (!timers.has(label)) {
      emitWarning(`No such label '${label}' for console.timeEnd()`);
      return;
    }
    log(`${label}: ${elapsed(label)}`);
    timers.delete(label);
  },
  timeLog(label = 'default', ...data) {
    label = `${label}`;
    if (!timers.has(label)) {
      emitWarning(`No such label '${label}' for console.timeLog()`);
      return;
    }
    log(`${label}: ${elapsed(label)}`, ...data);
  },
};
