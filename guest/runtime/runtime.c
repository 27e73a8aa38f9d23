/*
 * The JavaScript guest: QuickJS-ng behind the executor's guest ABI (guest/ABI.md).
 *
 * Life of an instance: `exec_init` (run by wizer at snapshot time, or by the host when no
 * snapshot exists) creates the runtime and context, evaluates the prelude and, if a program
 * arrives on stdin, loads the action. The host then instantiates the snapshot afresh for
 * every execution and calls `exec_run` exactly once; nothing here survives an execution.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cutils.h"
#include "prelude.h" /* generated from prelude.js by guest/build.py: PRELUDE, its bytecode */
#include "runtime.h"

#define ABI_VERSION 1
/* The path Node gives an action run as a CommonJS module: stack frames read `(/action.js:5:51)`. */
#define ACTION_FILENAME "/action.js"
/* Below the linked 1 MiB shadow stack, so QuickJS's own check fires before C overruns it:
 * about 2,300 JS frames, a catchable RangeError as in Node (the host reports an uncaught one
 * as stack_overflow). With the host's 2 MiB wasm stack this fires before the native stack
 * runs out; recursion in C that QuickJS does not check still traps, typed, as stack_overflow. */
#define JS_STACK_BYTES (768 * 1024)
/* Allocation an execution may do before QuickJS's first garbage collection. */
#define GC_HEADROOM_BYTES (4 * 1024 * 1024)

__attribute__((import_module("executor"), import_name("host_call"))) extern int32_t
host_call(const void *req, uint32_t req_len, void *resp, uint32_t resp_cap);

void exec_reseed(JSContext *ctx, uint64_t seed);          /* quickjs_unit.c */
void exec_start_clock(JSContext *ctx);                    /* quickjs_unit.c */
void exec_gc_headroom(JSRuntime *rt, size_t headroom); /* quickjs_unit.c */

/* ------------------------------------------------------------------ state */

typedef struct limits {
    int64_t log_bytes, output_bytes, host_calls, call_bytes, deadline_ms, platform_bytes;
} limits;

JSRuntime *rt;
JSContext *ctx;
JSValue g_internals;
int g_oom;
static JSValue g_exports; /* the action's module.exports, once loaded */
static int g_loaded;

/* One execution's state. The instance runs a single execution, but keeping it together
 * makes "what an execution owns" obvious. */
static struct execution {
    limits lim;
    int finished;   /* the handler settled: later api calls are refused */
    int encoding;   /* an api call's arguments are being read (getters may run JS) */
    int limit_hit;  /* sticky: a cap was exceeded, even if JS caught the error */
    char limit_msg[160];
    double deadline; /* monotonic ms: timers due after it end the execution (timeout) */
    uint32_t seq;   /* api calls so far, recorded and answered alike */
    mpw calls;      /* recorded calls, each [seq, method, args] */
    uint32_t ncalls;
    mpw logs;       /* console lines, each a str */
    uint32_t nlogs;
    int64_t logs_dropped;
    mpw msg;        /* scratch for one host call request */
    char *resp;     /* host call answer buffer, call_bytes long */
} ex;

static mpw g_out;

/* ------------------------------------------------------------- allocation */

/* QuickJS allocates through these so that a failed memory.grow (the host's memory limit)
 * is remembered: JS may catch the resulting "out of memory", the outcome still says so. */
static void *m_calloc(void *o, size_t n, size_t s) {
    (void)o;
    void *p = calloc(n, s);
    if (!p && n && s) g_oom = 1;
    return p;
}
static void *m_malloc(void *o, size_t s) {
    (void)o;
    void *p = malloc(s);
    if (!p && s) g_oom = 1;
    return p;
}
static void m_free(void *o, void *p) {
    (void)o;
    free(p);
}
static void *m_realloc(void *o, void *p, size_t s) {
    (void)o;
    void *q = realloc(p, s);
    if (!q && s) g_oom = 1;
    return q;
}
static const JSMallocFunctions malloc_funcs = {m_calloc, m_malloc, m_free, m_realloc,
                                               js__malloc_usable_size};

EXPORT("exec_abi_version") int32_t exec_abi_version(void) { return ABI_VERSION; }

/* Most inputs fit here, so the host can skip the exec_alloc crossing (guest/ABI.md). It is in
 * .bss: zero in the snapshot, and its pages are only touched by the input written there. */
static char g_input[64 * 1024];

EXPORT("exec_input_buffer") int64_t exec_input_buffer(void) {
    return ((int64_t)(uintptr_t)g_input << 32) | (int64_t)sizeof(g_input);
}

EXPORT("exec_alloc") void *exec_alloc(uint32_t len) {
    void *p = malloc(len ? len : 1);
    if (!p) g_oom = 1;
    return p;
}

/* ------------------------------------------------------------ limits hit */

JSValue limit_exceeded(const char *what) {
    if (!ex.limit_hit) {
        ex.limit_hit = 1;
        snprintf(ex.limit_msg, sizeof(ex.limit_msg), "%s", what);
    }
    return JS_ThrowRangeError(ctx, "%s", what);
}

/* -------------------------------------------------------- api natives */

/* Starts one api call message [seq, method, args] in w; 0 or a JS exception. */
static int encode_call(mpw *w, int argc, JSValueConst *argv) {
    if (ex.finished) {
        JS_ThrowTypeError(ctx, "api called after the handler finished; the call was ignored");
        return -1;
    }
    if ((int64_t)ex.seq >= ex.lim.host_calls) {
        limit_exceeded("too many api calls");
        return -1;
    }
    if (argc < 1 || !JS_IsString(argv[0])) {
        JS_ThrowTypeError(ctx, "internal: api method name missing");
        return -1;
    }
    mpw_array(w, 3);
    mpw_uint(w, ex.seq++);
    if (codec_encode(ctx, w, argv[0]) < 0) return -1;
    mpw_array(w, (uint32_t)(argc - 1));
    ex.encoding = 1;
    int rc = 0;
    for (int i = 1; i < argc && rc == 0; i++) rc = codec_encode(ctx, w, argv[i]);
    ex.encoding = 0;
    if (rc < 0) return -1;
    if (!mpw_ok(w)) {
        if (w->oom) return -1;
        limit_exceeded("api call arguments too large");
        return -1;
    }
    return 0;
}

