// The JavaScript side of the guest runtime: the Node platform's core (console, the event loop
// with real timers, process, require of built-ins, lazily loaded globals) and the trigger's
// `api` object. Evaluated once, before any action code, when the engine snapshot is made;
// runtime.c calls the returned internals.
//
// Action code runs in the same realm and may replace any global or prototype method, so
// everything here holds on to the primordials it needs from the start and touches no
// prototype method at call time: a tenant can break its own logs, never the host protocol.
//
// Built-in modules (guest/node/lib/) are not evaluated here: their bytecode stays in the
// host until an action first requires one or touches a global it provides, so an action
// that uses none of them pays nothing for them (the snapshot's memory is reset after every
// execution, and its size is what that costs).
(function (native) {
  'use strict';
  const { record, call, log, platform, loadModule, clock, introspect } = native;
  const String_ = String;
  const stringify = JSON.stringify;
  const apply = Reflect.apply;
  const defineProperty = Reflect.defineProperty;
  const freeze = Object.freeze;
  const create = Object.create;
  const TypeError_ = TypeError;
  const RangeError_ = RangeError;
  const Error_ = Error;
  const Promise_ = Promise;
  const promiseResolve = Promise.resolve.bind(Promise);
  const SymbolToPrimitive = Symbol.toPrimitive;
  const isError = (v) => v instanceof Error_;
  const global = globalThis;
  const NODE_VERSION = 'v22.14.0';

  // ---- error stacks -------------------------------------------------------------------
  // V8 (and so Node) starts an error's stack with its `Name: message` line, written when the
  // stack is first read (a subclass that sets this.name after super() shows that name), then
  // its frames, recorded when the error is made; QuickJS lists only the frames. The engine
  // formats every error's frames through the one function kept in its context, set once
  // here; the `Error.prepareStackTrace` an action sees is its own, undefined until it sets
  // one, as in Node, and called the way V8 would call it. Error.prototype.stack's getter adds
  // the `Name: message` line on first read and keeps the result as the error's own property,
  // as V8 has it; a stack that is not a run of frames (one made by the action's
  // Error.prepareStackTrace) is left as it is.
  const nativePrepare = Object.getOwnPropertyDescriptor(Error_, 'prepareStackTrace');
  let userPrepare;

  // A bundle made at deploy (an action with npm dependencies, or TypeScript) is compiled
  // under BUNDLE_FILE, and the host holds its source map: its frames are named after the
  // author's own file and line, or the package's file, as Node's --enable-source-maps does.
  // One platform call per stack asks for the positions not seen before in this execution;
  // frames of a plain action (action.js) never cross.
  const BUNDLE_FILE = 'action.bundle.js';
  const MAPPED = create(null); // 'line:col' of the bundle -> 'file:line:col'

  function where(file, line, column) {
    if (file !== BUNDLE_FILE) return `${file}:${line}:${column}`;
    const found = MAPPED[`${line}:${column}`];
    return found === undefined ? `${file}:${line}:${column}` : found;
  }

  function mapPositions(positions) {
    let answer;
    try {
      answer = platform('sourcemap.map', positions);
    } catch (e) {
      return; // over a limit, or no host: the frames keep the bundle's positions
    }
    for (let i = 0; i < positions.length; i += 2) {
      const found = answer === null ? null : answer[i >> 1];
      MAPPED[`${positions[i]}:${positions[i + 1]}`] =
        typeof found === 'string' ? found : `${BUNDLE_FILE}:${positions[i]}:${positions[i + 1]}`;
    }
  }

  function frame(name, file, line, column) {
    if (file === undefined || file === null) return `    at ${name || '<anonymous>'} (native)`;
    const at = where(file, line, column);
    return name ? `    at ${name} (${at})` : `    at ${at}`;
  }

  function prepareStack(error, sites) {
    if (typeof userPrepare === 'function') return apply(userPrepare, Error_, [error, sites]);
    const frames = [];
    const unseen = [];
    for (let i = 0; i < sites.length; i++) {
      const site = sites[i];
      const file = site.getFileName();
      const line = site.getLineNumber();
      const column = site.getColumnNumber();
      frames[i] = [site.getFunctionName(), file, line, column];
      if (file === BUNDLE_FILE && MAPPED[`${line}:${column}`] === undefined) {
        unseen[unseen.length] = line;
        unseen[unseen.length] = column;
      }
    }
    if (unseen.length > 0) mapPositions(unseen);
    let out = '';
    for (let i = 0; i < frames.length; i++) {
      const f = frames[i];
      out += (i ? '\n' : '') + frame(f[0], f[1], f[2], f[3]);
    }
    return out;
  }

  apply(nativePrepare.set, Error_, [prepareStack]);
  defineProperty(Error_, 'prepareStackTrace', {
    configurable: true,
    enumerable: false,
    get() {
      return userPrepare;
    },
    set(value) {
      userPrepare = value;
    },
  });

  const getOwnPropertyDescriptor = Object.getOwnPropertyDescriptor;
  const rawStack = getOwnPropertyDescriptor(Error_.prototype, 'stack').get;
  const nativeCapture = Error_.captureStackTrace;

  function stackHeader(err) {
    try {
      const name = err.name === undefined ? 'Error' : String_(err.name);
      const message = err.message === undefined ? '' : String_(err.message);
      if (name === '') return message;
      return message === '' ? name : `${name}: ${message}`;
    } catch (e) {
      return 'Error';
    }
  }

  function withHeader(err, raw) {
    if (typeof raw !== 'string') return raw;
    if (raw === '') return stackHeader(err);
    if (raw.slice(0, 7) !== '    at ') return raw;
    const frames = raw[raw.length - 1] === '\n' ? raw.slice(0, -1) : raw;
    return `${stackHeader(err)}\n${frames}`;
  }

  function ownStack(obj, value) {
    defineProperty(obj, 'stack', { value, writable: true, configurable: true, enumerable: false });
  }

  defineProperty(Error_.prototype, 'stack', {
    configurable: true,
    enumerable: false,
    get() {
      const raw = apply(rawStack, this, []);
      if (raw === undefined) return undefined;
      const stack = withHeader(this, raw);
      ownStack(this, stack);
      return stack;
    },
    set(value) {
      ownStack(this, value);
    },
  });

  // QuickJS gives a DOMException its frames as an own property when it is made; Node's stack
  // reads `NotFoundError: message` first. The global constructor is wrapped to add the line;
  // instances keep the engine's prototype (and so its brand checks and constants).
  const NativeDOMException = global.DOMException;
  const DOMException = function DOMException() {
    if (new.target === undefined) {
      throw new TypeError_("Class constructor DOMException cannot be invoked without 'new'");
    }
    const exception = Reflect.construct(NativeDOMException, arguments, new.target);
    const own = getOwnPropertyDescriptor(exception, 'stack');
    if (own !== undefined) ownStack(exception, withHeader(exception, own.value));
    return exception;
  };
  for (const key of Reflect.ownKeys(NativeDOMException)) {
    if (key !== 'name' && key !== 'length') {
      defineProperty(DOMException, key, getOwnPropertyDescriptor(NativeDOMException, key));
    }
  }
  defineProperty(DOMException.prototype, 'constructor', { value: DOMException, writable: true,
    configurable: true, enumerable: false });
  defineProperty(global, 'DOMException', { value: DOMException, writable: true,
    configurable: true, enumerable: false });

  defineProperty(Error_, 'captureStackTrace', {
    writable: true,
    configurable: true,
    enumerable: false,
    value: function captureStackTrace(obj, fn) {
      // Frames above `fn`, or above this wrapper when no function is given.
      apply(nativeCapture, Error_, [obj, typeof fn === 'function' ? fn : captureStackTrace]);
      const own = getOwnPropertyDescriptor(obj, 'stack');
      if (own === undefined || typeof own.value !== 'string') return;
      const raw = own.value;
      defineProperty(obj, 'stack', {
        configurable: true,
        enumerable: false,
        get() {
          const stack = withHeader(obj, raw);
          ownStack(obj, stack);
          return stack;
        },
        set(value) {
          ownStack(obj, value);
        },
      });
    },
  });

  // ---- modules ------------------------------------------------------------------------
  // Each built-in is a CommonJS module compiled by the platform (guest/node/, then
  // exec_compile_module); `loadModule` brings its wrapper function in from the host. Names
  // are checked here, against this list, and again by the host.
  const BUILTINS = freeze(create(null, Object.fromEntries([
    'assert', 'assert/strict', 'buffer', 'console', 'crypto', 'diagnostics_channel', 'events',
    'os', 'path', 'path/posix', 'perf_hooks', 'process', 'punycode', 'querystring', 'stream',
    'stream/promises', 'stream/web', 'string_decoder', 'timers', 'timers/promises', 'url', 'util',
    'util/types',
  ].map((name) => [name, { value: true, enumerable: true }]))));
  // Modules a sandbox cannot have: requiring one fails at once, saying why.
  const NO_FS = 'actions have no file system';
  const UNAVAILABLE = freeze({
    __proto__: null,
    fs: NO_FS, 'fs/promises': NO_FS, child_process: 'actions cannot start processes',
    cluster: 'actions cannot start processes', worker_threads: 'actions cannot start threads',
    net: 'actions cannot open sockets (use fetch)', tls: 'actions cannot open sockets (use fetch)',
    dgram: 'actions cannot open sockets', dns: 'actions cannot resolve names (fetch does)',
    'dns/promises': 'actions cannot resolve names (fetch does)', http2: 'use fetch',
    http: 'use fetch (the host performs it under the egress policy)',
    https: 'use fetch (the host performs it under the egress policy)',
    zlib: 'compression is not available in actions (fetch decompresses responses itself)',
    constants: 'deprecated; use os.constants or fs.constants', domain: 'deprecated',
    vm: 'actions cannot create JavaScript contexts', v8: 'actions run on QuickJS, not V8',
    inspector: 'actions cannot be debugged', repl: 'actions have no terminal',
    readline: 'actions have no terminal', tty: 'actions have no terminal',
    module: 'actions cannot load modules at run time', wasi: 'actions cannot run WebAssembly',
    async_hooks: 'not available in actions', trace_events: 'not available in actions',
    sqlite: NO_FS, test: 'not available in actions', sea: 'not available in actions',
  });

  const modules = create(null); // name -> module record, once loaded
  const internalModules = create(null); // modules made here rather than loaded

  function loadBuiltin(name) {
    const cached = modules[name];
    if (cached !== undefined) return cached.exports;
    const wrapper = internalModules[name] !== undefined ? null : loadModule(name);
    const module = { exports: {}, id: name, loaded: false };
    modules[name] = module;
    if (wrapper === null) {
      module.exports = internalModules[name];
    } else {
      try {
        apply(wrapper, module.exports, [module.exports, requireInternal, module,
          `node:${name}`, '/']);
      } catch (e) {
        modules[name] = undefined;
        throw e;
      }
    }
    module.loaded = true;
    return module.exports;
  }

  // Node's errors (`TypeError [ERR_INVALID_ARG_TYPE]: ...`) come from the internal/errors
  // module, loaded only when one is thrown.
  function nodeError(code, ...args) {
    return loadBuiltin('internal/errors').codes[code](...args);
  }

  function checkId(id) {
    if (typeof id !== 'string') throw nodeError('ERR_INVALID_ARG_TYPE', 'id', 'string', id);
    if (id === '') throw nodeError('ERR_INVALID_ARG_VALUE', 'id', id, 'must be a non-empty string');
  }

  let sysWarned = false;

  // What actions (and the packages they bundle) call.
  function require(id) {
    checkId(id);
    const prefixed = id.length >= 5 && id[0] === 'n' && id.slice(0, 5) === 'node:';
    const name = prefixed ? id.slice(5) : id === 'sys' ? 'util' : id;
    if (id === 'sys' && !sysWarned) {
      sysWarned = true;
      loadBuiltin('process').emitWarning('sys is deprecated. Use util instead.',
        'DeprecationWarning', 'DEP0025');
    }
    if (BUILTINS[name] === true) return loadBuiltin(name);
    if (UNAVAILABLE[name] !== undefined) {
      throw nodeError('ERR_ACTION_MODULE_UNAVAILABLE', id, UNAVAILABLE[name]);
    }
    if (prefixed) throw nodeError('ERR_UNKNOWN_BUILTIN_MODULE', id);
    const err = new Error_(`Cannot find module '${id}'\nRequire stack:\n- /action.js`);
    err.code = 'MODULE_NOT_FOUND';
    err.requireStack = ['/action.js'];
    throw err;
  }
  require.resolve = function resolve(id) {
    checkId(id);
    const name = id.slice(0, 5) === 'node:' ? id.slice(5) : id;
    if (BUILTINS[name] === true) return id;
    return require(id); // throws the same error require would
  };
  require.cache = create(null);
  require.main = undefined;

  // What built-in modules call: the public names, their own internal ones, and the
  // platform's services.
  function requireInternal(id) {
    const name = id.slice(0, 5) === 'node:' ? id.slice(5) : id;
    if (name.slice(0, 9) === 'internal/') return loadBuiltin(name);
    return require(id);
  }

  // ---- host operations ----------------------------------------------------------------
  // A platform method that starts work in the host (a fetch) answers with an operation id at
  // once; the result arrives later through `io.wait`, which the event loop calls when nothing
  // else can run. Promises are made with the Promise captured above, never the global one.
  const pending = create(null); // op id -> { resolve, reject }
  let inflight = 0;
  const ready = []; // completions received, not yet delivered: [id, ok, value]
  let readyHead = 0;

  function startOp(method, ...args) {
    return apply(beginOp, undefined, [method, ...args])[1];
  }

  // startOp, and the operation's id, for a caller that may cancel it: [id, promise].
  function beginOp(method, ...args) {
    const id = apply(platform, undefined, [method, ...args]);
    const promise = new Promise_((resolve, reject) => {
      pending[id] = { resolve, reject };
      inflight++;
    });
    return [id, promise];
  }

  // Stops waiting for an operation (its promise is settled by the caller); the host is told
  // so that it can drop the work. A completion arriving later is ignored.
  function cancelOp(id) {
    if (pending[id] === undefined) return;
    pending[id] = undefined;
    inflight--;
    platform('io.cancel', id);
  }

  function receive(completions) {
    for (let i = 0; i < completions.length; i++) ready[ready.length] = completions[i];
  }

  function deliverOne() {
    const c = ready[readyHead];
    ready[readyHead++] = undefined;
    if (readyHead === ready.length) ready.length = readyHead = 0;
    const op = pending[c[0]];
    if (op === undefined) return;
    pending[c[0]] = undefined;
    inflight--;
    if (c[1]) op.resolve(c[2]);
    else op.reject(c[2]);
  }

  // ---- timers -------------------------------------------------------------------------
  // Real time: a timer due in 100 ms fires 100 ms later, while the host waits (no fuel is
  // spent waiting). Kept in a binary heap by (due, creation order).
  const TIMEOUT_MAX = 2 ** 31 - 1;
  const heap = [];
  let timerSeq = 0;
  let nextTimerId = 1;
  let refed = 0; // active timers that keep the loop alive
  const timersById = create(null);

  function before(a, b) {
    return a.due < b.due || (a.due === b.due && a.seq < b.seq);
  }

  function heapPush(entry) {
    let i = heap.length;
    heap[i] = entry;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i], heap[parent])) break;
      const t = heap[i];
      heap[i] = heap[parent];
      heap[parent] = t;
      i = parent;
    }
  }

  function heapPop() {
    const top = heap[0];
    const last = heap[heap.length - 1];
    heap.length = heap.length - 1;
    if (heap.length > 0) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && before(heap[l], heap[m])) m = l;
        if (r < heap.length && before(heap[r], heap[m])) m = r;
        if (m === i) break;
        const t = heap[i];
        heap[i] = heap[m];
        heap[m] = t;
        i = m;
      }
    }
    return top;
  }

  function delayOf(ms) {
    let delay = +ms;
    // NaN, negatives, 0 and values past 32 bits run on the next turn, as in Node.
    if (!(delay >= 1 && delay <= TIMEOUT_MAX)) {
      if (delay > TIMEOUT_MAX) {
        loadBuiltin('process').emitWarning(`${delay} does not fit into a 32-bit signed integer.`
          + '\nTimeout duration was set to 1.', 'TimeoutOverflowWarning');
      }
      delay = 1;
    }
    return delay;
  }

  class Timeout {
    constructor(fn, delay, args, repeat) {
      this._onTimeout = fn;
      this._idleTimeout = delay;
      this._timerArgs = args;
      this._repeat = repeat ? delay : null;
      this._destroyed = false;
      this._id = nextTimerId++;
      this._ref = true;
      this._entry = null;
      refed++;
      timersById[this._id] = this;
      schedule(this);
    }
    ref() {
      if (!this._ref && !this._destroyed) refed++;
      this._ref = true;
      return this;
    }
    unref() {
      if (this._ref && !this._destroyed) refed--;
      this._ref = false;
      return this;
    }
    hasRef() {
      return this._ref;
    }
    refresh() {
      if (!this._destroyed) schedule(this);
      return this;
    }
    close() {
      clearTimer(this);
      return this;
    }
    [SymbolToPrimitive]() {
      return this._id;
    }
  }

  // A timer's heap entry; refresh() leaves the old entry behind, marked stale.
  function schedule(timer) {
    if (timer._entry !== null) timer._entry.timer = null;
    const entry = { due: clock() + timer._idleTimeout, seq: timerSeq++, timer };
    timer._entry = entry;
    heapPush(entry);
  }

  function clearTimer(timer) {
    if (typeof timer === 'number' || typeof timer === 'string') timer = timersById[timer];
    if (!(timer instanceof Timeout) || timer._destroyed) return;
    timer._destroyed = true;
    if (timer._ref) refed--;
    if (timer._entry !== null) timer._entry.timer = null;
    timer._entry = null;
    timersById[timer._id] = undefined;
  }

  function checkCallback(fn) {
    if (typeof fn !== 'function') throw nodeError('ERR_INVALID_ARG_TYPE', 'callback', 'function', fn);
  }

  function setTimeout(fn, ms, ...args) {
    checkCallback(fn);
    return new Timeout(fn, delayOf(ms), args, false);
  }

  function setInterval(fn, ms, ...args) {
    checkCallback(fn);
    return new Timeout(fn, delayOf(ms), args, true);
  }

  function runTimer(timer) {
    if (timer._repeat !== null) schedule(timer);
    else clearTimer(timer);
    apply(timer._onTimeout, timer, timer._timerArgs);
  }

  class Immediate {
    constructor(fn, args) {
      this._onImmediate = fn;
      this._argv = args;
      this._destroyed = false;
      this._ref = true;
      immediateCount++;
    }
    ref() {
      if (!this._ref && !this._destroyed) immediateCount++;
      this._ref = true;
      return this;
    }
    unref() {
      if (this._ref && !this._destroyed) immediateCount--;
      this._ref = false;
      return this;
    }
    hasRef() {
      return this._ref;
    }
  }

  let immediates = [];
  let immediateCount = 0; // queued and referenced

  function setImmediate(fn, ...args) {
    checkCallback(fn);
    const imm = new Immediate(fn, args);
    immediates[immediates.length] = imm;
    return imm;
  }

  // util.promisify(setTimeout) is timers/promises' setTimeout, as in Node.
  for (const [fn, name] of [[setTimeout, 'setTimeout'], [setImmediate, 'setImmediate']]) {
    defineProperty(fn, Symbol.for('nodejs.util.promisify.custom'), {
      enumerable: true,
      configurable: true,
      get: () => loadBuiltin('timers/promises')[name],
    });
  }

  function clearImmediate(imm) {
    if (!(imm instanceof Immediate) || imm._destroyed) return;
    imm._destroyed = true;
    if (imm._ref) immediateCount--;
  }

  function runImmediate(imm) {
    if (imm._destroyed) return;
    clearImmediate(imm);
    apply(imm._onImmediate, imm, imm._argv);
  }

  // ---- process.nextTick ---------------------------------------------------------------
  const ticks = [];
  let tickHead = 0;

  function nextTick(fn, ...args) {
    checkCallback(fn);
    ticks[ticks.length] = fn;
    ticks[ticks.length] = args;
  }

  // Called by runtime.c around every round of promise jobs; whether it ran any.
  function runTicks() {
    if (tickHead === ticks.length) return false;
    while (tickHead < ticks.length) {
      const fn = ticks[tickHead];
      const args = ticks[tickHead + 1];
      ticks[tickHead] = ticks[tickHead + 1] = undefined;
      tickHead += 2;
      apply(fn, undefined, args);
    }
    ticks.length = tickHead = 0;
    return true;
  }

  // ---- the event loop -----------------------------------------------------------------
  // One loop iteration collects the timers that are due, the host operations that finished
  // and the immediates queued, in Node's phase order; runtime.c runs them one per `step`,
  // draining ticks and promise jobs after each. With nothing runnable, the host waits for a
  // timer or an operation, up to the deadline. Returns 1 to go on, 0 when nothing pending
  // could ever run, 2 when what is pending is due only after the deadline.
  let phase = [];
  let phaseHead = 0;

  function step(deadline) {
    if (phaseHead < phase.length) {
      runQueued();
      return 1;
    }
    phase = [];
    phaseHead = 0;
    collect(clock());
    if (phase.length > 0) {
      runQueued();
      return 1;
    }
    return wait(deadline);
  }

  function collect(now) {
    while (heap.length > 0 && heap[0].due <= now) {
      const entry = heapPop();
      if (entry.timer !== null) phase[phase.length] = entry.timer;
    }
    const queued = immediates;
    immediates = [];
    // Operations that completed meanwhile run between the timers and the immediates. With
    // neither of those, there is no need to ask: the wait that follows returns at once
    // with whatever has completed.
    if (inflight > 0 && readyHead === ready.length && (phase.length > 0 || queued.length > 0)) {
      receive(platform('io.wait', 0));
    }
    for (let i = readyHead; i < ready.length; i++) phase[phase.length] = null; // one each
    for (let i = 0; i < queued.length; i++) phase[phase.length] = queued[i];
  }

  function runQueued() {
    const item = phase[phaseHead];
    phase[phaseHead++] = undefined;
    if (item === null) deliverOne();
    else if (item instanceof Timeout) {
      if (!item._destroyed) runTimer(item);
    } else runImmediate(item);
  }

  function dropStale() {
    while (heap.length > 0 && heap[0].timer === null) heapPop();
  }

  function wait(deadline) {
    dropStale();
    if (refed === 0 && inflight === 0 && immediateCount === 0 && immediates.length === 0) {
      return 0;
    }
    const wake = heap.length > 0 ? heap[0].due : Infinity;
    if (wake > deadline && inflight === 0) return 2;
    const until = wake < deadline ? wake : deadline;
    const ms = until - clock();
    if (ms > 0 || inflight > 0) receive(platform('io.wait', ms > 0 ? ms : 0));
    return clock() >= deadline && ready.length === readyHead ? 2 : 1;
  }

  // ---- console ------------------------------------------------------------------------
  // Node's console: strings and other primitives are written as they are; anything else is
  // formatted by util.format/inspect, loaded on first need. The rest of Node's console
  // (table, dir, time, count, group, assert, trace) lives in the `console` module.
  let groupIndent = '';

  function plain(v) {
    switch (typeof v) {
      case 'string': return v;
      case 'number': return v === 0 && 1 / v < 0 ? '-0' : String_(v);
      case 'boolean': case 'undefined': return String_(v);
      case 'bigint': return `${v}n`;
      case 'symbol': return v.toString();
      default: return v === null ? 'null' : undefined;
    }
  }

  function formatArgs(args) {
    let line = '';
    const first = args[0];
    let simple = typeof first !== 'string' || first.indexOf('%') === -1;
    for (let i = 0; simple && i < args.length; i++) {
      const s = plain(args[i]);
      if (s === undefined) simple = false;
      else line += (i ? ' ' : '') + s;
    }
    if (simple) return line;
    return apply(loadBuiltin('util').format, undefined, args);
  }

  function write(level, line) {
    if (groupIndent !== '') {
      line = groupIndent + line.split('\n').join('\n' + groupIndent);
    }
    log(level, line);
  }

  // Node's console methods are bound functions named for their method: `console.log.name`.
  function logger(level) {
    return {
      [level](...args) {
        let line;
        try {
          line = formatArgs(args);
        } catch (e) {
          line = fallbackFormat(args);
        }
        write(level, line);
      },
    }[level];
  }

  // When util cannot format (an action replaced the built-ins it relies on before it
  // loaded): each value as JSON or text, with the primordials held here.
  function fallbackFormat(args) {
    let line = '';
    for (let i = 0; i < args.length; i++) line += (i ? ' ' : '') + fallbackValue(args[i]);
    return line;
  }

  function fallbackValue(v) {
    try {
      if (typeof v === 'string') return v;
      // A stack starts with the error's `Name: message` line.
      if (isError(v)) return v.stack ? String_(v.stack) : String_(v);
      if (typeof v === 'object' && v !== null) {
        const s = stringify(v);
        if (s !== undefined) return s;
      }
      return String_(v);
    } catch (e) {
      return '[unprintable value]';
    }
  }

  function consoleMethod(name) {
    return {
      [name](...args) {
        return apply(loadBuiltin('internal/console')[name], this, args);
      },
    }[name];
  }

  const console = {
    log: logger('log'),
    info: logger('info'),
    warn: logger('warn'),
    error: logger('error'),
    debug: logger('debug'),
  };
  for (const name of ['dir', 'dirxml', 'table', 'trace', 'assert', 'count', 'countReset',
    'group', 'groupCollapsed', 'groupEnd', 'time', 'timeEnd', 'timeLog']) {
    console[name] = consoleMethod(name);
  }
  // What the `console` module builds the rest on.
  const consoleInternals = freeze({
    write,
    formatArgs,
    indent(delta) {
      groupIndent = delta > 0 ? groupIndent + '  ' : groupIndent.slice(2);
    },
  });

  // ---- process ------------------------------------------------------------------------
  function hrtime(prev) {
    const ns = Math.floor(clock() * 1e6);
    let s = Math.floor(ns / 1e9);
    let n = ns % 1e9;
    if (prev !== undefined) {
      s -= prev[0];
      n -= prev[1];
      if (n < 0) {
        s--;
        n += 1e9;
      }
    }
    return [s, n];
  }
  hrtime.bigint = () => BigInt(Math.floor(clock() * 1e6));
  // performance.now() counts from the start of the execution (runtime.c, exec_start_clock).
  const perfNow = apply(Function.prototype.bind, global.performance.now, [global.performance]);
  const dateNow = Date.now;

  // The global `performance`: now() and timeOrigin here, so that timing code costs nothing
  // more; User Timing (mark, measure, entries, timerify) loads perf_hooks on first use, which
  // makes this object's prototype its Performance.prototype.
  const performanceProto = {
    now() {
      return perfNow();
    },
    get timeOrigin() {
      return dateNow() - perfNow();
    },
    toJSON() {
      return { timeOrigin: this.timeOrigin };
    },
  };
  for (const name of ['mark', 'measure', 'getEntries', 'getEntriesByName', 'getEntriesByType',
    'clearMarks', 'clearMeasures', 'clearResourceTimings', 'timerify']) {
    performanceProto[name] = {
      [name](...args) {
        loadBuiltin('perf_hooks');
        return apply(performanceProto[name], this, args);
      },
    }[name];
  }
  const performance = create(performanceProto);

  // ---- locale-sensitive built-ins ------------------------------------------------------
  // QuickJS ignores the locale where Node formats with ICU: these methods delegate to the
  // Intl module, loaded on first use, keeping the name and length of the method they replace.
  const LOCALE_METHODS = [
    [Number.prototype, 'toLocaleString', 'number'], [BigInt.prototype, 'toLocaleString', 'bigint'],
    [Date.prototype, 'toLocaleString', 'date'], [Date.prototype, 'toLocaleDateString', 'dateOnly'],
    [Date.prototype, 'toLocaleTimeString', 'timeOnly'], [String.prototype, 'localeCompare', 'compare'],
    [String.prototype, 'toLocaleUpperCase', 'upper'], [String.prototype, 'toLocaleLowerCase', 'lower'],
  ];
  // The guest's local time zone is UTC, which QuickJS leaves unnamed; V8 names it.
  for (const name of ['toString', 'toTimeString']) {
    const original = Date.prototype[name];
    const method = {
      [name]() {
        const text = apply(original, this, []);
        return text === 'Invalid Date' ? text : `${text} (Coordinated Universal Time)`;
      },
    }[name];
    defineProperty(Date.prototype, name, { value: method, writable: true, configurable: true, enumerable: false });
  }
  for (const [proto, name, kind] of LOCALE_METHODS) {
    const original = proto[name];
    const method = {
      [name](...args) {
        return apply(loadBuiltin('internal/intl').localeMethods[kind], this, args);
      },
    }[name];
    defineProperty(method, 'length', { value: original.length, configurable: true });
    defineProperty(proto, name, { value: method, writable: true, configurable: true, enumerable: false });
  }

  // The core of `process`; the `process` module makes it an EventEmitter and adds the rest.
  const processCore = {
    version: NODE_VERSION,
    versions: freeze({ node: NODE_VERSION.slice(1), quickjs: '0.17.0', modules: '127' }),
    platform: 'linux',
    arch: 'x64',
    release: freeze({ name: 'node', lts: 'Jod' }),
    title: 'node',
    argv: ['/usr/local/bin/node', '/action.js'],
    execArgv: [],
    execPath: '/usr/local/bin/node',
    env: {},
    pid: 1,
    ppid: 0,
    exitCode: undefined,
    nextTick,
    hrtime,
    cwd: () => '/',
    uptime: () => perfNow() / 1000,
  };

  // ---- lazily loaded globals ----------------------------------------------------------
  // A global of Node's that a built-in module provides is a getter until first touched;
  // then the module loads and the global becomes a plain data property, as in Node.
  const GLOBALS = [
    ['URL', 'url'], ['URLSearchParams', 'url'],
    ['Buffer', 'buffer'], ['Blob', 'buffer'], ['File', 'buffer'], ['atob', 'buffer'],
    ['btoa', 'buffer'],
    ['TextEncoder', 'internal/encoding'], ['TextDecoder', 'internal/encoding'],
    ['EventTarget', 'internal/event_target'], ['Event', 'internal/event_target'],
    ['CustomEvent', 'internal/event_target'],
    ['AbortController', 'internal/abort'], ['AbortSignal', 'internal/abort'],
    ['MessageChannel', 'internal/messaging'], ['MessagePort', 'internal/messaging'],
    ['MessageEvent', 'internal/messaging'], ['BroadcastChannel', 'internal/messaging'],
    ['structuredClone', 'internal/structured_clone'],
    ['fetch', 'internal/fetch'], ['Headers', 'internal/fetch'], ['Request', 'internal/fetch'],
    ['Response', 'internal/fetch'], ['FormData', 'internal/fetch'],
    ['ReadableStream', 'stream/web'], ['WritableStream', 'stream/web'],
    ['TransformStream', 'stream/web'], ['ByteLengthQueuingStrategy', 'stream/web'],
    ['CountQueuingStrategy', 'stream/web'], ['TextEncoderStream', 'stream/web'],
    ['TextDecoderStream', 'stream/web'],
    ['crypto', 'crypto', 'webcrypto'], ['Crypto', 'crypto'], ['CryptoKey', 'crypto'],
    ['SubtleCrypto', 'crypto'],
    ['Intl', 'internal/intl'],
    ['process', 'process', null],
  ];

  // The globals Node makes enumerable (Object.keys(globalThis)).
  const ENUMERABLE_GLOBALS = freeze({
    __proto__: null, global: true, clearImmediate: true, setImmediate: true,
    clearInterval: true, clearTimeout: true, setInterval: true, setTimeout: true,
    queueMicrotask: true, structuredClone: true, atob: true, btoa: true, performance: true,
    fetch: true, crypto: true,
  });

  function defineLazy(name, module, key) {
    const enumerable = ENUMERABLE_GLOBALS[name] === true;
    defineProperty(global, name, {
      configurable: true,
      enumerable,
      get() {
        // Asked while its own module loads (a module probing for the global it provides):
        // not there yet, and the getter stays for the real first use.
        if (modules[module] !== undefined && !modules[module].loaded) return undefined;
        const exported = loadBuiltin(module);
        const value = key === null ? exported : exported[key === undefined ? name : key];
        defineProperty(global, name, { value, writable: true, configurable: true, enumerable });
        return value;
      },
      set(value) {
        defineProperty(global, name, { value, writable: true, configurable: true, enumerable });
      },
    });
  }

  for (const [name, module, key] of GLOBALS) defineLazy(name, module, key);
  const nativeQueueMicrotask = global.queueMicrotask;
  function queueMicrotask(callback) {
    checkCallback(callback);
    apply(nativeQueueMicrotask, undefined, [callback]);
  }
  const plainGlobals = {
    global, console, setTimeout, setInterval, setImmediate, queueMicrotask, performance,
    clearTimeout: clearTimer, clearInterval: clearTimer, clearImmediate,
  };
  for (const name in plainGlobals) {
    defineProperty(global, name, { value: plainGlobals[name], writable: true, configurable: true,
      enumerable: ENUMERABLE_GLOBALS[name] === true });
  }

  // What the built-in modules reach through `require('internal/...')`.
  internalModules['internal/platform'] = freeze({
    call: platform, startOp, beginOp, cancelOp, clock, now: perfNow, nodeVersion: NODE_VERSION,
    isPromise: (v) => introspect(0, v),
    isProxy: (v) => introspect(1, v),
    isError: (v) => introspect(2, v),
    promiseState: (v) => introspect(3, v),
    proxyDetails: (v) => introspect(4, v),
    previewEntries: (v) => introspect(5, v),
    className: (v) => introspect(6, v),
  });
  // A module's export that loads what it names on first touch, then is plain, writable data
  // (the built-ins' lazy classes: Blob, MIMEType, crypto's Cipheriv...).
  function lazyExport(target, name, load) {
    const plainData = (value) => defineProperty(target, name, {
      value, enumerable: true, writable: true, configurable: true });
    defineProperty(target, name, {
      enumerable: true,
      configurable: true,
      get() {
        const value = load();
        plainData(value);
        return value;
      },
      set: plainData,
    });
  }

  internalModules['internal/core'] = freeze({
    lazyExport,
    Timeout, Immediate, setTimeout, setInterval, setImmediate,
    clearTimeout: clearTimer, clearInterval: clearTimer, clearImmediate,
    processCore, console: consoleInternals, consoleObject: console, performance,
  });

  // ---- the password-reset-post-challenge api ------------------------------------------
  // `deny` is recorded in the guest and leaves with the outcome: the common decision costs
  // no crossing. Every other method crosses to the host now (`call`), because it returns a
  // value or must throw at once on bad arguments (Auth0's "Only 1 render command per action
  // is allowed." is thrown by the call itself). Both encode their arguments immediately, so
  // mutating an argument afterwards changes nothing.
  const api = {
    access: {
      deny(reason) {
        record('access.deny', reason);
        return api;
      },
    },
    authentication: {
      challengeWith(factor, options) {
        call('authentication.challengeWith', factor, options);
        return api;
      },
      challengeWithAny(factors) {
        call('authentication.challengeWithAny', factors);
        return api;
      },
    },
    cache: {
      get(key) {
        return call('cache.get', key);
      },
      set(key, value, options) {
        return call('cache.set', key, value, options);
      },
      delete(key) {
        return call('cache.delete', key);
      },
    },
    prompt: {
      render(promptId, options) {
        call('prompt.render', promptId, options);
        return api;
      },
    },
    redirect: {
      encodeToken(options) {
        return call('redirect.encodeToken', options);
      },
      sendUserTo(url, options) {
        call('redirect.sendUserTo', url, options);
        return api;
      },
      validateToken(options) {
        return call('redirect.validateToken', options);
      },
    },
    transaction: {
      setResultUrl(url, options) {
        call('transaction.setResultUrl', url, options);
        return api;
      },
    },
  };

  // Loads built-in modules ahead of use (into a snapshot): runtime.c, at pre-initialization.
  function preload(names) {
    for (let i = 0; i < names.length; i++) loadBuiltin(names[i]);
  }

  return { require, api, runTicks, step, preload, toPromise: promiseResolve };
})
