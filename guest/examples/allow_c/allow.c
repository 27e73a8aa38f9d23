/*
 * allow.c: an IP allow-list action written in C against the raw guest ABI,
 * version 1 (guest/ABI.md), with no JavaScript runtime involved.
 *
 * What it does, per execution:
 *   1. decodes the input map and finds event.request.ip;
 *   2. makes one host call, [seq, "cache.get", ["allow-c-hits"]], and returns
 *      that call's value as the outcome's `result` (so a test can see a host
 *      call answered);
 *   3. if the IP is not on a hard-coded allow-list, records
 *      [seq, "access.deny", ["IP not allowed"]] in the outcome's `calls`;
 *   4. logs "checked <ip>".
 *
 * MessagePack goes through libmpack's token-level API (core.c/conv.c), which
 * the build fetches from the `mpack` sdist. Memory comes from wasi-libc's
 * malloc; nothing is ever freed because the host never reuses an instance.
 */

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* conv.h declares `bool` itself unless it is already defined; stdbool.h above
 * defines it first. We never call mpack_unpack_boolean, the one function
 * whose prototype that choice affects. */
#include "conv.h"
#include "core.h"

#define EXPORT(name) __attribute__((export_name(name)))

/* executor.host_call(req_ptr, req_len, resp_ptr, resp_cap) -> answer length,
 * -1 (request malformed) or -2 (answer does not fit). */
__attribute__((import_module("executor"), import_name("host_call")))
extern int32_t host_call(const char *req, int32_t req_len, char *resp, int32_t resp_cap);

/* Nesting deeper than this is rejected rather than recursed into, so a
 * hostile input cannot exhaust the wasm stack (which would trap). */
#define MAX_DEPTH 64

/* Room for the host's answer. A cache value bigger than this makes host_call
 * return -2; we report that instead of retrying, because a retry would be a
 * second api call. */
#define RESP_CAP (64 * 1024)

static const char *const ALLOWED_IPS[] = {"127.0.0.1", "10.0.0.1"};

/* ------------------------------------------------------------------------ */
/* Reading: whole values out of a contiguous buffer.                         */
/* ------------------------------------------------------------------------ */

/* A byte range holding exactly one encoded msgpack value. */
typedef struct {
  const char *p;
  size_t n;
} span_t;

typedef struct {
  const char *pos;
  size_t left;
  mpack_tokbuf_t tb;
} reader_t;

static reader_t reader_over(span_t s) {
  reader_t r = {.pos = s.p, .left = s.n};
  mpack_tokbuf_init(&r.tb);
  return r;
}

/* True if s[0..n) is well-formed UTF-8 (no overlongs, surrogates or code
 * points past U+10FFFF). The ABI's str is UTF-8, and a str we echo back
 * (the IP in the log line) must not make the host's decoder fail. */
