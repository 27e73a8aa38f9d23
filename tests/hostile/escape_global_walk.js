// Walks everything reachable from globalThis, the api and the event (own properties, getters,
// prototypes, function statics) looking for host objects: nothing but ECMAScript, Node's
// globals (lazy getters until touched), the trigger api; no native bridge (record/call/log,
// the platform's calls and module loader), no WASI, no WebAssembly.
// expect: status=denied
// deny: non-standard globals: AbortController,AbortSignal,Blob,BroadcastChannel,Buffer,ByteLengthQueuingStrategy,CountQueuingStrategy,Crypto,CryptoKey,CustomEvent,Event,EventTarget,File,FormData,Headers,Intl,MessageChannel,MessageEvent,MessagePort,ReadableStream,Request,Response,SubtleCrypto,TextDecoder,TextDecoderStream,TextEncoder,TextEncoderStream,TransformStream,URL,URLSearchParams,WritableStream,clearImmediate,clearInterval,clearTimeout,console,crypto,fetch,global,process,setImmediate,setInterval,setTimeout,structuredClone; suspicious: []
// paths: both
exports.onExecutePostChallenge = async (event, api) => {
  const standard = new Set([
    'globalThis', 'Object', 'Function', 'Array', 'Number', 'parseFloat', 'parseInt', 'Infinity',
    'NaN', 'undefined', 'decodeURI', 'decodeURIComponent', 'encodeURI', 'encodeURIComponent',
    'escape', 'unescape', 'isFinite', 'isNaN', 'Symbol', 'Boolean', 'String', 'Date', 'Promise',
    'RegExp', 'Error', 'AggregateError', 'EvalError', 'RangeError', 'ReferenceError',
    'SyntaxError', 'TypeError', 'URIError', 'JSON', 'Math', 'Reflect', 'Proxy', 'Map', 'Set',
    'WeakMap', 'WeakSet', 'WeakRef', 'FinalizationRegistry', 'ArrayBuffer', 'SharedArrayBuffer',
    'DataView', 'Atomics', 'Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array',
    'Uint16Array', 'Int32Array', 'Uint32Array', 'Float16Array', 'Float32Array', 'Float64Array',
    'BigInt64Array', 'BigUint64Array', 'BigInt', 'eval', 'Iterator', 'queueMicrotask',
    'DOMException', 'performance', 'navigator', 'SuppressedError', 'DisposableStack',
    'AsyncDisposableStack', 'InternalError', 'atob', 'btoa',
  ]);
  const extra = Object.getOwnPropertyNames(globalThis).filter((n) => !standard.has(n)).sort();
  const suspicious = [];
  // The prelude's natives and internals, the CommonJS wrapper's arguments, and what other
  // runtimes expose to reach the outside.
  const bad = new RegExp('^(host_?call|platform_?call|native|record|call_?host|internals|' +
    'loadModule|introspect|startOp|cancelOp|requireInternal|runTicks|step|require|' +
    'module|exports|__filename|__dirname|exec_\\w+|wasi\\w*|std|os|' +
    'XMLHttpRequest|WebAssembly|Deno|Bun|scriptArgs|print|gc)$');
  const seen = new Set();
  const walk = (value, path, depth) => {
    if ((typeof value !== 'object' && typeof value !== 'function') || value === null) return;
    if (seen.has(value) || depth > 6) return;
    seen.add(value);
    let keys = [];
    try {
      keys = Reflect.ownKeys(value);
    } catch (e) {
      return;
    }
    for (const key of keys) {
      const name = typeof key === 'symbol' ? key.toString() : key;
      if (bad.test(name)) suspicious.push(`${path}.${name}`);
      let child;
      try {
        const desc = Reflect.getOwnPropertyDescriptor(value, key);
        child = 'value' in desc ? desc.value : desc.get;
      } catch (e) {
        continue;
      }
      walk(child, `${path}.${name}`, depth + 1);
    }
    walk(Reflect.getPrototypeOf(value), `${path}.[[proto]]`, depth + 1);
  };
  walk(globalThis, 'globalThis', 0);
  walk(api, 'api', 0);
  walk(event, 'event', 0);
  walk(console.log, 'console.log', 0);
  walk(setTimeout, 'setTimeout', 0);
  api.access.deny(`non-standard globals: ${extra.join(',')}; suspicious: ${JSON.stringify(suspicious)}`);
};
