"""What one worker holds: jobs read and not yet answered, in all and per tenant."""

from __future__ import annotations

import threading
from collections.abc import Sequence


class Slots:
    """Capacity accounting between the reader, the janitor and the worker threads.

    A job is held from the moment it is read (or claimed) until it is answered. The reader
    reads only while fewer than `concurrency` jobs are held, and only from tenants holding
    fewer than `per_tenant`: a flooding tenant fills at most its share, and whatever it
    queued beyond stays undelivered in Redis, where any worker can take it. The entry ids
    held are also the leases the janitor renews.
    """

    def __init__(self, concurrency: int, per_tenant: int) -> None:
        self.concurrency = concurrency
        self.per_tenant = per_tenant
        self._held: dict[str, set[str]] = {}
        self._total = 0
        self._releases = 0  # counts releases, so a waiter cannot miss one
        self._cond = threading.Condition()

    def readable(self, tenants: Sequence[str], timeout_s: float) -> list[str]:
        """The tenants a read may take a job from now (in the order given); when there are
        none (full, or every tenant at its share), waits up to `timeout_s` for a release
        and returns [] so that the caller refreshes its tenant list and loops.
        """
        with self._cond:
            eligible = self._eligible(tenants)
            if not eligible:
                self._cond.wait(timeout_s)
            return eligible

    def free(self) -> int:
        """How many more jobs may be held now."""
        with self._cond:
            return max(0, self.concurrency - self._total)

    def take(self, tenant: str, entry_id: str) -> bool:
        """Hold a job; False when this entry is already held (a claim of our own job)."""
        with self._cond:
            entries = self._held.setdefault(tenant, set())
            if entry_id in entries:
                return False
            entries.add(entry_id)
            self._total += 1
            return True

    def release(self, tenant: str, entry_id: str) -> None:
        """Forget an answered (or abandoned) job and wake the reader."""
        with self._cond:
            entries = self._held.get(tenant, set())
            if entry_id in entries:
                entries.discard(entry_id)
                self._total -= 1
                if not entries:
                    del self._held[tenant]
            self._releases += 1
            self._cond.notify_all()

    def releases(self) -> int:
        """A counter of releases so far, for `wait_release`."""
        with self._cond:
            return self._releases

    def wait_release(self, since: int, timeout_s: float) -> None:
        """Wait up to `timeout_s` for a release after `releases()` returned `since`."""
        with self._cond:
            self._cond.wait_for(lambda: self._releases != since, timeout_s)

    def held(self) -> dict[str, list[str]]:
        """The entry ids held, by tenant: the leases to renew."""
        with self._cond:
            return {tenant: sorted(ids) for tenant, ids in self._held.items()}

    def wake(self) -> None:
        """Wake a reader waiting for capacity (the worker is stopping)."""
        with self._cond:
            self._releases += 1
            self._cond.notify_all()

    def _eligible(self, tenants: Sequence[str]) -> list[str]:
        if self._total >= self.concurrency:
            return []
        return [t for t in tenants if len(self._held.get(t, ())) < self.per_tenant]
