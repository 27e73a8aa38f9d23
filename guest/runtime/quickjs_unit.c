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

/* performance.now() counts from the start of each execution, not from the snapshot's
 * creation (in another process, on another clock). */
void exec_start_clock(JSContext *ctx) {
    ctx->time_origin = js__now_ms();
}

/* Executions are short and their instance is thrown away, so a collection mostly walks (and
 * copy-on-write faults in) the snapshot's heap for nothing. Called once at snapshot time:
 * the first collection waits until an execution has allocated `headroom` more bytes. */
void exec_gc_headroom(JSRuntime *rt, size_t headroom) {
    JS_SetGCThreshold(rt, rt->malloc_state.malloc_size + headroom);
}

/* What util.inspect shows of a Map or Set iterator, read without advancing it, or of a WeakMap
 * or WeakSet (V8's previewEntries): `[entries, key-value pairs?]`, the pairs flattened, or
 * undefined for any other value. */
JSValue exec_preview_entries(JSContext *ctx, JSValueConst v) {
    if (JS_VALUE_GET_TAG(v) != JS_TAG_OBJECT) return JS_UNDEFINED;
    JSObject *p = JS_VALUE_GET_OBJ(v);
    JSMapState *s;
    JSMapRecord *from = NULL; /* the record an iterator gave last */
    bool is_set, keys = true, values = true;
    switch (p->class_id) {
    case JS_CLASS_MAP_ITERATOR:
    case JS_CLASS_SET_ITERATOR: {
        JSMapIteratorData *it = p->u.map_iterator_data;
        is_set = p->class_id == JS_CLASS_SET_ITERATOR;
        keys = it->kind != JS_ITERATOR_KIND_VALUE;
        values = it->kind != JS_ITERATOR_KIND_KEY;
        s = JS_IsUndefined(it->obj) ? NULL
                                    : JS_GetOpaque(it->obj, is_set ? JS_CLASS_SET : JS_CLASS_MAP);
        from = it->cur_record;
        break;
    }
    case JS_CLASS_WEAKMAP:
    case JS_CLASS_WEAKSET:
        is_set = p->class_id == JS_CLASS_WEAKSET;
        values = !is_set;
        s = p->u.map_state;
        break;
    default:
        return JS_UNDEFINED;
    }
    JSValue list = JS_NewArray(ctx);
    if (JS_IsException(list)) return list;
    uint32_t n = 0;
    if (s) {
        struct list_head *el = from ? from->link.next : s->records.next;
        for (; el != &s->records; el = el->next) {
            JSMapRecord *mr = list_entry(el, JSMapRecord, link);
            if (mr->empty) continue;
            JSValueConst second = is_set ? mr->key : mr->value;
            if (keys && JS_SetPropertyUint32(ctx, list, n++, js_dup(mr->key)) < 0) goto fail;
            if (values && JS_SetPropertyUint32(ctx, list, n++, js_dup(second)) < 0) goto fail;
        }
    }
    JSValue out = JS_NewArray(ctx);
    if (JS_IsException(out)) goto fail;
    if (JS_SetPropertyUint32(ctx, out, 0, list) < 0 ||
        JS_SetPropertyUint32(ctx, out, 1, JS_NewBool(ctx, keys && values)) < 0) {
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
