/* MessagePack <-> JSValue on libmpack's tokenizer. See codec.h. */
#include "codec.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "conv.h"
#include "core.h"

/* Deeper than this is hostile or broken: both directions refuse it rather than recurse. */
#define MAX_DEPTH 64
/* 2^53: beyond it a double can't hold every integer, so big ints travel as BigInt. */
#define SAFE_INT 9007199254740992.0

/* ---------------------------------------------------------------- writing */

void mpw_init(mpw *w, size_t limit) {
    memset(w, 0, sizeof(*w));
    w->limit = limit;
}

void mpw_reset(mpw *w) {
    w->len = 0;
    w->over_limit = 0;
    w->oom = 0;
}

void mpw_free(mpw *w) {
    free(w->buf);
    memset(w, 0, sizeof(*w));
}

int mpw_ok(const mpw *w) { return !w->over_limit && !w->oom; }

/* Makes room for n more bytes; 0 when the buffer is unusable. */
static int mpw_reserve(mpw *w, size_t n) {
    if (!mpw_ok(w)) return 0;
    if (w->len + n > w->limit) {
        w->over_limit = 1;
        return 0;
    }
    if (w->len + n <= w->cap) return 1;
    size_t cap = w->cap ? w->cap : 256;
    while (cap < w->len + n) cap *= 2;
    char *buf = realloc(w->buf, cap);
    if (!buf) {
        w->oom = 1;
        return 0;
    }
    w->buf = buf;
    w->cap = cap;
    return 1;
}

static void mpw_token(mpw *w, mpack_token_t tok) {
    if (!mpw_reserve(w, MPACK_MAX_TOKEN_LEN)) return;
    mpack_tokbuf_t tb = MPACK_TOKBUF_INITIAL_VALUE;
    char *p = w->buf + w->len;
    size_t avail = w->cap - w->len;
    mpack_write(&tb, &p, &avail, &tok);
    w->len = (size_t)(p - w->buf);
}

void mpw_raw(mpw *w, const void *p, size_t len) {
    if (!len || !mpw_reserve(w, len)) return;
    memcpy(w->buf + w->len, p, len);
    w->len += len;
}

void mpw_nil(mpw *w) { mpw_token(w, mpack_pack_nil()); }
void mpw_bool(mpw *w, int v) { mpw_token(w, mpack_pack_boolean(v ? 1 : 0)); }
/* Negative ints are written here, not by libmpack: its 1.1.0 writer picks the width from the
 * low 32 bits alone and is off by one at the int8/int16 edges (-129 came out as 127, -32769
 * as 32767, -(2^32)-1 as -1). */
void mpw_int(mpw *w, int64_t v) {
    if (v >= 0) {
        mpw_uint(w, (uint64_t)v);
        return;
    }
    unsigned char b[9];
    int bytes;
    if (v >= -32) {
        b[0] = (unsigned char)(uint8_t)(int8_t)v; /* negative fixint */
        mpw_raw(w, b, 1);
        return;
    }
    if (v >= INT8_MIN) b[0] = 0xd0, bytes = 1;
    else if (v >= INT16_MIN) b[0] = 0xd1, bytes = 2;
    else if (v >= INT32_MIN) b[0] = 0xd2, bytes = 4;
    else b[0] = 0xd3, bytes = 8;
    uint64_t u = (uint64_t)v;
    for (int i = 0; i < bytes; i++) b[1 + i] = (unsigned char)(u >> (8 * (bytes - 1 - i)));
    mpw_raw(w, b, (size_t)(1 + bytes));
}
void mpw_uint(mpw *w, uint64_t v) { mpw_token(w, mpack_pack_uint(v)); }
void mpw_double(mpw *w, double v) { mpw_token(w, mpack_pack_float(v)); }
void mpw_array(mpw *w, uint32_t n) { mpw_token(w, mpack_pack_array(n)); }
void mpw_map(mpw *w, uint32_t n) { mpw_token(w, mpack_pack_map(n)); }

void mpw_str(mpw *w, const char *s, size_t len) {
    mpw_token(w, mpack_pack_str((mpack_uint32_t)len));
    mpw_raw(w, s, len);
}

