/*
 * MessagePack <-> JSValue, on libmpack's tokenizer.
 *
 * The host speaks msgpack (guest/ABI.md); decoding happens here in C rather than through
 * JSON.parse because it is twice as fast for a 16 KB event and keeps bin and big ints exact.
 */
#ifndef EXEC_CODEC_H
#define EXEC_CODEC_H

#include <stddef.h>
#include <stdint.h>

#include "quickjs.h"

/* A growable output buffer. `limit` caps its length; going over sets `over_limit`. */
typedef struct mpw {
    char *buf;
    size_t len, cap, limit;
    int over_limit; /* the next write would pass `limit` */
    int oom;        /* an allocation failed */
} mpw;

void mpw_init(mpw *w, size_t limit);
void mpw_reset(mpw *w);
void mpw_free(mpw *w);
int mpw_ok(const mpw *w);
void mpw_nil(mpw *w);
void mpw_bool(mpw *w, int v);
void mpw_int(mpw *w, int64_t v);
void mpw_uint(mpw *w, uint64_t v);
void mpw_double(mpw *w, double v);
void mpw_str(mpw *w, const char *s, size_t len);
void mpw_cstr(mpw *w, const char *s);
void mpw_bin(mpw *w, const void *p, size_t len);
void mpw_array(mpw *w, uint32_t n);
void mpw_map(mpw *w, uint32_t n);
void mpw_raw(mpw *w, const void *p, size_t len);

/* Encodes a JS value as plain data (see ABI.md). Returns 0, or -1 with a JS exception
 * pending (a throwing getter, a Proxy trap, nesting deeper than the limit). A full buffer
 * is not an exception: check mpw_ok(). */
int codec_encode(JSContext *ctx, mpw *w, JSValueConst v);

/* A cursor over an input buffer. */
typedef struct mpr {
    const char *p;
    size_t left;
    const char *error; /* static message once decoding failed */
} mpr;

/* Decodes one value into *out. Returns 0, or -1 with r->error set (malformed input) or a
 * pending JS exception (out of memory). `undefined_for_nil` maps nil to undefined. */
int codec_decode(JSContext *ctx, mpr *r, JSValue *out);

/* Low-level reads for the fixed-shape messages the runtime parses itself. */
int mpr_map(mpr *r, uint32_t *n);
int mpr_array(mpr *r, uint32_t *n);
int mpr_str(mpr *r, const char **s, uint32_t *len);  /* str or bin */
int mpr_int(mpr *r, int64_t *v);
int mpr_bool(mpr *r, int *v);
int mpr_skip(mpr *r);
int mpr_peek_nil(mpr *r);

#endif
