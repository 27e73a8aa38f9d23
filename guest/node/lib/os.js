'use strict';
// node:os, as far as an action can know its machine: a fixed, anonymous description
// (Linux, one CPU, no network interfaces), the same on every host of the platform.
module.exports = {
  EOL: '\n',
  arch: () => 'x64',
  platform: () => 'linux',
  type: () => 'Linux',
  release: () => '6.0.0',
  version: () => '#1 SMP',
  machine: () => 'x86_64',
  hostname: () => 'localhost',
  homedir: () => '/',
  tmpdir: () => '/tmp',
  endianness: () => 'LE',
  uptime: () => require('process').uptime(),
  loadavg: () => [0, 0, 0],
  totalmem: () => 256 * 1024 * 1024,
  freemem: () => 128 * 1024 * 1024,
  availableParallelism: () => 1,
  cpus: () => [],
  networkInterfaces: () => ({}),
  userInfo: () => ({ uid: 0, gid: 0, username: 'action', homedir: '/', shell: null }),
  devNull: '/dev/null',
  constants: { signals: {}, errno: {}, priority: {} },
  getPriority: () => 0,
  setPriority() {
    throw new Error('os.setPriority is not available in an action');
  },
};