void mpw_cstr(mpw *w, const char *s) { mpw_str(w, s, strlen(s)); }

void mpw_bin(mpw *w, const void *p, size_t len) {
    mpw_token(w, mpack_pack_bin((mpack_uint32_t)len));
    mpw_raw(w, p, len);
}

/* A map whose size is known only after its entries are written: a map32 header, patched. */
static size_t mpw_map_begin(mpw *w) {
    size_t at = w->len;
    static const char hdr[5] = {(char)0xdf, 0, 0, 0, 0};
    mpw_raw(w, hdr, sizeof(hdr));
    return at;
}

static void mpw_map_end(mpw *w, size_t at, uint32_t n) {
    if (!mpw_ok(w)) return;
    unsigned char *p = (unsigned char *)w->buf + at + 1;
    p[0] = (unsigned char)(n >> 24);
    p[1] = (unsigned char)(n >> 16);
    p[2] = (unsigned char)(n >> 8);
    p[3] = (unsigned char)n;
}

static void encode_number(mpw *w, double d) {
    /* Integral doubles travel as ints (what Python's msgpack gives back as int); -0, NaN,
     * infinities and fractions stay floats. */
    if (d == d && fabs(d) < SAFE_INT && d == (double)(int64_t)d && !(d == 0 && signbit(d))) {
        mpw_int(w, (int64_t)d);
    } else {
        mpw_double(w, d);
    }
}

static int encode_value(JSContext *ctx, mpw *w, JSValueConst v, int depth);

static int encode_string(JSContext *ctx, mpw *w, JSValueConst v) {
    size_t len;
    const char *s = JS_ToCStringLen(ctx, &len, v);
    if (!s) return -1;
    mpw_str(w, s, len);
    JS_FreeCString(ctx, s);
    return 0;
}

static int encode_bigint(JSContext *ctx, mpw *w, JSValueConst v) {
    int64_t i;
    uint64_t u;
    /* Exact or refused: a BigInt outside 64 bits must not silently wrap. */
    if (JS_ToBigInt64(ctx, &i, v) < 0) return -1;
    JSValue back = JS_NewBigInt64(ctx, i);
    int same = JS_IsStrictEqual(ctx, back, v);
    JS_FreeValue(ctx, back);
    if (same) {
        mpw_int(w, i);
        return 0;
    }
    if (JS_ToBigUint64(ctx, &u, v) < 0) return -1;
    back = JS_NewBigUint64(ctx, u);
    same = JS_IsStrictEqual(ctx, back, v);
    JS_FreeValue(ctx, back);
    if (!same) {
        JS_ThrowRangeError(ctx, "BigInt does not fit in 64 bits");
        return -1;
    }
    mpw_uint(w, u);
    return 0;
}

/* Arrays: holes, undefined, functions and symbols become nil (as in JSON). */
static int encode_array(JSContext *ctx, mpw *w, JSValueConst v, int depth) {
    int64_t len;
    if (JS_GetLength(ctx, v, &len) < 0) return -1;
    if (len > 0xffffffffLL) {
        JS_ThrowRangeError(ctx, "array too long");
        return -1;
    }
    mpw_array(w, (uint32_t)len);
    for (int64_t i = 0; i < len && mpw_ok(w); i++) {
        JSValue e = JS_GetPropertyInt64(ctx, v, i);
        if (JS_IsException(e)) return -1;
        int r = encode_value(ctx, w, e, depth + 1);
        JS_FreeValue(ctx, e);
        if (r < 0) return -1;
    }
    return 0;
}

