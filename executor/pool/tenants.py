"""The tenants that have a job stream, as one worker last saw them."""

from __future__ import annotations

import math
import threading
import time
from typing import cast

import redis

from executor.pool.connection import ensure_group
from executor.pool.jobs import TENANTS_KEY, stream_key
from executor.stores.base import NAME_RE

REFRESH_S = 0.5
"""How stale the tenant list may get: one SMEMBERS per this, not per read. A new tenant's
first job waits up to this plus one blocking read (1 s) before a reader names its stream."""


class Tenants:
    """The set `exec:tenants`, refreshed by the reader and read by the janitor.

    Each tenant's consumer group is created the first time the worker sees the tenant, and
    again after `forget()` (called when Redis went away: a restarted server may have lost
    the streams and their groups, and XREADGROUP on a missing group fails every stream).
    """

    def __init__(self, client: redis.Redis, *, max_age_s: float = REFRESH_S) -> None:
        self._client = client
        self._max_age_s = max_age_s
        self._read_at = -math.inf
        self._known: list[str] = []
        self._grouped: set[str] = set()
        self._lock = threading.Lock()

    def refresh(self) -> list[str]:
        """The tenant set (sorted), read again when the last read is older than `max_age_s`
        or after `forget()`, creating the groups not yet made.
        """
        with self._lock:
            if time.monotonic() - self._read_at < self._max_age_s:
                return list(self._known)
        members = cast("set[bytes]", self._client.smembers(TENANTS_KEY))
        tenants = sorted(t for t in (m.decode("utf-8", "replace") for m in members)
                         if NAME_RE.fullmatch(t))  # anything else is not a stream of ours
        with self._lock:
            missing = [t for t in tenants if t not in self._grouped]
        for tenant in missing:
            ensure_group(self._client, stream_key(tenant))
            with self._lock:
                self._grouped.add(tenant)
        with self._lock:
            self._known = tenants
            self._read_at = time.monotonic()
        return tenants

    def known(self) -> list[str]:
        """The tenants as last refreshed."""
        with self._lock:
            return list(self._known)

    def forget(self) -> None:
        """Make the next refresh read the set and create every group again."""
        with self._lock:
            self._grouped.clear()
            self._read_at = -math.inf
