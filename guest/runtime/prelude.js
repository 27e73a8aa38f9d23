// The JavaScript side of the guest runtime: console, virtual timers, require and the
// trigger's `api` object. Evaluated once, before any action code, when the engine snapshot
// is made; runtime.c calls the returned internals.
//
// Action code runs in the same realm and may replace any global or prototype method, so
// everything here holds on to the primordials it needs from the start and touches no
// prototype method at call time: a tenant can break its own logs, never the host protocol.
(function (native) {
  'use strict';
  const { record, call, log } = native;
  const String_ = String;
  const stringify = JSON.stringify;
  const apply = Reflect.apply;
  const TypeError_ = TypeError;
  const Error_ = Error;
  const isError = (v) => v instanceof Error_;

  // ---- console ------------------------------------------------------------------------
  function format(v) {
    if (typeof v === 'string') return v;
    try {
      if (isError(v)) return v.stack ? `${v.name}: ${v.message}\n${v.stack}` : String_(v);
      if (typeof v === 'object' && v !== null) {
        const s = stringify(v);
        if (s !== undefined) return s;
      }
      return String_(v);
    } catch (e) {
      return '[unprintable value]';
    }
  }

  function logger(level) {
    return function (...args) {
      let line = '';
      for (let i = 0; i < args.length; i++) line += (i ? ' ' : '') + format(args[i]);
      log(level, line);
    };
  }

  const console = {
    log: logger('log'),
    info: logger('info'),
    warn: logger('warn'),
    error: logger('error'),
    debug: logger('debug'),
  };

  // ---- virtual timers -----------------------------------------------------------------
  // No real clock drives them: when the job queue is empty the runtime jumps to the next
  // due timer. A timer due after the execution's deadline ends the execution (timeout).
  let now = 0;
  let nextId = 1;
  const timers = []; // kept sorted by (due, id)

  function setTimeout(fn, ms, ...args) {
    if (typeof fn !== 'function') throw new TypeError_('setTimeout: callback must be a function');
    let delay = +ms;
    if (!(delay >= 1)) delay = 1; // NaN, negatives and 0 run on the next turn, as in Node
    const timer = { id: nextId++, due: now + delay, fn, args };
    let i = timers.length;
    while (i > 0 && timers[i - 1].due > timer.due) {
      timers[i] = timers[i - 1];
      i--;
    }
    timers[i] = timer;
    return timer.id;
  }

  function clearTimeout(id) {
    for (let i = 0; i < timers.length; i++) {
      if (timers[i].id === id) {
        for (let j = i; j < timers.length - 1; j++) timers[j] = timers[j + 1];
        timers.length = timers.length - 1;
        return;
      }
    }
  }

  // Returns 0 when no timer is pending, 1 after running one, 2 when the next is past budget.
  function runNextTimer(budgetMs) {
    if (timers.length === 0) return 0;
    const timer = timers[0];
    if (timer.due > budgetMs) return 2;
    for (let j = 0; j < timers.length - 1; j++) timers[j] = timers[j + 1];
    timers.length = timers.length - 1;
    now = timer.due;
    apply(timer.fn, undefined, timer.args);
    return 1;
  }

  // ---- modules ------------------------------------------------------------------------
  function require(name) {
    throw new Error_(
      `Cannot find module '${String_(name)}': actions run in a sandbox without modules ` +
        '(require is not available)',
    );
  }

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

  return { console, setTimeout, clearTimeout, runNextTimer, require, api };
})