/* Objects: own enumerable string keys only, so a polluted prototype adds nothing. */
static int encode_object(JSContext *ctx, mpw *w, JSValueConst v, int depth) {
    JSPropertyEnum *tab;
    uint32_t n, count = 0;
    if (JS_GetOwnPropertyNames(ctx, &tab, &n, v, JS_GPN_STRING_MASK | JS_GPN_ENUM_ONLY) < 0)
        return -1;
    size_t at = mpw_map_begin(w);
    int rc = 0;
    for (uint32_t i = 0; i < n && mpw_ok(w); i++) {
        JSValue e = JS_GetProperty(ctx, v, tab[i].atom);
        if (JS_IsException(e)) {
            rc = -1;
            break;
        }
        if (!(JS_IsUndefined(e) || JS_IsSymbol(e) || JS_IsFunction(ctx, e))) {
            size_t klen;
            const char *k = JS_AtomToCStringLen(ctx, &klen, tab[i].atom);
            if (!k) {
                JS_FreeValue(ctx, e);
                rc = -1;
                break;
            }
            mpw_str(w, k, klen);
            JS_FreeCString(ctx, k);
            rc = encode_value(ctx, w, e, depth + 1);
            count++;
        }
        JS_FreeValue(ctx, e);
        if (rc < 0) break;
    }
    JS_FreePropertyEnum(ctx, tab, n);
    mpw_map_end(w, at, count);
    return rc;
}

static int encode_value(JSContext *ctx, mpw *w, JSValueConst v, int depth) {
    if (depth > MAX_DEPTH) {
        JS_ThrowRangeError(ctx, "value nested deeper than %d levels (or circular)", MAX_DEPTH);
        return -1;
    }
    if (!mpw_ok(w)) return 0;
    switch (JS_VALUE_GET_NORM_TAG(v)) {
    case JS_TAG_INT:
        mpw_int(w, JS_VALUE_GET_INT(v));
        return 0;
    case JS_TAG_FLOAT64:
        encode_number(w, JS_VALUE_GET_FLOAT64(v));
        return 0;
    case JS_TAG_BOOL:
        mpw_bool(w, JS_VALUE_GET_BOOL(v));
        return 0;
    case JS_TAG_NULL:
    case JS_TAG_UNDEFINED:
        mpw_nil(w);
        return 0;
    case JS_TAG_STRING:
    case JS_TAG_STRING_ROPE: /* a concatenation past 512 characters: still a string */
        return encode_string(ctx, w, v);
    case JS_TAG_SHORT_BIG_INT:
    case JS_TAG_BIG_INT:
        return encode_bigint(ctx, w, v);
    case JS_TAG_OBJECT:
        break;
    default: /* symbols and the like */
        mpw_nil(w);
        return 0;
    }
    if (JS_IsFunction(ctx, v)) {
        mpw_nil(w);
        return 0;
    }
    size_t blen;
    uint8_t *bytes;
    /* Asked first: JS_GetUint8Array of anything else throws, and an exception costs a stack
     * trace (the prelude's prepareStackTrace in JS): ~100k fuel per array or object sent. */
    int typed = JS_GetTypedArrayType(v);
    if (typed == JS_TYPED_ARRAY_UINT8 || typed == JS_TYPED_ARRAY_UINT8C) {
        bytes = JS_GetUint8Array(ctx, &blen, v);
        if (bytes) {
            mpw_bin(w, bytes, blen);
            return 0;
        }
        JS_FreeValue(ctx, JS_GetException(ctx)); /* out of bounds: encoded as any object */
    }
    if (JS_IsArrayBuffer(v)) {
        bytes = JS_GetArrayBuffer(ctx, &blen, v);
        if (!bytes) return -1;
        mpw_bin(w, bytes, blen);
        return 0;
    }
    int is_array = JS_IsArray(v);
    if (is_array) return encode_array(ctx, w, v, depth);
    return encode_object(ctx, w, v, depth);
}

int codec_encode(JSContext *ctx, mpw *w, JSValueConst v) { return encode_value(ctx, w, v, 0); }

/* ---------------------------------------------------------------- reading */

static int fail(mpr *r, const char *msg) {
    if (!r->error) r->error = msg;
    return -1;
}

/* Reads one token. Blob payloads (str, bin, ext) are left at r->p for the caller. */
static int mpr_token(mpr *r, mpack_token_t *tok) {
    if (r->error) return -1;
    if (!r->left) return fail(r, "truncated message");
    mpack_tokbuf_t tb = MPACK_TOKBUF_INITIAL_VALUE;
    const char *p = r->p;
    size_t left = r->left;
    int st = mpack_read(&tb, &p, &left, tok);
    if (st != MPACK_OK) return fail(r, st == MPACK_EOF ? "truncated message" : "malformed msgpack");
    r->p = p;
    r->left = left;
    if (tok->type == MPACK_TOKEN_EXT) return fail(r, "msgpack ext types are not accepted");
    if (tok->type == MPACK_TOKEN_STR || tok->type == MPACK_TOKEN_BIN) {
        if (tok->length > r->left) return fail(r, "truncated message");
    }
    return 0;
}

