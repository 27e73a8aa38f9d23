'use strict';
// node:perf_hooks: the global performance object (now, timeOrigin) and Node's mark/measure.
const marks = new Map();
const { performance } = globalThis;

function mark(name) {
  const entry = { name, entryType: 'mark', startTime: performance.now(), duration: 0 };
  marks.set(name, entry);
  return entry;
}

function measure(name, start, end) {
  const s = start === undefined ? 0 : marks.get(start).startTime;
  const e = end === undefined ? performance.now() : marks.get(end).startTime;
  return { name, entryType: 'measure', startTime: s, duration: e - s };
}

module.exports = {
  performance: Object.assign(Object.create(performance), { mark, measure }),
  PerformanceObserver: class PerformanceObserver {
    observe() {}
    disconnect() {}
  },
  constants: {},
};