/* Encoding an argument runs its getters and Proxy traps: JS that may call the api again
 * while the outer call's message is half written in the buffer both would use. Checked
 * before either native touches a buffer. */
static int reentered(void) {
    if (!ex.encoding) return 0;
    JS_ThrowTypeError(ctx, "api called while reading the arguments of another api call");
    return 1;
}

/* record(method, ...args): api calls that return nothing; they leave in the outcome. */
static JSValue js_record(JSContext *c, JSValueConst this_val, int argc, JSValueConst *argv) {
    (void)c;
    (void)this_val;
    if (reentered()) return JS_EXCEPTION;
    size_t mark = ex.calls.len;
    /* Each message is capped on its own, as a host call would be. */
    ex.calls.limit = ex.calls.len + (size_t)ex.lim.call_bytes;
    if (encode_call(&ex.calls, argc, argv) < 0) {
        ex.calls.len = mark;
        ex.calls.over_limit = 0;
        return JS_EXCEPTION;
    }
    ex.ncalls++;
    return JS_UNDEFINED;
}

/* Decodes a host answer: [true, value], [true] or [false, message]. */
JSValue decode_host_answer(const char *p, size_t len) {
    mpr r = {p, len, NULL};
    uint32_t n;
    int ok;
    JSValue v = JS_UNDEFINED;
    if (mpr_array(&r, &n) < 0 || n < 1 || n > 2 || mpr_bool(&r, &ok) < 0)
        return JS_ThrowInternalError(ctx, "malformed host answer");
    if (n == 2 && codec_decode(ctx, &r, &v) < 0) {
        if (r.error) return JS_ThrowInternalError(ctx, "malformed host answer: %s", r.error);
        return JS_EXCEPTION;
    }
    if (ok) return v;
    const char *msg = JS_ToCString(ctx, v);
    JS_FreeValue(ctx, v);
    JSValue err = JS_ThrowPlainError(ctx, "%s", msg ? msg : "host call failed");
    JS_FreeCString(ctx, msg);
    return err;
}

/* call(method, ...args): api calls that return a value, answered by the host now. */
static JSValue js_call(JSContext *c, JSValueConst this_val, int argc, JSValueConst *argv) {
    (void)c;
    (void)this_val;
    if (reentered()) return JS_EXCEPTION;
    mpw_reset(&ex.msg);
    ex.msg.limit = (size_t)ex.lim.call_bytes;
    if (encode_call(&ex.msg, argc, argv) < 0) return JS_EXCEPTION;
    if (!ex.resp) {
        ex.resp = malloc((size_t)ex.lim.call_bytes);
        if (!ex.resp) return JS_ThrowOutOfMemory(ctx);
    }
    int32_t n = host_call(ex.msg.buf, (uint32_t)ex.msg.len, ex.resp, (uint32_t)ex.lim.call_bytes);
    if (n < 0) return JS_ThrowInternalError(ctx, "host call refused (status %d)", (int)n);
    return decode_host_answer(ex.resp, (size_t)n);
}

/* log(level, line): console output, capped; what does not fit is counted, not kept. */
static JSValue js_log(JSContext *c, JSValueConst this_val, int argc, JSValueConst *argv) {
    (void)c;
    (void)this_val;
    size_t len;
    if (argc < 2) return JS_UNDEFINED;
    const char *s = JS_ToCStringLen(ctx, &len, argv[1]);
    if (!s) return JS_EXCEPTION;
    if (ex.logs.len + len + 5 > (size_t)ex.lim.log_bytes) {
        ex.logs_dropped += (int64_t)len;
    } else {
        mpw_str(&ex.logs, s, len);
        ex.nlogs++;
    }
    JS_FreeCString(ctx, s);
    return JS_UNDEFINED;
}

/* ------------------------------------------------------------ init / load */

static int init_prelude(void) {
#ifdef PRELUDE_IS_SOURCE /* the build's first pass, which compiles the prelude itself */
    JSValue fn = JS_Eval(ctx, (const char *)PRELUDE, sizeof(PRELUDE) - 1, "prelude.js",
                         JS_EVAL_TYPE_GLOBAL);
#else /* no parser's scratch memory in the snapshot: every execution resets all of it */
    JSValue fn = JS_ReadObject(ctx, PRELUDE, sizeof(PRELUDE) - 1, JS_READ_OBJ_BYTECODE);
    if (!JS_IsException(fn)) fn = JS_EvalFunction(ctx, fn);
#endif
    if (JS_IsException(fn)) return -1;
    JSValue native = JS_NewObject(ctx);
    JS_SetPropertyStr(ctx, native, "record", JS_NewCFunction(ctx, js_record, "record", 1));
    JS_SetPropertyStr(ctx, native, "call", JS_NewCFunction(ctx, js_call, "call", 1));
    JS_SetPropertyStr(ctx, native, "log", JS_NewCFunction(ctx, js_log, "log", 2));
    platform_install(native);
    /* The prelude installs the globals itself and returns what this file calls. */
    g_internals = JS_Call(ctx, fn, JS_UNDEFINED, 1, (JSValueConst *)&native);
    JS_FreeValue(ctx, fn);
    JS_FreeValue(ctx, native);
    return JS_IsException(g_internals) ? -1 : 0;
}

/* ------------------------------------------------------- unhandled rejections */