static const char *mpr_take(mpr *r, uint32_t len) {
    const char *s = r->p;
    r->p += len;
    r->left -= len;
    return s;
}

int mpr_map(mpr *r, uint32_t *n) {
    mpack_token_t t;
    if (mpr_token(r, &t) < 0) return -1;
    if (t.type != MPACK_TOKEN_MAP) return fail(r, "expected a map");
    *n = t.length;
    return 0;
}

int mpr_array(mpr *r, uint32_t *n) {
    mpack_token_t t;
    if (mpr_token(r, &t) < 0) return -1;
    if (t.type != MPACK_TOKEN_ARRAY) return fail(r, "expected an array");
    *n = t.length;
    return 0;
}

int mpr_str(mpr *r, const char **s, uint32_t *len) {
    mpack_token_t t;
    if (mpr_token(r, &t) < 0) return -1;
    if (t.type != MPACK_TOKEN_STR && t.type != MPACK_TOKEN_BIN) return fail(r, "expected a string");
    *len = t.length;
    *s = mpr_take(r, t.length);
    return 0;
}

int mpr_int(mpr *r, int64_t *v) {
    mpack_token_t t;
    if (mpr_token(r, &t) < 0) return -1;
    if (t.type == MPACK_TOKEN_UINT) {
        mpack_uintmax_t u = mpack_unpack_uint(t);
        *v = u > INT64_MAX ? INT64_MAX : (int64_t)u;
    } else if (t.type == MPACK_TOKEN_SINT) {
        *v = mpack_unpack_sint(t);
    } else {
        return fail(r, "expected an integer");
    }
    return 0;
}

int mpr_bool(mpr *r, int *v) {
    mpack_token_t t;
    if (mpr_token(r, &t) < 0) return -1;
    if (t.type != MPACK_TOKEN_BOOLEAN) return fail(r, "expected a boolean");
    *v = mpack_unpack_boolean(t) ? 1 : 0;
    return 0;
}

int mpr_peek_nil(mpr *r) { return r->left && (unsigned char)r->p[0] == 0xc0; }

static int skip_depth(mpr *r, int depth) {
    mpack_token_t t;
    if (depth > MAX_DEPTH) return fail(r, "message nested too deeply");
    if (mpr_token(r, &t) < 0) return -1;
    switch (t.type) {
    case MPACK_TOKEN_STR:
    case MPACK_TOKEN_BIN:
        mpr_take(r, t.length);
        return 0;
    case MPACK_TOKEN_ARRAY:
        for (uint32_t i = 0; i < t.length; i++)
            if (skip_depth(r, depth + 1) < 0) return -1;
        return 0;
    case MPACK_TOKEN_MAP:
        for (uint32_t i = 0; i < 2 * (uint64_t)t.length; i++)
            if (skip_depth(r, depth + 1) < 0) return -1;
        return 0;
    default:
        return 0;
    }
}

int mpr_skip(mpr *r) { return skip_depth(r, 0); }

static int decode_depth(JSContext *ctx, mpr *r, JSValue *out, int depth);

static JSValue decode_int(JSContext *ctx, mpack_token_t t) {
    if (t.type == MPACK_TOKEN_UINT) {
        mpack_uintmax_t u = mpack_unpack_uint(t);
        if ((double)u < SAFE_INT) return JS_NewInt64(ctx, (int64_t)u);
        return JS_NewBigUint64(ctx, u);
    }
    mpack_sintmax_t s = mpack_unpack_sint(t);
    if ((double)s > -SAFE_INT) return JS_NewInt64(ctx, s);
    return JS_NewBigInt64(ctx, s);
}

