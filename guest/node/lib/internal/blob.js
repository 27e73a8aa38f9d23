'use strict';
// Blob and File, from fetch-blob (the implementation node-fetch uses).
const { Blob } = require('npm:fetch-blob/index.js');
const { File } = require('npm:fetch-blob/file.js');

module.exports = { Blob, File };
