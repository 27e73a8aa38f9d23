// Workloads for calibrating fuel against CPU time: each runs `n` rounds.
const WORK = {
  loop(n) { let s = 0; for (let i = 0; i < n * 100000; i++) s = (s + i * 7) % 1000003; return s; },
  json(n) {
    const o = { users: Array.from({ length: 200 }, (_, i) => ({ id: i, name: `user${i}`, tags: ['a', 'b'], meta: { x: i / 3 } })) };
    let t = 0; for (let i = 0; i < n; i++) t += JSON.parse(JSON.stringify(o)).users.length; return t;
  },
  regex(n) {
    const re = /^([a-z0-9._%+-]+)@([a-z0-9.-]+)\.([a-z]{2,})$/i; let c = 0;
    for (let i = 0; i < n * 2000; i++) if (re.test(`user${i}@example${i % 7}.com`)) c++; return c;
  },
  sort(n) { let t = 0; for (let i = 0; i < n; i++) { const a = Array.from({ length: 5000 }, (_, j) => (j * 7919) % 5003); a.sort((x, y) => x - y); t += a[0]; } return t; },
  strings(n) { let t = 0; for (let i = 0; i < n * 200; i++) { const s = `a,b,c,${i},d`.split(',').map((x) => x.toUpperCase()).join('-'); t += s.length; } return t; },
  objects(n) { let t = 0; for (let i = 0; i < n * 1000; i++) { const o = { a: i, b: [i, i + 1], c: { d: String(i) } }; t += o.b[1] + o.c.d.length; } return t; },
};
module.exports = WORK;