static bool valid_utf8(const unsigned char *s, size_t n) {
  size_t i = 0;
  while (i < n) {
    unsigned char c = s[i];
    size_t extra;
    uint32_t cp;
    if (c < 0x80) {
      i++;
      continue;
    } else if (c >= 0xc2 && c <= 0xdf) {
      extra = 1, cp = c & 0x1f;
    } else if (c >= 0xe0 && c <= 0xef) {
      extra = 2, cp = c & 0x0f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      extra = 3, cp = c & 0x07;
    } else {
      return false;
    }
    if (n - i <= extra) return false;
    for (size_t k = 1; k <= extra; k++) {
      if ((s[i + k] & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (s[i + k] & 0x3f);
    }
    if ((extra == 2 && cp < 0x800) || (extra == 3 && cp < 0x10000) || cp > 0x10ffff ||
        (cp >= 0xd800 && cp <= 0xdfff)) {
      return false;
    }
    i += extra + 1;
  }
  return true;
}

/* Reads one item header. For str/bin, also reads its payload into *data.
 * Fails on truncation, on bytes that are not msgpack, on ext (which the ABI
 * rejects) and on a str that is not UTF-8. libmpack asserts on an empty
 * buffer, so check that first. */
static bool read_item(reader_t *r, mpack_token_t *tok, const char **data) {
  *data = NULL;
  if (r->left == 0 || mpack_read(&r->tb, &r->pos, &r->left, tok) != MPACK_OK) return false;
  if (tok->type == MPACK_TOKEN_EXT || tok->type == MPACK_TOKEN_CHUNK) return false;
  if ((tok->type == MPACK_TOKEN_STR || tok->type == MPACK_TOKEN_BIN) && tok->length > 0) {
    mpack_token_t chunk;
    /* The whole input is in one buffer, so a short chunk means truncation. */
    if (r->left < tok->length || mpack_read(&r->tb, &r->pos, &r->left, &chunk) != MPACK_OK ||
        chunk.length != tok->length) {
      return false;
    }
    *data = chunk.data.chunk_ptr;
    if (tok->type == MPACK_TOKEN_STR && !valid_utf8((const unsigned char *)*data, tok->length)) {
      return false;
    }
  }
  return true;
}

/* Steps over one complete value (with everything nested in it), returning
 * the bytes it occupied. This is also how we validate a value. */
static bool next_value(reader_t *r, span_t *out, int depth) {
  const char *start = r->pos;
  mpack_token_t tok;
  const char *data;
  if (depth > MAX_DEPTH || !read_item(r, &tok, &data)) return false;
  uint64_t children = tok.type == MPACK_TOKEN_ARRAY ? tok.length
                      : tok.type == MPACK_TOKEN_MAP ? 2 * (uint64_t)tok.length
                                                     : 0;
  for (uint64_t i = 0; i < children; i++) {
    span_t ignored;
    if (!next_value(r, &ignored, depth + 1)) return false;
  }
  out->p = start;
  out->n = (size_t)(r->pos - start);
  return true;
}

/* Decodes a span that must hold a str; the result points into the span. */
static bool as_str(span_t s, const char **str, uint32_t *len) {
  reader_t r = reader_over(s);
  mpack_token_t tok;
  if (!read_item(&r, &tok, str) || tok.type != MPACK_TOKEN_STR) return false;
  *len = tok.length;
  if (*str == NULL) *str = ""; /* empty string: no payload chunk */
  return true;
}

static bool as_uint(span_t s, uint64_t *v) {
  reader_t r = reader_over(s);
  mpack_token_t tok;
  const char *data;
  /* libmpack reports non-negative ints as UINT whatever their encoding. */
  if (!read_item(&r, &tok, &data) || tok.type != MPACK_TOKEN_UINT) return false;
  *v = mpack_unpack_uint(tok);
  return true;
}

static bool is_type(span_t s, mpack_token_type_t type, uint32_t *length) {
  reader_t r = reader_over(s);
  mpack_token_t tok;
  const char *data;
  if (!read_item(&r, &tok, &data) || tok.type != type) return false;
  if (length) *length = tok.length;
  return true;
}

static bool str_equals(const char *s, uint32_t n, const char *lit) {
  return n == strlen(lit) && memcmp(s, lit, n) == 0;
}

/* Looks `key` up in a span that holds a map. False when the span is not a
 * map or has no such str key. The span was validated when it was cut out,
 * so this walk cannot meet malformed bytes. */
static bool map_get(span_t map, const char *key, span_t *value) {
  reader_t r = reader_over(map);
  mpack_token_t tok;
  const char *data;
  if (!read_item(&r, &tok, &data) || tok.type != MPACK_TOKEN_MAP) return false;
  for (uint32_t i = 0; i < tok.length; i++) {
    span_t k, v;
    const char *s;
    uint32_t n;
    if (!next_value(&r, &k, 0) || !next_value(&r, &v, 0)) return false;
    if (as_str(k, &s, &n) && str_equals(s, n, key)) {
      *value = v;
      return true;
    }
  }
  return false;
}

/* ------------------------------------------------------------------------ */
/* Writing: a growable buffer fed with libmpack tokens.                      */
/* ------------------------------------------------------------------------ */

typedef struct {
  char *buf;
  size_t len, cap;
  bool failed; /* an allocation failed; the buffer contents are unusable */
  mpack_tokbuf_t tb;
} writer_t;

static writer_t new_writer(void) {
  writer_t w = {0};
  mpack_tokbuf_init(&w.tb);
  return w;
}

/* Makes room for `need` more bytes. Always keeping MPACK_MAX_TOKEN_LEN spare
 * lets mpack_write emit each token whole, so it never returns MPACK_EOF. */
static bool reserve(writer_t *w, size_t need) {
  if (w->failed) return false;
  need += MPACK_MAX_TOKEN_LEN;
  if (w->cap - w->len >= need) return true;
  size_t cap = w->cap ? w->cap : 256;
  while (cap - w->len < need) cap *= 2;
  char *grown = realloc(w->buf, cap);
  if (grown == NULL) {
    w->failed = true;
    return false;
  }
  w->buf = grown;
  w->cap = cap;
  return true;
}

static void put(writer_t *w, mpack_token_t tok) {
  if (tok.type == MPACK_TOKEN_CHUNK && tok.length == 0) return; /* nothing to copy */
  if (!reserve(w, tok.type == MPACK_TOKEN_CHUNK ? tok.length : 0)) return;
  char *p = w->buf + w->len;
  size_t room = w->cap - w->len;
  if (mpack_write(&w->tb, &p, &room, &tok) != MPACK_OK) {
    w->failed = true;
    return;
  }
  w->len = (size_t)(p - w->buf);
}

/* A str made of several parts, written as one header plus one chunk each,
 * so "checked " + ip needs no temporary buffer. */
static void put_str_parts(writer_t *w, const char *const parts[], const size_t lens[], int count) {
  size_t total = 0;
  for (int i = 0; i < count; i++) total += lens[i];
  put(w, mpack_pack_str((mpack_uint32_t)total));
  for (int i = 0; i < count; i++) put(w, mpack_pack_chunk(parts[i], (mpack_uint32_t)lens[i]));
}

static void put_strn(writer_t *w, const char *s, size_t n) {
  put_str_parts(w, &s, &n, 1);
}

static void put_cstr(writer_t *w, const char *s) { put_strn(w, s, strlen(s)); }

/* Appends an already encoded (and validated) value as is. */
static void put_raw(writer_t *w, span_t v) {
  if (!reserve(w, v.n)) return;
  memcpy(w->buf + w->len, v.p, v.n);
  w->len += v.n;
}

/* ------------------------------------------------------------------------ */
/* The input message.                                                        */
/* ------------------------------------------------------------------------ */

typedef struct {
  span_t event;
  uint64_t log_bytes;
  const char *ip; /* event.request.ip, or NULL when absent or not a str */
  uint32_t ip_len;
} input_t;

/* Checks the input map and pulls out what the action needs. On failure,
 * *why says what was wrong (a static string, for the error message). */
static bool parse_input(span_t msg, input_t *in, const char **why) {
  reader_t r = reader_over(msg);
  mpack_token_t tok;
  const char *data;
  bool seen_abi = false, seen_handler = false, seen_event = false, seen_seed = false,
       seen_limits = false;
  in->log_bytes = UINT64_MAX; /* no cap unless limits.log_bytes says so */
  in->ip = NULL;

  if (!read_item(&r, &tok, &data) || tok.type != MPACK_TOKEN_MAP) {
    *why = "input is not a msgpack map";
    return false;
  }
  for (uint32_t i = 0; i < tok.length; i++) {
    span_t k, v;
    const char *key;
    uint32_t key_len;
    if (!next_value(&r, &k, 0) || !next_value(&r, &v, 0)) {
      *why = "input is truncated, nested too deeply or not valid msgpack/UTF-8";
      return false;
    }
    if (!as_str(k, &key, &key_len)) {
      *why = "input map has a key that is not a string";
      return false;
    }
    if (str_equals(key, key_len, "abi")) {
      uint64_t abi;
      if (!as_uint(v, &abi) || abi != 1) {
        *why = "abi must be 1";
        return false;
      }
      seen_abi = true;
    } else if (str_equals(key, key_len, "handler")) {
      /* Any entry point name is accepted: this action answers every trigger. */
      if (!is_type(v, MPACK_TOKEN_STR, NULL)) {
        *why = "handler must be a string";
        return false;
      }
      seen_handler = true;
    } else if (str_equals(key, key_len, "event")) {
      in->event = v;
      seen_event = true;
    } else if (str_equals(key, key_len, "seed")) {
      uint32_t seed_len;
      /* We use no randomness, but a short seed means a broken host. */
      if (!is_type(v, MPACK_TOKEN_BIN, &seed_len) || seed_len < 16) {
        *why = "seed must be at least 16 bytes of bin";
        return false;
      }
      seen_seed = true;
    } else if (str_equals(key, key_len, "limits")) {
      span_t cap;
      if (!is_type(v, MPACK_TOKEN_MAP, NULL)) {
        *why = "limits must be a map";
        return false;
      }
      if (map_get(v, "log_bytes", &cap) && !as_uint(cap, &in->log_bytes)) {
        *why = "limits.log_bytes must be a non-negative int";
        return false;
      }
      seen_limits = true;
    }
    /* Unknown keys (e.g. `program`, meant for the JS runtime) are ignored;
     * next_value already checked they are well formed. */
  }
  if (r.left != 0) {
    *why = "input has trailing bytes after the map";
    return false;
  }
  if (!(seen_abi && seen_handler && seen_event && seen_seed && seen_limits)) {
    *why = "input lacks one of abi, handler, event, seed, limits";
    return false;
  }

  /* event.request.ip: anything missing or not a string simply means "no IP",
   * which the allow-list then refuses, as `undefined` would in JS. */
  span_t request, ip;
  if (map_get(in->event, "request", &request) && map_get(request, "ip", &ip)) {
    if (!as_str(ip, &in->ip, &in->ip_len)) in->ip = NULL;
  }
  return true;
}

/* ------------------------------------------------------------------------ */
/* The action.                                                               */
/* ------------------------------------------------------------------------ */

/* Everything exec_run decides, gathered before a single byte of the outcome
 * is written. */
typedef struct {
  const char *status;
  span_t result;          /* encoded value; n == 0 means nil */
  const char *err_name;   /* NULL: error is nil */
  const char *err_msg;    /* may point into the host's answer, hence the length */
  size_t err_msg_len;
  bool log_checked;       /* log "checked <ip>" */
  bool deny;              /* record access.deny */
  uint64_t next_seq;      /* seq of the next api call, shared by crossings and records */
} outcome_t;

static void fail(outcome_t *out, const char *status, const char *name, const char *msg) {
  out->status = status;
  out->err_name = name;
  out->err_msg = msg;
  out->err_msg_len = strlen(msg);
}

static bool ip_allowed(const char *ip, uint32_t len) {
  if (ip == NULL) return false;
  for (size_t i = 0; i < sizeof ALLOWED_IPS / sizeof ALLOWED_IPS[0]; i++) {
    if (str_equals(ip, len, ALLOWED_IPS[i])) return true;
  }
  return false;
}

/* The api's cache.get, crossing to the host at once as the ABI requires for
 * calls that return a value. On success *value is the answer's value (n == 0
 * for `[true]`, i.e. undefined); otherwise `out` carries the error. */
static bool cache_get(outcome_t *out, const char *key, span_t *value) {
  writer_t req = new_writer();
  put(&req, mpack_pack_array(3));
  put(&req, mpack_pack_uint(out->next_seq++));
  put_cstr(&req, "cache.get");
  put(&req, mpack_pack_array(1));
  put_cstr(&req, key);
  char *resp = malloc(RESP_CAP);
  if (req.failed || resp == NULL) {
    fail(out, "memory_limit", "RangeError", "out of memory building a host call");
    return false;
  }

  int32_t n = host_call(req.buf, (int32_t)req.len, resp, RESP_CAP);
  if (n == -2) {
    fail(out, "internal", "InternalError", "cache.get answer exceeds the guest's buffer");
    return false;
  }
  if (n < 0 || n > RESP_CAP) {
    fail(out, "internal", "InternalError", "host_call refused the request");
    return false;
  }

  /* The answer: [true, value], [true] or [false, message]. */
  reader_t r = reader_over((span_t){resp, (size_t)n});
  mpack_token_t head, ok;
  const char *data;
  span_t payload = {resp, 0};
  if (!read_item(&r, &head, &data) || head.type != MPACK_TOKEN_ARRAY || head.length < 1 ||
      head.length > 2 || !read_item(&r, &ok, &data) || ok.type != MPACK_TOKEN_BOOLEAN ||
      (head.length == 2 && !next_value(&r, &payload, 0)) || r.left != 0) {
    fail(out, "internal", "InternalError", "host_call answer is malformed");
    return false;
  }
  if (ok.data.value.lo) {
    *value = payload;
    return true;
  }
  /* The call threw. This action does not catch it, so the handler throws. */
  const char *msg;
  uint32_t msg_len;
  fail(out, "action_error", "Error", "cache.get failed");
  if (head.length == 2 && as_str(payload, &msg, &msg_len)) {
    out->err_msg = msg;
    out->err_msg_len = msg_len;
  }
  return false;
}

static void run_action(outcome_t *out, const input_t *in) {
  span_t hits;
  if (!cache_get(out, "allow-c-hits", &hits)) return;
  out->result = hits;
  out->log_checked = true;
  out->deny = !ip_allowed(in->ip, in->ip_len);
}

/* ------------------------------------------------------------------------ */
/* The outcome message.                                                      */
/* ------------------------------------------------------------------------ */

static void put_error(writer_t *w, const outcome_t *out) {
  if (out->err_name == NULL) {
    put(w, mpack_pack_nil());
    return;
  }
  /* The stack mimics a JS one: "Name: message\n    at <where>". */
  const char *stack[] = {out->err_name, ": ", out->err_msg, "\n    at exec_run (allow.c)"};
  size_t stack_lens[] = {strlen(out->err_name), 2, out->err_msg_len, strlen(stack[3])};
  put(w, mpack_pack_map(3));
  put_cstr(w, "name");
  put_cstr(w, out->err_name);
  put_cstr(w, "message");
  put_strn(w, out->err_msg, out->err_msg_len);
  put_cstr(w, "stack");
  put_str_parts(w, stack, stack_lens, 4);
}

/* logs and logs_dropped: the one line is kept only if it fits in
 * limits.log_bytes, otherwise all of its bytes count as dropped. */
static void put_logs(writer_t *w, const outcome_t *out, const input_t *in) {
  const char *ip = in->ip ? in->ip : "(no ip)";
  size_t ip_len = in->ip ? in->ip_len : strlen(ip);
  const char *line[] = {"checked ", ip};
  size_t line_lens[] = {8, ip_len};
  size_t total = line_lens[0] + line_lens[1];
  bool keep = out->log_checked && total <= in->log_bytes;

  put_cstr(w, "logs");
  put(w, mpack_pack_array(keep ? 1 : 0));
  if (keep) put_str_parts(w, line, line_lens, 2);
  put_cstr(w, "logs_dropped");
  put(w, mpack_pack_uint(out->log_checked && !keep ? total : 0));
}

static void put_calls(writer_t *w, outcome_t *out) {
  put_cstr(w, "calls");
  if (!out->deny) {
    put(w, mpack_pack_array(0));
    return;
  }
  put(w, mpack_pack_array(1));
  put(w, mpack_pack_array(3));
  put(w, mpack_pack_uint(out->next_seq++));
  put_cstr(w, "access.deny");
  put(w, mpack_pack_array(1));
  put_cstr(w, "IP not allowed");
}

static int64_t pack_result(const writer_t *w) {
  if (w->failed) return 0; /* not even an outcome: the host classifies it */
  return (int64_t)(((uint64_t)(uintptr_t)w->buf << 32) | (uint64_t)w->len);
}

static int64_t write_outcome(outcome_t *out, const input_t *in) {
  writer_t w = new_writer();
  put(&w, mpack_pack_map(6));
  put_cstr(&w, "status");
  put_cstr(&w, out->status);
  put_cstr(&w, "result");
  if (out->result.n == 0) {
    put(&w, mpack_pack_nil());
  } else {
    put_raw(&w, out->result); /* validated by next_value when it arrived */
  }
  put_cstr(&w, "error");
  put_error(&w, out);
  put_logs(&w, out, in);
  put_calls(&w, out);
  return pack_result(&w);
}

/* ------------------------------------------------------------------------ */
/* Exports.                                                                  */
/* ------------------------------------------------------------------------ */

EXPORT("exec_abi_version") int32_t exec_abi_version(void) { return 1; }

EXPORT("exec_alloc") void *exec_alloc(int32_t len) {
  if (len < 0) return NULL;
  return malloc(len > 0 ? (size_t)len : 1);
}

EXPORT("exec_run") int64_t exec_run(const char *ptr, int32_t len) {
  outcome_t out = {.status = "ok"};
  input_t in = {0};
  const char *why = NULL;
  if (len <= 0 || ptr == NULL || !parse_input((span_t){ptr, (size_t)len}, &in, &why)) {
    fail(&out, "invalid_input", "TypeError", why ? why : "input is empty");
  } else {
    run_action(&out, &in);
  }
  return write_outcome(&out, &in);
}
