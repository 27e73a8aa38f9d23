"""api.cache for one flow execution: Auth0's semantics over a (tenant, trigger) namespace.

The namespace is read from the store once, at the first cache call, into an overlay. Reads
see the execution's own earlier writes, across its actions; writes are collected and reach
the store only in the execution's single atomic commit. Limits and error codes are Auth0's
(shared/trigger.md); where Auth0 leaves a choice, the choice is written next to the constant.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from executor.stores.base import CacheEntry, Namespace, Store
from sandbox.hostcall import ApiError

MINUTE_MS = 60_000


@dataclass(frozen=True)
class CacheLimits:
    """Auth0's cache limits. Total size: Auth0 documents 8 KiB per trigger (its runtime
    constant allows 16 KiB + 256 B); we enforce the documented 8 KiB, counting UTF-8 bytes
    of keys and values.
    """

    max_entries: int = 20
    max_key_bytes: int = 64
    max_value_bytes: int = 4096
    max_total_bytes: int = 8192
    default_ttl_ms: int = 15 * MINUTE_MS
    max_ttl_ms: int = 24 * 60 * MINUTE_MS
    # Writes (set + delete) one execution may make: over it, MaxSideEffectsExceeded.
    max_writes: int = 20


def _error(code: str) -> dict[str, str]:
    return {"type": "error", "code": code}


def _size(key: str, value: str) -> int:
    return len(key.encode()) + len(value.encode())


@dataclass
class CacheSession:
    """The cache as one execution sees it: store contents plus this execution's writes."""

    store: Store
    namespace: Namespace
    now: Callable[[], int]
    limits: CacheLimits = field(default_factory=CacheLimits)
    _view: dict[str, CacheEntry] | None = None
    writes: dict[str, CacheEntry | None] = field(default_factory=dict)  # None = deleted

    def _entries(self) -> dict[str, CacheEntry]:
        if self._view is None:
            self._view = self.store.cache_load(self.namespace, self.now())
        now = self.now()
        return {k: e for k, e in self._view.items() if e.expires_at > now}

    def get(self, key: Any) -> dict[str, Any] | None:
        """api.cache.get: the record, or None (undefined in JS) when missing or expired."""
        key = _key(key)
        entry = self._entries().get(key)
        return None if entry is None else {"value": entry.value, "expires_at": entry.expires_at}

    def set(self, key: Any, value: Any, options: Any = None) -> dict[str, Any]:
        """api.cache.set: `{type: 'success', record}` or `{type: 'error', code}`."""
        key = _key(key)
        if not isinstance(value, str):
            raise ApiError("cache values must be strings")
        if len(key.encode()) > self.limits.max_key_bytes:
            return _error("CacheKeySizeExceeded")
        if len(value.encode()) > self.limits.max_value_bytes:
            return _error("CacheValueSizeExceeded")
        expires_at = self._expiry(options)
        if isinstance(expires_at, str):
            return _error(expires_at)
        if len(self.writes) >= self.limits.max_writes and key not in self.writes:
            return _error("MaxSideEffectsExceeded")
        entries = self._entries()
        entries[key] = CacheEntry(value, expires_at)
        if len(entries) > self.limits.max_entries or \
                sum(_size(k, e.value) for k, e in entries.items()) > self.limits.max_total_bytes:
            return _error("CacheSizeExceeded")
        self._apply(key, entries[key])
        return {"type": "success", "record": {"value": value, "expires_at": expires_at}}

    def delete(self, key: Any) -> dict[str, str]:
        """api.cache.delete: success, or CacheKeyDoesNotExist."""
        key = _key(key)
        if key not in self._entries():
            return _error("CacheKeyDoesNotExist")
        if len(self.writes) >= self.limits.max_writes and key not in self.writes:
            return _error("MaxSideEffectsExceeded")
        self._apply(key, None)
        return {"type": "success"}

    def _apply(self, key: str, entry: CacheEntry | None) -> None:
        assert self._view is not None
        self.writes[key] = entry
        if entry is None:
            self._view.pop(key, None)
        else:
            self._view[key] = entry

    def _expiry(self, options: Any) -> int | str:
        """The expiry in epoch ms, or an error code. `ttl` and `expires_at` may both be given:
        the earlier wins. Past the 24 h maximum the expiry is clamped to it.
        """
        now = self.now()
        if options is None:
            options = {}
        if not isinstance(options, dict):
            return "InvalidExpiry"
        candidates = []
        ttl, at = options.get("ttl"), options.get("expires_at")
        for value, absolute in ((ttl, False), (at, True)):
            if value is None:
                continue
            if isinstance(value, bool) or not isinstance(value, int | float) \
                    or math.isnan(value) or math.isinf(value):
                return "InvalidExpiry"
            candidates.append(int(value) if absolute else now + int(value))
        expires_at = min(candidates) if candidates else now + self.limits.default_ttl_ms
        if expires_at <= now:
            return "ItemAlreadyExpired"
        return min(expires_at, now + self.limits.max_ttl_ms)

    def pending(self) -> tuple[dict[str, CacheEntry], tuple[str, ...]]:
        """What to commit: entries to set and keys to delete."""
        sets = {k: e for k, e in self.writes.items() if e is not None}
        deletes = tuple(k for k, e in self.writes.items() if e is None)
        return sets, deletes


def _key(key: Any) -> str:
    if not isinstance(key, str):
        raise ApiError("cache keys must be strings")
    return key
