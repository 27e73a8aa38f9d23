/*
 * What the guest runtime's C files share: the one runtime and context, the prelude's
 * internals, and the sticky failure flags an outcome reports.
 */
#ifndef EXEC_RUNTIME_H
#define EXEC_RUNTIME_H

#include <stddef.h>
#include <stdint.h>

#include "codec.h"
#include "quickjs.h"

#define EXPORT(name) __attribute__((export_name(name)))

extern JSRuntime *rt;
extern JSContext *ctx;
extern JSValue g_internals; /* what prelude.js returned */
extern int g_oom;           /* sticky: some allocation failed */

/* Throws a RangeError and remembers the limit as the execution's outcome (sticky). */
JSValue limit_exceeded(const char *what);

/* platform.c: the Node platform's host services (guest/ABI.md, `platform_call`). */
void platform_install(JSValueConst native); /* adds platform natives to `native` */
void platform_reset(int64_t message_bytes);  /* at the start of an execution */
int platform_replay(mpr *r);                 /* exec_init: recorded calls from stdin */
void platform_replay_done(void);
double monotonic_ms(void);
JSValue decode_host_answer(const char *p, size_t len);

#endif
