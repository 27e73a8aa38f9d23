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

/* What util.inspect shows of a Map or Set iterator, read without advancing it (V8's
 * previewEntries): `[entries still to come, key-value pairs?]`, the pairs flattened, or
 * undefined for any other value. */
JSValue exec_preview_iterator(JSContext *ctx, JSValueConst v) {
    if (JS_VALUE_GET_TAG(v) != JS_TAG_OBJECT) return JS_UNDEFINED;
    JSObject *p = JS_VALUE_GET_OBJ(v);
    if (p->class_id != JS_CLASS_MAP_ITERATOR && p->class_id != JS_CLASS_SET_ITERATOR)
        return JS_UNDEFINED;
    bool is_set = p->class_id == JS_CLASS_SET_ITERATOR;
    JSMapIteratorData *it = p->u.map_iterator_data;
    bool pairs = it->kind == JS_ITERATOR_KIND_KEY_AND_VALUE;
    JSValue list = JS_NewArray(ctx);
    if (JS_IsException(list)) return list;
    uint32_t n = 0;
    if (!JS_IsUndefined(it->obj)) {
        JSMapState *s = JS_GetOpaque(it->obj, is_set ? JS_CLASS_SET : JS_CLASS_MAP);
        struct list_head *el = it->cur_record ? it->cur_record->link.next : s->records.next;
        for (; el != &s->records; el = el->next) {
            JSMapRecord *mr = list_entry(el, JSMapRecord, link);
            if (mr->empty) continue;
            JSValueConst second = is_set ? mr->key : mr->value;
            if (it->kind != JS_ITERATOR_KIND_VALUE &&
                JS_SetPropertyUint32(ctx, list, n++, js_dup(mr->key)) < 0)
                goto fail;
            if (it->kind != JS_ITERATOR_KIND_KEY &&
                JS_SetPropertyUint32(ctx, list, n++, js_dup(second)) < 0)
                goto fail;
        }
    }
    JSValue out = JS_NewArray(ctx);
    if (JS_IsException(out)) goto fail;
    if (JS_SetPropertyUint32(ctx, out, 0, list) < 0 ||
        JS_SetPropertyUint32(ctx, out, 1, JS_NewBool(ctx, pairs)) < 0) {
        JS_FreeValue(ctx, out);
        return JS_EXCEPTION;
    }
    return out;
fail:
    JS_FreeValue(ctx, list);
    return JS_EXCEPTION;
}

/* The engine's class of an object ("Object", "Array", "Error", "Map", "Proxy", "Promise",
 * "Uint8Array"...), which no prototype or Symbol.toStringTag can disguise; undefined for a
 * primitive. structuredClone decides with it what it may clone. */
JSValue exec_class_name(JSContext *ctx, JSValueConst v) {
    if (JS_VALUE_GET_TAG(v) != JS_TAG_OBJECT) return JS_UNDEFINED;
    JSObject *p = JS_VALUE_GET_OBJ(v);
    return JS_AtomToString(ctx, ctx->rt->class_array[p->class_id].class_name);
}
