// Exports the handler through a getter that never returns: the loader reads the exports when
// the action loads, under the action's limits, so fuel stops it there.
// expect: fuel_exhausted
// limits: {"fuel": 50000000}
Object.defineProperty(exports, 'onExecutePostChallenge', {
  enumerable: true,
  get() {
    for (;;) {}
  },
});