/* Node, which Auth0 runs actions on, ends the process when a promise is rejected and no
 * handler is attached by the end of the microtask checkpoint: the action fails with that
 * reason as if it had been thrown. QuickJS reports each rejection that has no handler, and
 * a handler attached later; `unhandled_rejection` asks after the job queue drained. */
#define MAX_UNHANDLED 32
static JSValue g_unhandled[MAX_UNHANDLED][2]; /* promise, reason */
static int g_nunhandled;
static int g_untracked; /* unhandled rejections past MAX_UNHANDLED */

static void track_rejection(JSContext *c, JSValueConst promise, JSValueConst reason,
                            bool is_handled, void *opaque) {
    (void)opaque;
    if (!is_handled) {
        if (g_nunhandled == MAX_UNHANDLED) {
            g_untracked++;
            return;
        }
        g_unhandled[g_nunhandled][0] = JS_DupValue(c, promise);
        g_unhandled[g_nunhandled][1] = JS_DupValue(c, reason);
        g_nunhandled++;
        return;
    }
    for (int i = 0; i < g_nunhandled; i++) {
        if (JS_VALUE_GET_PTR(g_unhandled[i][0]) != JS_VALUE_GET_PTR(promise)) continue;
        JS_FreeValue(c, g_unhandled[i][0]);
        JS_FreeValue(c, g_unhandled[i][1]);
        g_nunhandled--;
        g_unhandled[i][0] = g_unhandled[g_nunhandled][0];
        g_unhandled[i][1] = g_unhandled[g_nunhandled][1];
        return;
    }
}

/* 1 and throws the reason when a promise other than `own` (the handler's, which we handle)
 * is rejected with no handler; 0 otherwise. */
static int unhandled_rejection(JSValueConst own) {
    for (int i = 0; i < g_nunhandled; i++) {
        if (JS_VALUE_GET_PTR(g_unhandled[i][0]) == JS_VALUE_GET_PTR(own)) continue;
        JS_Throw(ctx, JS_DupValue(ctx, g_unhandled[i][1]));
        return 1;
    }
    if (!g_untracked) return 0;
    JS_ThrowTypeError(ctx, "unhandled promise rejection");
    return 1;
}

static int create_engine(void) {
    rt = JS_NewRuntime2(&malloc_funcs, NULL);
    if (!rt) return -1;
    JS_SetMaxStackSize(rt, JS_STACK_BYTES);
    JS_SetHostPromiseRejectionTracker(rt, track_rejection, NULL);
    ctx = JS_NewContext(rt);
    if (!ctx) return -1;
    g_exports = JS_UNDEFINED;
    return init_prelude();
}

/* Runs a compiled CommonJS wrapper: function (exports, require, module, __filename, __dirname). */
static int load_program(const uint8_t *prog, size_t len) {
    JSValue obj = JS_ReadObject(ctx, prog, len, JS_READ_OBJ_BYTECODE);
    if (JS_IsException(obj)) return -1;
    JSValue wrapper = JS_EvalFunction(ctx, obj);
    if (JS_IsException(wrapper)) return -1;
    JSValue module = JS_NewObject(ctx);
    JSValue exports = JS_NewObject(ctx);
    JS_SetPropertyStr(ctx, module, "exports", JS_DupValue(ctx, exports));
    JSValueConst args[5] = {exports, JS_GetPropertyStr(ctx, g_internals, "require"), module,
                            JS_NewString(ctx, ACTION_FILENAME), JS_NewString(ctx, "/")};
    JSValue ret = JS_Call(ctx, wrapper, JS_UNDEFINED, 5, args);
    for (int i = 1; i < 5; i++)
        if (i != 2) JS_FreeValue(ctx, (JSValue)args[i]);
    JS_FreeValue(ctx, wrapper);
    JS_FreeValue(ctx, exports);
    if (JS_IsException(ret)) {
        JS_FreeValue(ctx, module);
        return -1;
    }
    JS_FreeValue(ctx, ret);
    g_exports = JS_GetPropertyStr(ctx, module, "exports"); /* module.exports = {...} wins */
    JS_FreeValue(ctx, module);
    g_loaded = 1;
    return 0;
}

static int key_is(const char *k, uint32_t kl, const char *name) {
    return kl == strlen(name) && !memcmp(k, name, kl);
}

static size_t read_full(uint8_t *buf, size_t want) {
    size_t n = 0;
    while (n < want) {
        ssize_t r = read(0, buf + n, want - n);
        if (r <= 0) break;
        n += (size_t)r;
    }
    return n;
}

/* The init message arrives after its length (u32, little endian) and is read into one exact
 * allocation: the heap never shrinks, and a buffer grown by doubling left megabytes of
 * garbage in every snapshot of a large program (a 660 KB message grew memory by 4 MB). */
static uint8_t *read_stdin(size_t *len) {
    uint8_t head[4];
    *len = 0;
    if (read_full(head, sizeof(head)) != sizeof(head)) return NULL;
    size_t want = (size_t)head[0] | (size_t)head[1] << 8 | (size_t)head[2] << 16 |
                  (size_t)head[3] << 24;
    uint8_t *buf = malloc(want ? want : 1);
    if (!buf) return NULL;
    *len = read_full(buf, want);
    return buf;
}

/* wizer runs exec_init outside wasmtime: no fuel, no deadline, and no memory limit short
 * of wasm32's 4 GiB. exec_compile already ran the top level under the action's limits, but
 * a top level can tell the two runs apart (an allocation that failed under the limit and
 * succeeds here, a Math.random frozen in the base snapshot) and loop or hoard only here.
 * Bounded: past these, the load fails, wizer fails, and the action runs on the bytecode
 * path, where its top level runs again at every execution under that execution's limits.
 * The bounds are far above what a real top level needs, and one that needs more still runs,
 * on that slower path. (CPU spent in one native call, which polls nothing, stays bounded only
 * by the host's timeout on wizer.) */
