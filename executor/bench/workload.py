"""The workload: tenants with their bound actions, and the stream of requests to send them.

- Tenants `t00000`.. each bind `actions_per_tenant` actions drawn by weight from the mix
  (actions.KINDS), without replacement while the mix has kinds left (a tenant binds an
  action once; two MFA steps in one flow would fail the second with no_valid_factor), then
  with replacement. Their secrets (allowed networks and domains, the redirect's shared
  secret) are drawn per tenant.
- Hostile tenants: with `hostile_share` > 0 and at least two tenants, the last
  max(1, round(tenants * hostile_share)) tenants bind the hostile action first, and that
  share of requests goes to them (uniformly), whatever the skew: every run exercises the
  limits at a known rate instead of by the luck of which tenant is popular.
- Request k is (tenant, user): the tenant by Zipf (P(rank r) proportional to 1 / r^s,
  r = 1 for t00000) or uniformly among the other tenants; the user uniformly from a pool
  of events.make_events. Request k is the same for a seed whatever the mode, the loop or
  the thread that sends it.
- A suspended result gets its continue request (`continue_request`): the completed factor
  after a challenge; after a redirect, the verifier's answer, an HS256 token signed with
  the tenant's shared secret whose `state` claim is the flow's, as the external site would.
"""

from __future__ import annotations

import bisect
import itertools
import json
import random
import threading
import time
from array import array
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import jwt

from executor.action import Action
from executor.bench.actions import ALIASES, HOSTILE, KINDS, ActionKind
from executor.bench.events import DOMAINS, make_events

Skew = Literal["zipf", "uniform"]
SKEWS: tuple[Skew, ...] = ("zipf", "uniform")

Mix = tuple[tuple[str, float], ...]
DEFAULT_MIX: Mix = tuple((name, kind.weight) for name, kind in KINDS.items())

EVENT_POOL = 512
"""Distinct users whose resets the requests cycle through."""
CHUNK = 4096
"""Requests drawn at a time (from their own seeded generator, so any k is reproducible)."""
VERIFY_URL = "https://idv.example.net/check"
TOKEN_TTL_S = 300


def parse_mix(text: str) -> Mix:
    """`default`, or comma-separated kinds with optional weights: `ip_allowlist`,
    `allowlist,mfa=2`. ValueError names the kinds there are.
    """
    if text.strip() == "default":
        return DEFAULT_MIX
    mix: dict[str, float] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        name, sep, weight = part.partition("=")
        name = ALIASES.get(name.strip(), name.strip())
        if name not in KINDS:
            raise ValueError(f"unknown action kind {name!r} in --mix; kinds: "
                             f"{', '.join(KINDS)} (or default, allowlist)")
        try:
            value = float(weight) if sep else KINDS[name].weight
        except ValueError:
            raise ValueError(f"--mix weight of {name} is not a number: {weight!r}") from None
        if not value > 0:
            raise ValueError(f"--mix weight of {name} must be positive")
        mix[name] = value
    if not mix:
        raise ValueError("--mix names no action kind")
    return tuple(mix.items())


@dataclass(frozen=True)
class PlannedAction:
    """One action a tenant binds: its name in the binding, kind and secrets."""

    name: str
    kind: ActionKind
    secrets: Mapping[str, str] = field(repr=False)

    def action(self) -> Action:
        """As Executor.run takes it."""
        return Action(self.name, self.kind.code, dict(self.secrets), self.kind.limits)


@dataclass(frozen=True)
class Tenant:
    """A tenant of the workload and the actions bound to its trigger, in order."""

    index: int
    name: str
    actions: tuple[PlannedAction, ...]
    hostile: bool
    shared_secret: str = field(repr=False)
    """What its redirect actions sign with; the harness signs the verifier's answer."""


@dataclass(frozen=True)
class Request:
    """Request k of the stream: which tenant, which user's event."""

    index: int
    tenant: int
    event: int


