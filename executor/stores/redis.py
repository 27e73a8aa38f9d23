"""The Redis store: a hash per cache namespace, a string per state, one Lua script per commit.

Keys (tenant and trigger names cannot contain ':', see base.NAME_RE):

    exec:cache:<tenant>:<trigger>   hash: cache key -> msgpack [value, expires_at]
    exec:state:<state id>           string: expires_at (big-endian int64) + payload
    exec:done:<idempotency key>     string: expires_at (big-endian int64) + outcome

Each value carries its own expiry so that every expiry decision uses the caller's `now_ms`
(the commit script reads it with Redis's built-in cmsgpack and struct). States are not
msgpack: the cmsgpack in Redis predates msgpack's bin type and cannot decode bytes payloads.

Redis's own key expiry only reclaims the memory afterwards. It is set relative to `now_ms`
(PEXPIRE, SET PX of `expires_at - now_ms`), not as an absolute PEXPIREAT, so a caller whose
clock is moved (tests) or skewed against the server's keeps its keys as long as it means to.

Every Redis failure becomes StoreUnavailable, whose message names the server and the
failure, never a key's value or a state's payload.
"""

from __future__ import annotations

import struct
from importlib.resources import files
from typing import Any, cast

from executor.redisclient import RedisClient
from sandbox.codec import CodecError, pack, unpack

from .base import (
    DONE_TTL_MS,
    AlreadyCommitted,
    CacheEntry,
    Commit,
    Namespace,
    StateGone,
    encodable,
)

KEY_PREFIX = "exec"

COMMIT_LUA = files("executor.stores").joinpath("lua", "commit.lua").read_text(encoding="utf-8")

STATE_HEADER = struct.Struct(">q")
"""The head of a state's value: its expires_at, epoch ms."""



class RedisStore(RedisClient):
    """A store on a Redis server (>= 6.2), shared safely by threads through one pool.

    `timeout` (seconds) bounds connecting and every reply. Nothing is retried: a commit
    whose reply was lost may or may not have been applied, and replaying it could consume
    a state twice, so the caller gets StoreUnavailable at once instead.
    """

    def __init__(self, url: str, *, timeout: float = 2.0) -> None:
        super().__init__(url, timeout=timeout)
        self.timeout = timeout
        self._commit = self._client.register_script(COMMIT_LUA)

    def cache_load(self, namespace: Namespace, now_ms: int) -> dict[str, CacheEntry]:
        """Return every unexpired entry of the namespace (expired ones are filtered here)."""
        stored = cast(
            "dict[bytes, bytes]", self._call(lambda: self._client.hgetall(_cache_key(namespace)))
        )
        entries: dict[str, CacheEntry] = {}
        expired = False
        for field, blob in stored.items():
            pair = _decode_pair(blob)
            if pair is not None and pair[1] <= now_ms:
                expired = True
            elif pair is not None and isinstance(pair[0], str):
                try:
                    entries[field.decode("utf-8")] = CacheEntry(pair[0], pair[1])
                except UnicodeDecodeError:
                    continue  # not written by this store
        if expired:
            self._prune(namespace, now_ms)
        return entries

    def state_get(self, state_id: str, now_ms: int) -> bytes | None:
        """Return the payload of an unexpired state, or None; an expired one seen is deleted
        (see base.Store: expiry is final).
        """
        if not encodable(state_id):
            return None
        key = _state_key(state_id)
        value = cast("bytes | None", self._call(lambda: self._client.get(key)))
        if value is None or len(value) < STATE_HEADER.size:
            return None
        (expires_at,) = STATE_HEADER.unpack_from(value)
        if expires_at > now_ms:
            return value[STATE_HEADER.size:]
        # State ids are never reused, so this deletes nothing but the expired state.
        self._call(lambda: self._client.delete(key))
        return None

    def _prune(self, namespace: Namespace, now_ms: int) -> None:
        """Delete the namespace's entries expired at `now_ms`: the commit script with nothing
        to write does exactly that, deciding by each entry's expiry inside the script (a
        fresh value another commit just wrote stays).
        """
        keys = [_cache_key(namespace), "", "", ""]
        args: list[str | bytes | int] = [now_ms, b"", 0, b"", 0, 0]
        self._call(lambda: self._commit(keys=keys, args=args))

    def commit(self, commit: Commit) -> None:
        """Apply the commit with one script run; raise AlreadyCommitted or StateGone (nothing
        applied).
        """
        if commit.empty:
            return
        new, key = commit.create_state, commit.idempotency_key
        done_at = commit.now_ms + DONE_TTL_MS
        keys = [
            _cache_key(commit.namespace),
            "" if commit.consume_state is None else _state_key(commit.consume_state),
            "" if new is None else _state_key(new.state_id),
            "" if key is None else _done_key(key),
        ]
        args: list[str | bytes | int] = [
            commit.now_ms,
            b"" if new is None else STATE_HEADER.pack(new.expires_at) + new.payload,
            0 if new is None else new.expires_at,
            b"" if key is None else STATE_HEADER.pack(done_at) + (commit.outcome or b""),
            0 if key is None else done_at,
            len(commit.cache_delete),
            *commit.cache_delete,
        ]
        for field, entry in commit.cache_set.items():
            args += [field, pack([entry.value, entry.expires_at]), entry.expires_at]
        applied = self._call(lambda: self._commit(keys=keys, args=args))
        if isinstance(applied, bytes):
            raise AlreadyCommitted(applied)
        if applied != 1:
            raise StateGone("the continuation state is unknown, expired or used")

    def committed(self, idempotency_key: str, now_ms: int) -> bytes | None:
        """Return the outcome stored by the unexpired commit with this key, or None."""
        if not encodable(idempotency_key):
            return None
        key = _done_key(idempotency_key)
        value = cast("bytes | None", self._call(lambda: self._client.get(key)))
        if value is None or len(value) < STATE_HEADER.size:
            return None
        (expires_at,) = STATE_HEADER.unpack_from(value)
        return value[STATE_HEADER.size:] if expires_at > now_ms else None

def _cache_key(namespace: Namespace) -> str:
    """Return the key of the hash holding one namespace's cache."""
    return f"{KEY_PREFIX}:cache:{namespace.tenant}:{namespace.trigger}"


def _state_key(state_id: str) -> str:
    """Return the key of the string holding one state."""
    return f"{KEY_PREFIX}:state:{state_id}"


def _done_key(idempotency_key: str) -> str:
    """Return the key of the string marking a committed idempotency key."""
    return f"{KEY_PREFIX}:done:{idempotency_key}"


def _decode_pair(blob: bytes) -> tuple[Any, int] | None:
    """Decode a stored msgpack [value, expires_at]; None when it is not one."""
    try:
        pair = unpack(blob)
    except CodecError:
        return None
    if (isinstance(pair, list) and len(pair) == 2 and isinstance(pair[1], int)
            and not isinstance(pair[1], bool)):
        return pair[0], pair[1]
    return None
