/*
 * The Node platform's way to the host: `platform_call` (guest/ABI.md), the module loader and
 * the monotonic clock.
 *
 * Api calls (runtime.c) are the trigger's; platform calls are the runtime's own services:
 * built-in modules' bytecode, crypto, randomness, outbound HTTP and waiting for it. The host
 * answers them without involving the trigger, and checks every one of them itself: nothing
 * here is trusted to enforce a policy.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "runtime.h"

__attribute__((import_module("executor"), import_name("platform_call"))) extern int32_t
platform_call(const void *req, uint32_t req_len, void *resp, uint32_t resp_cap);

/* Most answers fit here; a larger one is held by the host and taken in a second call. */
#define RESP_BYTES (16 * 1024)
/* A result below this says how many bytes the held answer needs (guest/ABI.md). */
#define BIG_ANSWER (-16)

static struct {
    mpw msg;       /* one request being written */
    char *resp;    /* RESP_BYTES, allocated on first use */
    int encoding;  /* arguments are being read: their getters must not call us again */
    int64_t message_bytes;
} pf;

/* While wizer pre-initializes an action there is no host: the platform calls its top level
 * makes were recorded when the platform compiled it, and come back here in order, each with
 * its answer (guest/ABI.md, the init message's `replay`). A call that differs from the next
 * recorded one fails, and so does the snapshot: the action then runs without one. */
typedef struct replayed {
    const char *req, *ans;
    uint32_t req_len, ans_len;
} replayed;
static replayed *g_replay;
static uint32_t g_nreplay, g_replay_next;
static int g_replaying;

double monotonic_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

void platform_reset(int64_t message_bytes) {
    mpw_free(&pf.msg);
    mpw_init(&pf.msg, 0);
    pf.encoding = 0;
    pf.message_bytes = message_bytes;
}

static JSValue replay(const char *req, size_t req_len) {
    if (g_replay_next < g_nreplay) {
        const replayed *r = &g_replay[g_replay_next];
        if (r->req_len == req_len && !memcmp(r->req, req, req_len)) {
            g_replay_next++;
            return decode_host_answer(r->ans, r->ans_len);
        }
    }
    return JS_ThrowInternalError(ctx, "a platform call while pre-initializing differs from the "
                                      "recorded one");
}

static JSValue call_host(const char *req, size_t req_len) {
    if (g_replaying) return replay(req, req_len);
    if (!pf.resp && !(pf.resp = malloc(RESP_BYTES))) return JS_ThrowOutOfMemory(ctx);
    int32_t n = platform_call(req, (uint32_t)req_len, pf.resp, RESP_BYTES);
    if (n >= 0) return decode_host_answer(pf.resp, (size_t)n);
    if (n > BIG_ANSWER) return JS_ThrowInternalError(ctx, "platform call refused (status %d)", n);
    uint32_t need = (uint32_t)(-(int64_t)n);
    char *big = malloc(need);
    if (!big) return JS_ThrowOutOfMemory(ctx);
    static const char take[] = "\x92\xab" "answer.take" "\x90"; /* ["answer.take", []] */
    n = platform_call(take, sizeof(take) - 1, big, need);
    JSValue v = n >= 0 ? decode_host_answer(big, (size_t)n)
                       : JS_ThrowInternalError(ctx, "platform call refused (status %d)", n);
    free(big);
    return v;
}

/* platform(method, ...args): one synchronous platform call; returns its value or throws. */
static JSValue js_platform(JSContext *c, JSValueConst this_val, int argc, JSValueConst *argv) {
    (void)c;
    (void)this_val;
    if (pf.encoding) return JS_ThrowTypeError(ctx, "platform called while reading arguments");
    if (argc < 1 || !JS_IsString(argv[0]))
        return JS_ThrowTypeError(ctx, "internal: platform method name missing");
    mpw_reset(&pf.msg);
    pf.msg.limit = (size_t)pf.message_bytes;
    mpw_array(&pf.msg, 2);
    int rc = codec_encode(ctx, &pf.msg, argv[0]);
    mpw_array(&pf.msg, (uint32_t)(argc - 1));
    pf.encoding = 1;
    for (int i = 1; i < argc && rc == 0; i++) rc = codec_encode(ctx, &pf.msg, argv[i]);
    pf.encoding = 0;
    if (rc < 0) return JS_EXCEPTION;
    if (pf.msg.oom) return JS_ThrowOutOfMemory(ctx);
    if (!mpw_ok(&pf.msg))
        return JS_ThrowRangeError(ctx, "platform call larger than %lld bytes",
                                  (long long)pf.message_bytes);
    return call_host(pf.msg.buf, pf.msg.len);
}

/* loadModule(name): a built-in module's CommonJS wrapper function, from the bytecode the
 * platform compiled (`module.load`). The prelude only asks for names it knows; the host
 * refuses any other. */