def _draw_kinds(rng: random.Random, mix: Mix, count: int) -> list[ActionKind]:
    """`count` kinds by weight: distinct while the mix has kinds left, then repeating."""
    names = [name for name, _ in mix]
    weights = [weight for _, weight in mix]
    chosen: list[ActionKind] = []
    left_names, left_weights = list(names), list(weights)
    for _ in range(count):
        if not left_names:
            left_names, left_weights = list(names), list(weights)
        i = rng.choices(range(len(left_names)), weights=left_weights)[0]
        chosen.append(KINDS[left_names.pop(i)])
        left_weights.pop(i)
    return chosen


def _secrets(rng: random.Random, kind: ActionKind, shared_secret: str) -> dict[str, str]:
    if kind.name == "ip_allowlist":
        cidrs = ["10.0.0.0/8"]
        if rng.random() < 0.5:
            cidrs.append("192.168.0.0/16")
        if rng.random() < 0.3:
            cidrs.append("203.0.113.0/24")
        return {"ALLOWED_CIDRS": ",".join(cidrs)}
    if kind.name == "email_allowlist":
        return {"ALLOWED_DOMAINS": ",".join(rng.sample(DOMAINS, 6))}
    if kind.name == "redirect":
        return {"SHARED_SECRET": shared_secret, "VERIFY_URL": VERIFY_URL}
    return {}


def _named(kinds: Sequence[ActionKind]) -> list[str]:
    """Binding names: the kind's name, with the slot number when a kind repeats."""
    counts = Counter(k.name for k in kinds)
    return [k.name if counts[k.name] == 1 else f"{k.name}-{slot}" for slot, k in enumerate(kinds)]


def hostile_count(tenants: int, hostile_share: float) -> int:
    """How many of the tenants are hostile (none with one tenant, else at least one)."""
    if hostile_share <= 0 or tenants < 2:
        return 0
    return min(tenants - 1, max(1, round(tenants * hostile_share)))


def plan_tenants(*, seed: int, tenants: int, actions_per_tenant: int, mix: Mix,
                 hostile_share: float, prefix: str = "t") -> tuple[Tenant, ...]:
    """The tenants and their bindings, the same for the same arguments."""
    rng = random.Random(f"tenants:{seed}")
    first_hostile = tenants - hostile_count(tenants, hostile_share)
    planned = []
    for index in range(tenants):
        hostile = index >= first_hostile
        shared_secret = f"{rng.getrandbits(256):064x}"
        kinds = _draw_kinds(rng, mix, actions_per_tenant - 1 if hostile else actions_per_tenant)
        if hostile:
            kinds.insert(0, HOSTILE)
        actions = tuple(PlannedAction(name, kind, _secrets(rng, kind, shared_secret))
                        for name, kind in zip(_named(kinds), kinds, strict=True))
        planned.append(Tenant(index, f"{prefix}{index:05d}", actions, hostile, shared_secret))
    return tuple(planned)


class TenantPicker:
    """Draws a tenant index: hostile ones with `hostile_share`, else by skew among the rest."""

    def __init__(self, tenants: Sequence[Tenant], skew: Skew, zipf_s: float,
                 hostile_share: float) -> None:
        self.normal = [t.index for t in tenants if not t.hostile]
        self.hostile = [t.index for t in tenants if t.hostile]
        self.hostile_share = hostile_share if self.hostile else 0.0
        weights = ([1.0 / (rank + 1) ** zipf_s for rank in range(len(self.normal))]
                   if skew == "zipf" else [1.0] * len(self.normal))
        self.cumulative = list(itertools.accumulate(weights))
        self.total = self.cumulative[-1]

    def pick(self, rng: random.Random) -> int:
        """One tenant index."""
        if self.hostile_share and rng.random() < self.hostile_share:
            return self.hostile[rng.randrange(len(self.hostile))]
        i = bisect.bisect_right(self.cumulative, rng.random() * self.total)
        return self.normal[min(i, len(self.normal) - 1)]

    def offered_shares(self) -> list[tuple[int, float]]:
        """Each tenant's expected share of requests."""
        normal = 1.0 - self.hostile_share
        shares = [(t, normal * (c - p) / self.total) for t, c, p in
                  zip(self.normal, self.cumulative, [0.0, *self.cumulative[:-1]], strict=True)]
        shares += [(t, self.hostile_share / len(self.hostile)) for t in self.hostile]
        return shares


