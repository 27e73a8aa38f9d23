'use strict';
// Blob and File, from fetch-blob (the implementation node-fetch uses), shown by util.inspect
// as Node shows them. structuredClone makes a Blob of either, as Node 20 does.
const { Blob } = require('npm:fetch-blob/index.js');
const { File } = require('npm:fetch-blob/file.js');
const { kClone } = require('internal/structured_clone');

const kInspect = Symbol.for('nodejs.util.inspect.custom');

function inspector(name, fields) {
  return function inspect(depth, options) {
    if (depth < 0) return this;
    const opts = { ...options, depth: options.depth == null ? null : options.depth - 1 };
    return `${name} ${require('util').inspect(fields(this), opts)}`;
  };
}

Object.defineProperties(Blob.prototype, {
  [kClone]: {
    value: function clone() {
      return new Blob([this], { type: this.type });
    },
  },
  [kInspect]: {
    value: inspector('Blob', (b) => ({ size: b.size, type: b.type })),
  },
});
Object.defineProperty(File.prototype, kInspect, {
  value: inspector('File', (f) => ({ size: f.size, type: f.type, name: f.name,
    lastModified: f.lastModified })),
});

module.exports = { Blob, File };