static int decode_array(JSContext *ctx, mpr *r, uint32_t n, JSValue *out, int depth) {
    JSValue arr = JS_NewArray(ctx);
    if (JS_IsException(arr)) return -1;
    for (uint32_t i = 0; i < n; i++) {
        JSValue e;
        if (decode_depth(ctx, r, &e, depth + 1) < 0 ||
            JS_DefinePropertyValueUint32(ctx, arr, i, e, JS_PROP_C_W_E) < 0) {
            JS_FreeValue(ctx, arr);
            return -1;
        }
    }
    *out = arr;
    return 0;
}

/* Keys are defined, not assigned: a "__proto__" key becomes a plain own property instead of
 * replacing the object's prototype. */
static int decode_key(JSContext *ctx, mpr *r, JSAtom *atom) {
    mpack_token_t t;
    if (mpr_token(r, &t) < 0) return -1;
    if (t.type == MPACK_TOKEN_STR) {
        const char *s = mpr_take(r, t.length);
        *atom = JS_NewAtomLen(ctx, s, t.length);
    } else if (t.type == MPACK_TOKEN_UINT || t.type == MPACK_TOKEN_SINT) {
        char num[24];
        long long v = t.type == MPACK_TOKEN_UINT ? (long long)mpack_unpack_uint(t)
                                                 : (long long)mpack_unpack_sint(t);
        snprintf(num, sizeof(num), "%lld", v);
        *atom = JS_NewAtom(ctx, num);
    } else {
        return fail(r, "map keys must be strings");
    }
    return *atom == JS_ATOM_NULL ? -1 : 0;
}

static int decode_map(JSContext *ctx, mpr *r, uint32_t n, JSValue *out, int depth) {
    JSValue obj = JS_NewObject(ctx);
    if (JS_IsException(obj)) return -1;
    for (uint32_t i = 0; i < n; i++) {
        JSAtom key;
        JSValue e;
        if (decode_key(ctx, r, &key) < 0) {
            JS_FreeValue(ctx, obj);
            return -1;
        }
        int rc = decode_depth(ctx, r, &e, depth + 1);
        if (rc == 0) rc = JS_DefinePropertyValue(ctx, obj, key, e, JS_PROP_C_W_E) < 0 ? -1 : 0;
        JS_FreeAtom(ctx, key);
        if (rc < 0) {
            JS_FreeValue(ctx, obj);
            return -1;
        }
    }
    *out = obj;
    return 0;
}

static int decode_depth(JSContext *ctx, mpr *r, JSValue *out, int depth) {
    mpack_token_t t;
    if (depth > MAX_DEPTH) return fail(r, "message nested too deeply");
    if (mpr_token(r, &t) < 0) return -1;
    switch (t.type) {
    case MPACK_TOKEN_NIL:
        *out = JS_NULL;
        return 0;
    case MPACK_TOKEN_BOOLEAN:
        *out = JS_NewBool(ctx, mpack_unpack_boolean(t));
        return 0;
    case MPACK_TOKEN_UINT:
    case MPACK_TOKEN_SINT:
        *out = decode_int(ctx, t);
        return JS_IsException(*out) ? -1 : 0;
    case MPACK_TOKEN_FLOAT:
        *out = JS_NewFloat64(ctx, mpack_unpack_float(t));
        return 0;
    case MPACK_TOKEN_STR: {
        const char *s = mpr_take(r, t.length);
        *out = JS_NewStringLen(ctx, s, t.length);
        return JS_IsException(*out) ? -1 : 0;
    }
    case MPACK_TOKEN_BIN: {
        const char *s = mpr_take(r, t.length);
        *out = JS_NewUint8ArrayCopy(ctx, (const uint8_t *)s, t.length);
        return JS_IsException(*out) ? -1 : 0;
    }
    case MPACK_TOKEN_ARRAY:
        return decode_array(ctx, r, t.length, out, depth);
    case MPACK_TOKEN_MAP:
        return decode_map(ctx, r, t.length, out, depth);
    default:
        return fail(r, "unsupported msgpack type");
    }
}

int codec_decode(JSContext *ctx, mpr *r, JSValue *out) { return decode_depth(ctx, r, out, 0); }