class Workload:
    """Tenants, events and the deterministic request stream of one benchmark run."""

    def __init__(self, *, seed: int = 1, tenants: int = 100, actions_per_tenant: int = 3,
                 mix: Mix = DEFAULT_MIX, hostile_share: float = 0.02, skew: Skew = "zipf",
                 zipf_s: float = 1.0, event_bytes: int = 0, prefix: str = "t") -> None:
        self.seed = seed
        self.tenants = plan_tenants(seed=seed, tenants=tenants,
                                    actions_per_tenant=actions_per_tenant, mix=mix,
                                    hostile_share=hostile_share, prefix=prefix)
        self.events = make_events(seed, EVENT_POOL, event_bytes)
        self.picker = TenantPicker(self.tenants, skew, zipf_s, hostile_share)
        self._chunks: dict[int, tuple[array[int], array[int]]] = {}
        self._lock = threading.Lock()

    def request(self, k: int) -> Request:
        """Request number k (any k, any order, any thread)."""
        chunk, offset = divmod(k, CHUNK)
        tenants, events = self._chunk(chunk)
        return Request(k, tenants[offset], events[offset])

    def _chunk(self, chunk: int) -> tuple[array[int], array[int]]:
        found = self._chunks.get(chunk)
        if found is not None:
            return found
        with self._lock:
            if chunk not in self._chunks:
                rng = random.Random(f"requests:{self.seed}:{chunk}")
                tenants, events = array("I"), array("I")
                for _ in range(CHUNK):
                    tenants.append(self.picker.pick(rng))
                    events.append(rng.randrange(len(self.events)))
                self._chunks[chunk] = (tenants, events)
            return self._chunks[chunk]

    def continue_request(self, tenant: Tenant, event: Mapping[str, Any],
                         result: Mapping[str, Any]) -> dict[str, Any] | None:
        """The browser's request that continues a suspended result; None if it did not
        suspend (or suspended in a way the workload never asks for: a prompt).
        """
        request = event["request"]
        base = {"ip": request["ip"], "hostname": request["hostname"], "method": "POST"}
        if result.get("status") == "challenge":
            factors = (result.get("challenge") or {}).get("factors") or [{"type": "otp"}]
            return {**base, "challenge": {"completed": [factors[0]["type"]]}}
        if result.get("status") == "redirect" and result.get("state"):
            now = int(time.time())
            claims = {"iat": now - 1, "exp": now + TOKEN_TTL_S, "iss": request["hostname"],
                      "sub": event["user"]["user_id"], "state": result["state"],
                      "verified": True}
            token = jwt.encode(claims, tenant.shared_secret, algorithm="HS256")
            return {**base, "body": {"verification": token}}
        return None

    def kind_counts(self) -> dict[str, int]:
        """Bound actions by kind, over all tenants."""
        return dict(Counter(a.kind.name for t in self.tenants for a in t.actions))

    def describe(self) -> dict[str, Any]:
        """What the JSON report says about the workload."""
        return {"tenants": len(self.tenants),
                "hostile_tenants": [t.name for t in self.tenants if t.hostile],
                "actions_by_kind": self.kind_counts(),
                "distinct_sources": len({a.kind.code for t in self.tenants for a in t.actions}),
                "event_pool": len(self.events),
                "event_bytes_mean": round(sum(len(json.dumps(e).encode()) for e in self.events)
                                          / len(self.events))}