static JSValue js_load_module(JSContext *c, JSValueConst this_val, int argc, JSValueConst *argv) {
    (void)c;
    (void)this_val;
    if (argc < 1) return JS_ThrowTypeError(ctx, "internal: module name missing");
    JSValue args[2] = {JS_NewString(ctx, "module.load"), JS_DupValue(ctx, argv[0])};
    JSValue bin = js_platform(ctx, JS_UNDEFINED, 2, args);
    JS_FreeValue(ctx, args[0]);
    JS_FreeValue(ctx, args[1]);
    if (JS_IsException(bin)) return bin;
    size_t clen;
    const uint8_t *code = JS_GetUint8Array(ctx, &clen, bin);
    if (!code) {
        JS_FreeValue(ctx, bin);
        return JS_ThrowInternalError(ctx, "module.load answered no bytecode");
    }
    JSValue obj = JS_ReadObject(ctx, code, clen, JS_READ_OBJ_BYTECODE);
    JS_FreeValue(ctx, bin);
    if (JS_IsException(obj)) return obj;
    return JS_EvalFunction(ctx, obj);
}

static JSValue js_clock(JSContext *c, JSValueConst this_val, int argc, JSValueConst *argv) {
    (void)c;
    (void)this_val;
    (void)argc;
    (void)argv;
    return JS_NewFloat64(ctx, monotonic_ms());
}

/* What only the engine knows, for util.types and util.inspect: whether a value is a promise,
 * a proxy or an error, a promise's state and result, a proxy's target and handler. */
JSValue exec_preview_entries(JSContext *ctx, JSValueConst v);  /* quickjs_unit.c */
JSValue exec_class_name(JSContext *ctx, JSValueConst v);       /* quickjs_unit.c */

static JSValue js_introspect(JSContext *c, JSValueConst this_val, int argc, JSValueConst *argv) {
    (void)c;
    (void)this_val;
    if (argc < 2) return JS_UNDEFINED;
    int32_t what = 0;
    JS_ToInt32(ctx, &what, argv[0]);
    JSValueConst v = argv[1];
    switch (what) {
    case 0:
        return JS_NewBool(ctx, JS_IsPromise(v));
    case 1:
        return JS_NewBool(ctx, JS_IsProxy(v));
    case 2:
        return JS_NewBool(ctx, JS_IsError(v));
    case 3: { /* [state (0 pending, 1 fulfilled, 2 rejected), result] */
        if (!JS_IsPromise(v)) return JS_UNDEFINED;
        JSValue out = JS_NewArray(ctx);
        JS_SetPropertyUint32(ctx, out, 0, JS_NewInt32(ctx, (int32_t)JS_PromiseState(ctx, v)));
        JS_SetPropertyUint32(ctx, out, 1, JS_PromiseResult(ctx, v));
        return out;
    }
    case 4: { /* [target, handler] */
        if (!JS_IsProxy(v)) return JS_UNDEFINED;
        JSValue out = JS_NewArray(ctx);
        JS_SetPropertyUint32(ctx, out, 0, JS_GetProxyTarget(ctx, v));
        JS_SetPropertyUint32(ctx, out, 1, JS_GetProxyHandler(ctx, v));
        return out;
    }
    case 5: /* [entries, key-value?] of a Map or Set iterator (those to come), WeakMap, WeakSet */
        return exec_preview_entries(ctx, v);
    case 6: /* the engine's class name of an object */
        return exec_class_name(ctx, v);
    default:
        return JS_UNDEFINED;
    }
}

void platform_install(JSValueConst native) {
    JS_SetPropertyStr(ctx, native, "introspect",
                      JS_NewCFunction(ctx, js_introspect, "introspect", 2));
    JS_SetPropertyStr(ctx, native, "platform", JS_NewCFunction(ctx, js_platform, "platform", 1));
    JS_SetPropertyStr(ctx, native, "loadModule",
                      JS_NewCFunction(ctx, js_load_module, "loadModule", 1));
    JS_SetPropertyStr(ctx, native, "clock", JS_NewCFunction(ctx, js_clock, "clock", 0));
}

/* Reads the init message's `[[request, answer], ...]` at `r`; the table points into the
 * message, which must stay alive until platform_replay_done(). */
int platform_replay(mpr *r) {
    uint32_t n;
    if (mpr_array(r, &n) < 0) return -1;
    g_replay = calloc(n ? n : 1, sizeof(replayed));
    if (!g_replay) return -1;
    for (uint32_t i = 0; i < n; i++) {
        replayed *e = &g_replay[i];
        uint32_t two;
        if (mpr_array(r, &two) < 0 || two != 2 || mpr_str(r, &e->req, &e->req_len) < 0 ||
            mpr_str(r, &e->ans, &e->ans_len) < 0)
            return -1;
        g_nreplay = i + 1;
    }
    g_replay_next = 0;
    g_replaying = 1;
    return 0;
}

void platform_replay_done(void) {
    free(g_replay);
    g_replay = NULL;
    g_nreplay = g_replay_next = 0;
    g_replaying = 0;
}
