/*
 * QuickJS-ng compiled as one unit with the little we need from its insides.
 *
 * A wizer snapshot freezes the context's PRNG: every instance of one snapshot would draw the
 * same Math.random() sequence. QuickJS has no public call to reseed, so this unit includes
 * quickjs.c (unmodified, fetched by guest/build.py) and adds one function that the runtime
 * calls with host entropy at the start of every execution.
 *
 * The Map hash seed is left as the snapshot has it: Maps and Sets that built-in modules
 * filled before the snapshot would lose their entries under a new seed. A known seed only
 * lets an action collide its own keys, which costs its own fuel.
 */
#include "quickjs.c"

void exec_reseed(JSContext *ctx, uint64_t seed) {
    ctx->random_state = seed ? seed : 1; /* xorshift64* must not start at 0 */
}

/* Executions are short and their instance is thrown away, so a collection mostly walks (and
 * copy-on-write faults in) the snapshot's heap for nothing. Called once at snapshot time:
 * the first collection waits until an execution has allocated `headroom` more bytes. */
void exec_gc_headroom(JSRuntime *rt, size_t headroom) {
    JS_SetGCThreshold(rt, rt->malloc_state.malloc_size + headroom);
}