#define INIT_MEMORY_BYTES (64 * 1024 * 1024)
/* QuickJS polls every 10,000 backward jumps and calls: about 20 million loop iterations. */
#define INIT_INTERRUPT_POLLS 2000

static int init_polls;

static int init_interrupt(JSRuntime *r, void *opaque) {
    (void)r;
    (void)opaque;
    return ++init_polls > INIT_INTERRUPT_POLLS; /* uncatchable "interrupted" in JS */
}

static int load_program_bounded(const uint8_t *prog, size_t len) {
    JS_SetMemoryLimit(rt, INIT_MEMORY_BYTES);
    JS_SetInterruptHandler(rt, init_interrupt, NULL);
    int rc = load_program(prog, len);
    /* Executions run under the host's limits instead: nothing of this stays in the snapshot. */
    JS_SetInterruptHandler(rt, NULL, NULL);
    JS_SetMemoryLimit(rt, 0);
    return rc;
}

/* Loads built-in modules ahead of use (guest/ABI.md, `preload`): `r` is at an array of names. */
static int preload_modules(mpr *r) {
    uint32_t n;
    if (mpr_array(r, &n) < 0) return -1;
    JSValue names = JS_NewArray(ctx);
    for (uint32_t i = 0; i < n; i++) {
        const char *s;
        uint32_t len;
        if (mpr_str(r, &s, &len) < 0) {
            JS_FreeValue(ctx, names);
            return -1;
        }
        JS_SetPropertyUint32(ctx, names, i, JS_NewStringLen(ctx, s, len));
    }
    JSValue fn = JS_GetPropertyStr(ctx, g_internals, "preload");
    JSValue ret = JS_Call(ctx, fn, JS_UNDEFINED, 1, (JSValueConst *)&names);
    JS_FreeValue(ctx, fn);
    JS_FreeValue(ctx, names);
    if (JS_IsException(ret)) return -1;
    JS_FreeValue(ctx, ret);
    return 0;
}

/* The init message (guest/ABI.md): `{program: bin, preload: [name], replay: [[req, ans]]}`.
 * There is no host while wizer runs this: the platform calls the program's top level and the
 * preloads make are answered from `replay`, recorded when the platform compiled it. */
static void reset_execution(void);

static int load_init_message(const char *msg, size_t len) {
    reset_execution(); /* the default limits: the replayed calls were made under them */
    platform_reset(ex.lim.platform_bytes);
    mpr r = {msg, len, NULL};
    uint32_t n;
    const char *prog = NULL;
    uint32_t prog_len = 0;
    mpr preload = {NULL, 0, NULL};
    if (mpr_map(&r, &n) < 0) return -1;
    for (uint32_t i = 0; i < n; i++) {
        const char *k;
        uint32_t kl;
        if (mpr_str(&r, &k, &kl) < 0) return -1;
        int rc;
        if (key_is(k, kl, "program")) rc = mpr_str(&r, &prog, &prog_len);
        else if (key_is(k, kl, "replay")) rc = platform_replay(&r);
        else if (key_is(k, kl, "preload")) {
            preload = r;
            rc = mpr_skip(&r);
        } else rc = mpr_skip(&r);
        if (rc < 0) return -1;
    }
    int rc = prog ? load_program_bounded((const uint8_t *)prog, prog_len) : 0;
    if (rc == 0 && preload.p) rc = preload_modules(&preload);
    platform_replay_done();
    return rc;
}

/* The pre-initialization entry point: wizer snapshots the memory this leaves behind. */
EXPORT("exec_init") void exec_init(void) {
    if (rt) return;
    if (create_engine() < 0) abort();
    size_t len = 0;
    uint8_t *msg = read_stdin(&len);
    if (len && load_init_message((const char *)msg, len) < 0) abort();
    free(msg);
    JS_RunGC(rt);
    exec_gc_headroom(rt, GC_HEADROOM_BYTES);
}

/* ------------------------------------------------------------ outcome */

static void write_error_map(mpw *w, const char *name, const char *message, const char *stack) {
    mpw_map(w, 3);
    mpw_cstr(w, "name");
    mpw_cstr(w, name);
    mpw_cstr(w, "message");
    mpw_cstr(w, message);
    mpw_cstr(w, "stack");
    mpw_cstr(w, stack);
}

/* Copies a property of a thrown value as a string; tolerant of hostile throwables. */
static const char *error_prop(JSValueConst err, const char *prop) {
    if (!JS_IsObject(err)) return NULL;
    JSValue v = JS_GetPropertyStr(ctx, err, prop);
    if (JS_IsException(v)) {
        JS_FreeValue(ctx, JS_GetException(ctx));
        return NULL;
    }
    const char *s = JS_IsUndefined(v) ? NULL : JS_ToCString(ctx, v);
    if (!s) JS_FreeValue(ctx, JS_GetException(ctx));
    JS_FreeValue(ctx, v);
    return s;
}

static void write_exception(mpw *w, JSValueConst err) {
    const char *name = error_prop(err, "name");
    const char *message = error_prop(err, "message");
    const char *stack = error_prop(err, "stack");
    const char *plain = NULL;
    if (!JS_IsObject(err)) {
        plain = JS_ToCString(ctx, err);
        if (!plain) JS_FreeValue(ctx, JS_GetException(ctx));
    }
    write_error_map(w, name ? name : "Error", message ? message : (plain ? plain : ""),
                    stack ? stack : "");
    JS_FreeCString(ctx, name);
    JS_FreeCString(ctx, message);
    JS_FreeCString(ctx, stack);
    JS_FreeCString(ctx, plain);
}

static int64_t pack(const mpw *w) {
    return ((int64_t)(uintptr_t)w->buf << 32) | (int64_t)(uint32_t)w->len;
}

