/*
 * QuickJS-ng compiled as one unit with the little we need from its insides.
 *
 * A wizer snapshot freezes the context's PRNG and hash seed: every instance of one snapshot
 * would draw the same Math.random() sequence. QuickJS has no public call to reseed, so this
 * unit includes quickjs.c (unmodified, fetched by guest/build.py) and adds one function that
 * the runtime calls with host entropy at the start of every execution.
 */
#include "quickjs.c"

void exec_reseed(JSContext *ctx, uint64_t seed) {
    ctx->random_state = seed ? seed : 1; /* xorshift64* must not start at 0 */
    ctx->hash_seed = (uint32_t)xorshift64star(&ctx->random_state);
}
