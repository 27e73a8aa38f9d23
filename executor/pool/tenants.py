"""The tenants that have a job stream, as one worker last saw them."""

from __future__ import annotations

import threading
from typing import cast

import redis

from executor.pool.connection import ensure_group
from executor.pool.jobs import TENANTS_KEY, stream_key
from executor.stores.base import NAME_RE


class Tenants:
    """The set `exec:tenants`, refreshed by the reader and read by the janitor.

    Each tenant's consumer group is created the first time the worker sees the tenant, and
    again after `forget()` (called when Redis went away: a restarted server may have lost
    the streams and their groups, and XREADGROUP on a missing group fails every stream).
    """

    def __init__(self, client: redis.Redis) -> None:
        self._client = client
        self._known: list[str] = []
        self._grouped: set[str] = set()
        self._lock = threading.Lock()

    def refresh(self) -> list[str]:
        """Read the tenant set (sorted), creating the groups not yet made; return it."""
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
        return tenants

    def known(self) -> list[str]:
        """The tenants as last refreshed."""
        with self._lock:
            return list(self._known)

    def forget(self) -> None:
        """Make the next refresh create every group again."""
        with self._lock:
            self._grouped.clear()