/* The last resort when the outcome itself cannot be built (out of memory or over the cap). */
static int64_t emergency_outcome(const char *status, const char *message) {
    static char buf[512];
    mpw w = {buf, 0, sizeof(buf), sizeof(buf), 0, 0};
    mpw_map(&w, 6);
    mpw_cstr(&w, "status");
    mpw_cstr(&w, status);
    mpw_cstr(&w, "result");
    mpw_nil(&w);
    mpw_cstr(&w, "error");
    write_error_map(&w, "Error", message, "");
    mpw_cstr(&w, "logs");
    mpw_array(&w, 0);
    mpw_cstr(&w, "logs_dropped");
    mpw_int(&w, 0);
    mpw_cstr(&w, "calls");
    mpw_array(&w, 0);
    return pack(&w);
}

/* Writes the outcome; `result` is written only for ok, `err` only otherwise. */
static int64_t finish(const char *status, JSValueConst result, JSValueConst err,
                      const char *message) {
    ex.finished = 1;
    if (g_oom) status = "memory_limit", message = "out of memory";
    else if (ex.limit_hit) status = "limit_exceeded", message = ex.limit_msg;
    int ok = strcmp(status, "ok") == 0;
    /* The result goes through its own buffer: a value that cannot be encoded (a throwing
     * getter, a cycle) becomes nil instead of leaving half a value in the outcome. */
    mpw res;
    mpw_init(&res, (size_t)ex.lim.output_bytes);
    if (ok && codec_encode(ctx, &res, result) < 0) {
        JS_FreeValue(ctx, JS_GetException(ctx));
        mpw_reset(&res);
    }
    if (ok && !mpw_ok(&res)) { /* too large (or no memory): an error, never a silent nil */
        status = res.oom ? "memory_limit" : "limit_exceeded";
        message = res.oom ? "out of memory" : "the result is larger than the output limit";
        ok = 0;
    }
    mpw_init(&g_out, (size_t)ex.lim.output_bytes);
    mpw_map(&g_out, 6);
    mpw_cstr(&g_out, "status");
    mpw_cstr(&g_out, status);
    mpw_cstr(&g_out, "result");
    if (res.len && mpw_ok(&res)) mpw_raw(&g_out, res.buf, res.len);
    else mpw_nil(&g_out);
    mpw_free(&res);
    mpw_cstr(&g_out, "error");
    if (ok) mpw_nil(&g_out);
    else if (message) write_error_map(&g_out, "Error", message, "");
    else write_exception(&g_out, err);
    mpw_cstr(&g_out, "logs");
    mpw_array(&g_out, ex.nlogs);
    mpw_raw(&g_out, ex.logs.buf, ex.logs.len);
    mpw_cstr(&g_out, "logs_dropped");
    mpw_int(&g_out, ex.logs_dropped);
    mpw_cstr(&g_out, "calls");
    mpw_array(&g_out, ex.ncalls);
    mpw_raw(&g_out, ex.calls.buf, ex.calls.len);
    if (g_out.oom) return emergency_outcome("memory_limit", "out of memory");
    if (g_out.over_limit) return emergency_outcome("limit_exceeded", "outcome too large");
    return pack(&g_out);
}

static int64_t finish_exception(const char *status) {
    JSValue err = JS_GetException(ctx);
    int64_t out = finish(status, JS_UNDEFINED, err, NULL);
    JS_FreeValue(ctx, err);
    return out;
}

/* ------------------------------------------------------------ run */

typedef struct input {
    const char *handler;
    uint32_t handler_len;
    JSValue event;
    const char *seed, *program;
    uint32_t seed_len, program_len;
} input;

