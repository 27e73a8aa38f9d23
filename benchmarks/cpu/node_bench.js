// The node side of benchmarks/cpu.py: CPU milliseconds of each workload, warm.
'use strict';
const WORK = require('./work.js');

const n = Number(process.argv[2] || 30);
for (const [name, fn] of Object.entries(WORK)) {
  fn(2); // warm the JIT
  const before = process.cpuUsage();
  fn(n);
  const used = process.cpuUsage(before);
  console.log(JSON.stringify({ name, cpu_ms: (used.user + used.system) / 1000 }));
}