static int read_limits(mpr *r) {
    uint32_t n;
    if (mpr_map(r, &n) < 0) return -1;
    for (uint32_t i = 0; i < n; i++) {
        const char *k;
        uint32_t kl;
        int64_t v;
        if (mpr_str(r, &k, &kl) < 0 || mpr_int(r, &v) < 0) return -1;
        if (v < 0) v = 0;
#define LIMIT(field)                                                                         \
    if (kl == sizeof(#field) - 1 && !memcmp(k, #field, kl)) ex.lim.field = v;
        LIMIT(log_bytes) LIMIT(output_bytes) LIMIT(host_calls) LIMIT(call_bytes)
        LIMIT(deadline_ms) LIMIT(platform_bytes)
#undef LIMIT
    }
    return 0;
}

static int read_input(mpr *r, input *in) {
    uint32_t n;
    if (mpr_map(r, &n) < 0) return -1;
    for (uint32_t i = 0; i < n; i++) {
        const char *k;
        uint32_t kl;
        if (mpr_str(r, &k, &kl) < 0) return -1;
        int rc;
        if (key_is(k, kl, "handler")) rc = mpr_str(r, &in->handler, &in->handler_len);
        else if (key_is(k, kl, "seed")) rc = mpr_str(r, &in->seed, &in->seed_len);
        else if (key_is(k, kl, "program")) rc = mpr_str(r, &in->program, &in->program_len);
        else if (key_is(k, kl, "limits")) rc = read_limits(r);
        else if (key_is(k, kl, "event")) {
            JS_FreeValue(ctx, in->event);
            in->event = JS_UNDEFINED;
            rc = codec_decode(ctx, r, &in->event);
        } else rc = mpr_skip(r);
        if (rc < 0) return -1;
    }
    if (!in->handler) return r->error = "input has no handler", -1;
    return 0;
}

static void reseed(const char *seed, uint32_t len) {
    uint64_t s = 0x9e3779b97f4a7c15ULL;
    for (uint32_t i = 0; i < len; i++) s = (s ^ (uint8_t)seed[i]) * 0x100000001b3ULL;
    exec_reseed(ctx, s);
}

/* Runs process.nextTick callbacks and promise jobs until both queues are empty. After a
 * callback (a timer, an immediate, an I/O completion) ticks go first, as Node's
 * processTicksAndRejections does; the handler itself is called the way Auth0 calls it, from
 * within a promise job, where the jobs queued meanwhile run before any tick. -1 on an
 * exception. */
static int drain(JSValueConst run_ticks, int ticks_first) {
    for (;;) {
        if (ticks_first) {
            JSValue r = JS_Call(ctx, run_ticks, JS_UNDEFINED, 0, NULL);
            if (JS_IsException(r)) return -1;
            JS_FreeValue(ctx, r);
        }
        ticks_first = 1;
        if (!JS_IsJobPending(rt)) {
            JSValue r = JS_Call(ctx, run_ticks, JS_UNDEFINED, 0, NULL);
            if (JS_IsException(r)) return -1;
            int ran = JS_ToBool(ctx, r);
            JS_FreeValue(ctx, r);
            if (!ran) return 0;
            continue;
        }
        JSContext *c;
        while (JS_IsJobPending(rt))
            if (JS_ExecutePendingJob(rt, &c) < 0) return -1;
    }
}

/* The event loop: drain, then let the prelude run one callback (a timer, an immediate, a
 * finished host operation) or wait in the host for one, until `promise` settles. Returns 0
 * when it settled, 1 on timeout (past the deadline, or nothing left that could settle it), -1
 * on an exception thrown by a callback or a job. */
static int run_until_settled(JSValueConst promise) {
    JSValue run_ticks = JS_GetPropertyStr(ctx, g_internals, "runTicks");
    JSValue step = JS_GetPropertyStr(ctx, g_internals, "step");
    JSValue deadline = JS_NewFloat64(ctx, ex.deadline);
    int rc;
    int first = 1;
    for (;;) {
        int failed = drain(run_ticks, !first) < 0;
        first = 0;
        if (failed || unhandled_rejection(promise)) { /* Node's checkpoint */
            rc = -1;
            break;
        }
        if (JS_PromiseState(ctx, promise) != JS_PROMISE_PENDING) {
            rc = 0;
            break;
        }
        JSValue r = JS_Call(ctx, step, JS_UNDEFINED, 1, (JSValueConst *)&deadline);
        if (JS_IsException(r)) {
            rc = -1;
            break;
        }
        int32_t st = 0;
        JS_ToInt32(ctx, &st, r);
        JS_FreeValue(ctx, r);
        if (st != 1) { /* 0: nothing can settle it any more; 2: past the deadline */
            rc = 1;
            break;
        }
    }
    JS_FreeValue(ctx, run_ticks);
    JS_FreeValue(ctx, step);
    return rc;
}

/* A returned thenable becomes a promise, as `await handler(event, api)` would treat it. */
static JSValue as_promise(JSValue ret) {
    if (JS_IsPromise(ret) || !JS_IsObject(ret)) return ret;
    JSValue then = JS_GetPropertyStr(ctx, ret, "then");
    if (JS_IsException(then)) {
        JS_FreeValue(ctx, ret);
        return JS_EXCEPTION;
    }
    int thenable = JS_IsFunction(ctx, then);
    JS_FreeValue(ctx, then);
    if (!thenable) return ret;
    JSValue resolve = JS_GetPropertyStr(ctx, g_internals, "toPromise");
    JSValue p = JS_Call(ctx, resolve, JS_UNDEFINED, 1, (JSValueConst *)&ret);
    JS_FreeValue(ctx, resolve);
    JS_FreeValue(ctx, ret);
    return p;
}

static int64_t call_handler(input *in) {
    JSAtom name = JS_NewAtomLen(ctx, in->handler, in->handler_len);
    /* Own properties only: `toString` or `constructor` from Object.prototype is no handler. */
    int own = JS_IsObject(g_exports) ? JS_GetOwnProperty(ctx, NULL, g_exports, name) : 0;
    JSValue fn = own > 0 ? JS_GetProperty(ctx, g_exports, name) : JS_UNDEFINED;
    JS_FreeAtom(ctx, name);
    if (own < 0 || JS_IsException(fn)) return finish_exception("invalid_action");
    if (!JS_IsFunction(ctx, fn)) {
        char msg[160];
        snprintf(msg, sizeof(msg), "the action does not export a function named %.*s",
                 (int)(in->handler_len > 64 ? 64 : in->handler_len), in->handler);
        JS_FreeValue(ctx, fn);
        return finish("invalid_action", JS_UNDEFINED, JS_UNDEFINED, msg);
    }
    JSValue api = JS_GetPropertyStr(ctx, g_internals, "api");
    JSValueConst args[2] = {in->event, api};
    JSValue ret = JS_Call(ctx, fn, JS_UNDEFINED, 2, args);
    JS_FreeValue(ctx, fn);
    JS_FreeValue(ctx, api);
    if (!JS_IsException(ret)) ret = as_promise(ret);
    if (JS_IsException(ret)) return finish_exception("action_error");
    if (!JS_IsPromise(ret)) {
        int64_t out = finish("ok", ret, JS_UNDEFINED, NULL);
        JS_FreeValue(ctx, ret);
        return out;
    }
    int rc = run_until_settled(ret);
    int64_t out;
    if (rc < 0) out = finish_exception("action_error");
    else if (rc > 0)
        out = finish("timeout", JS_UNDEFINED, JS_UNDEFINED,
                     "the handler did not settle before the deadline");
    else if (JS_PromiseState(ctx, ret) == JS_PROMISE_REJECTED) {
        JSValue err = JS_PromiseResult(ctx, ret);
        out = finish("action_error", JS_UNDEFINED, err, NULL);
        JS_FreeValue(ctx, err);
    } else {
        JSValue val = JS_PromiseResult(ctx, ret);
        out = finish("ok", val, JS_UNDEFINED, NULL);
        JS_FreeValue(ctx, val);
    }
    JS_FreeValue(ctx, ret);
    return out;
}

static void reset_execution(void) {
    mpw_free(&ex.calls);
    mpw_free(&ex.logs);
    mpw_free(&ex.msg);
    free(ex.resp);
    memset(&ex, 0, sizeof(ex));
    ex.lim = (limits){256 * 1024, 256 * 1024, 1000, 64 * 1024, 20000, 2 * 1024 * 1024};
    mpw_init(&ex.calls, 0);
    mpw_init(&ex.logs, SIZE_MAX);
    mpw_init(&ex.msg, 0);
}

EXPORT("exec_run") int64_t exec_run(const char *p, uint32_t len) {
    reset_execution();
    if (!rt) exec_init();
    JS_UpdateStackTop(rt); /* the snapshot recorded wizer's stack top, not ours */
    input in = {0};
    in.event = JS_UNDEFINED;
    mpr r = {p, len, NULL};
    if (read_input(&r, &in) < 0) {
        JS_FreeValue(ctx, in.event);
        if (!r.error) return finish_exception("internal");
        return finish("invalid_input", JS_UNDEFINED, JS_UNDEFINED, r.error);
    }
    ex.logs.limit = (size_t)ex.lim.log_bytes;
    ex.deadline = monotonic_ms() + (double)ex.lim.deadline_ms;
    platform_reset(ex.lim.platform_bytes);
    exec_start_clock(ctx);
    if (in.seed) reseed(in.seed, in.seed_len);
    int64_t out;
    if (!g_loaded && in.program && load_program((const uint8_t *)in.program, in.program_len) < 0)
        out = finish_exception("invalid_action");
    else if (!g_loaded)
        out = finish("invalid_action", JS_UNDEFINED, JS_UNDEFINED, "no action is loaded");
    else
        out = call_handler(&in);
    JS_FreeValue(ctx, in.event);
    return out;
}

/* ------------------------------------------------------------ compile */

static JSValue exported_names(mpw *w) {
    JSPropertyEnum *tab;
    uint32_t n, count = 0;
    /* module.exports = null (or a Proxy that throws) exports nothing; the list must still be
     * written, or the outcome map would be short of a value. */
    if (!JS_IsObject(g_exports) ||
        JS_GetOwnPropertyNames(ctx, &tab, &n, g_exports, JS_GPN_STRING_MASK | JS_GPN_ENUM_ONLY) < 0) {
        JS_FreeValue(ctx, JS_GetException(ctx));
        mpw_array(w, 0);
        return JS_UNDEFINED;
    }
    for (uint32_t i = 0; i < n; i++) {
        JSValue v = JS_GetProperty(ctx, g_exports, tab[i].atom);
        if (JS_IsException(v)) JS_FreeValue(ctx, JS_GetException(ctx)); /* a throwing getter */
        else if (JS_IsFunction(ctx, v)) tab[count++].atom = tab[i].atom;
        JS_FreeValue(ctx, v);
    }
    mpw_array(w, count);
    for (uint32_t i = 0; i < count; i++) {
        const char *s = JS_AtomToCString(ctx, tab[i].atom);
        mpw_cstr(w, s ? s : "");
        JS_FreeCString(ctx, s);
    }
    JS_FreePropertyEnum(ctx, tab, n);
    return JS_UNDEFINED;
}

static int64_t compile_failed(void) {
    JSValue err = JS_GetException(ctx);
    mpw_init(&g_out, SIZE_MAX);
    mpw_map(&g_out, 4);
    mpw_cstr(&g_out, "status");
    mpw_cstr(&g_out, g_oom ? "memory_limit" : "invalid_action");
    mpw_cstr(&g_out, "program");
    mpw_nil(&g_out);
    mpw_cstr(&g_out, "exports");
    mpw_array(&g_out, 0);
    mpw_cstr(&g_out, "error");
    write_exception(&g_out, err);
    JS_FreeValue(ctx, err);
    return pack(&g_out);
}

/* Compiles a CommonJS source as its wrapper function
 * `(exports, require, module, __filename, __dirname)` and writes it as bytecode. NULL with a
 * JS exception pending when the source does not compile. */
static uint8_t *compile_commonjs(const char *src, size_t len, const char *filename, int flags,
                                 size_t *plen) {
    static const char head[] = "(function (exports, require, module, __filename, __dirname) {";
    static const char tail[] = "\n})";
    size_t total = sizeof(head) - 1 + len + sizeof(tail) - 1;
    char *code = malloc(total + 1); /* JS_Eval wants a NUL at the end */
    if (!code) {
        JS_ThrowOutOfMemory(ctx);
        return NULL;
    }
    memcpy(code, head, sizeof(head) - 1);
    memcpy(code + sizeof(head) - 1, src, len);
    memcpy(code + sizeof(head) - 1 + len, tail, sizeof(tail));
    JSValue fn = JS_Eval(ctx, code, total, filename,
                         JS_EVAL_TYPE_GLOBAL | JS_EVAL_FLAG_COMPILE_ONLY);
    free(code);
    if (JS_IsException(fn)) return NULL;
    uint8_t *prog = JS_WriteObject(ctx, plen, fn, JS_WRITE_OBJ_BYTECODE | flags);
    JS_FreeValue(ctx, fn);
    return prog;
}

/* A plain script (the prelude) as bytecode, without its source text. */
static uint8_t *compile_script(const char *src, size_t len, const char *filename, size_t *plen) {
    char *code = malloc(len + 1);
    if (!code) {
        JS_ThrowOutOfMemory(ctx);
        return NULL;
    }
    memcpy(code, src, len);
    code[len] = '\0';
    JSValue fn = JS_Eval(ctx, code, len, filename, JS_EVAL_TYPE_GLOBAL | JS_EVAL_FLAG_COMPILE_ONLY);
    free(code);
    if (JS_IsException(fn)) return NULL;
    uint8_t *prog = JS_WriteObject(ctx, plen, fn, JS_WRITE_OBJ_BYTECODE | JS_WRITE_OBJ_STRIP_SOURCE);
    JS_FreeValue(ctx, fn);
    return prog;
}

static void begin_compile(void) {
    reset_execution();
    if (!rt) exec_init();
    JS_UpdateStackTop(rt);
    ex.deadline = monotonic_ms() + (double)ex.lim.deadline_ms;
    platform_reset(ex.lim.platform_bytes);
}

/* Compiles a CommonJS source to a program, then loads it once here to prove that its top
 * level runs (under the host's fuel and memory limits) and to list its exports. The input is
 * `{source: str, preload: [name], filename?: str, strip_source?: bool}`: the preloads load
 * after the top level, as they would in a snapshot, so that the host records every platform
 * call a snapshot will replay; `filename` names the program in stack frames (default
 * action.js); `strip_source` leaves the functions' source text out of the bytecode. */
EXPORT("exec_compile") int64_t exec_compile(const char *p, uint32_t len) {
    begin_compile();
    mpr r = {p, len, NULL};
    uint32_t n;
    const char *src = NULL, *name = NULL;
    uint32_t src_len = 0, name_len = 0;
    int strip = 0;
    mpr preload = {NULL, 0, NULL};
    if (mpr_map(&r, &n) < 0) return emergency_outcome("invalid_input", "not a map");
    for (uint32_t i = 0; i < n; i++) {
        const char *k;
        uint32_t kl;
        if (mpr_str(&r, &k, &kl) < 0) return emergency_outcome("invalid_input", "bad key");
        int rc = 0;
        if (key_is(k, kl, "source")) rc = mpr_str(&r, &src, &src_len);
        else if (key_is(k, kl, "filename")) rc = mpr_str(&r, &name, &name_len);
        else if (key_is(k, kl, "strip_source")) rc = mpr_bool(&r, &strip);
        else if (key_is(k, kl, "preload")) {
            preload = r;
            rc = mpr_skip(&r);
        } else rc = mpr_skip(&r);
        if (rc < 0) return emergency_outcome("invalid_input", "bad value");
    }
    if (!src) return emergency_outcome("invalid_input", "no source");
    char filename[128];
    snprintf(filename, sizeof(filename), "%.*s", name ? (int)(name_len > 100 ? 100 : name_len) : 0,
             name ? name : "");
    size_t plen;
    uint8_t *prog = compile_commonjs(src, src_len, name ? filename : ACTION_FILENAME,
                                     strip ? JS_WRITE_OBJ_STRIP_SOURCE : 0, &plen);
    if (!prog) return compile_failed();
    if (load_program(prog, plen) < 0 || (preload.p && preload_modules(&preload) < 0)) {
        js_free(ctx, prog);
        return compile_failed();
    }
    mpw_init(&g_out, SIZE_MAX);
    mpw_map(&g_out, 4);
    mpw_cstr(&g_out, "status");
    mpw_cstr(&g_out, "ok");
    mpw_cstr(&g_out, "program");
    mpw_bin(&g_out, prog, plen);
    mpw_cstr(&g_out, "exports");
    exported_names(&g_out);
    mpw_cstr(&g_out, "error");
    mpw_nil(&g_out);
    js_free(ctx, prog);
    if (!mpw_ok(&g_out)) return emergency_outcome("memory_limit", "out of memory");
    return pack(&g_out);
}

/* The build's compiler for the runtime's own built-in modules (guest/node/): the input is
 * `{name: str, source: str}`, the outcome `{status, program, error}`; nothing is run. Stack
 * frames name the module `node:<name>`; its source text is left out of the bytecode. */
EXPORT("exec_compile_module") int64_t exec_compile_module(const char *p, uint32_t len) {
    begin_compile();
    mpr r = {p, len, NULL};
    uint32_t n;
    const char *name = NULL, *src = NULL;
    uint32_t name_len = 0, src_len = 0;
    int script = 0;
    if (mpr_map(&r, &n) < 0) return emergency_outcome("invalid_input", "not a map");
    for (uint32_t i = 0; i < n; i++) {
        const char *k;
        uint32_t kl;
        if (mpr_str(&r, &k, &kl) < 0) return emergency_outcome("invalid_input", "bad key");
        int rc = key_is(k, kl, "name")     ? mpr_str(&r, &name, &name_len)
                 : key_is(k, kl, "source") ? mpr_str(&r, &src, &src_len)
                 : key_is(k, kl, "script") ? mpr_bool(&r, &script)
                                           : mpr_skip(&r);
        if (rc < 0) return emergency_outcome("invalid_input", "bad value");
    }
    if (!name || !src) return emergency_outcome("invalid_input", "name and source are needed");
    char filename[128];
    snprintf(filename, sizeof(filename), "node:%.*s", (int)(name_len > 100 ? 100 : name_len),
             name);
    size_t plen;
    uint8_t *prog = script ? compile_script(src, src_len, filename, &plen)
                           : compile_commonjs(src, src_len, filename, JS_WRITE_OBJ_STRIP_SOURCE,
                                              &plen);
    if (!prog) return compile_failed();
    mpw_init(&g_out, SIZE_MAX);
    mpw_map(&g_out, 3);
    mpw_cstr(&g_out, "status");
    mpw_cstr(&g_out, "ok");
    mpw_cstr(&g_out, "program");
    mpw_bin(&g_out, prog, plen);
    mpw_cstr(&g_out, "error");
    mpw_nil(&g_out);
    js_free(ctx, prog);
    if (!mpw_ok(&g_out)) return emergency_outcome("memory_limit", "out of memory");
    return pack(&g_out);
}
