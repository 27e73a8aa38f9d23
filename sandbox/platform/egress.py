"""Where an action's outbound requests may go: the egress policy, set by the operator.

By default only public addresses are reachable. `allow` adds hosts (by name or address,
optionally one port) even when they are private or loopback, like Deno's --allow-net;
`deny` removes hosts whatever else says; a disabled policy refuses everything (--no-net).

Three parties write rules (`NetRules`, the `{"allow": [...], "deny": [...], "enabled": ...,
"public": ...}` of the CLI's FLOW.json, the HTTP API and the registry):

- the operator, for every tenant: the policy itself (worker and service flags, the CLI);
- the operator again, for one tenant (the admin endpoint): `granted` adds its allowed and
  denied hosts; it cannot turn a disabled policy back on;
- the tenant, for one action (its deploy): `narrowed` only takes reach away.

The checks themselves (resolve, check every address, connect only to a checked one) are in
sandbox/platform/fetch.py.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sandbox.errors import InvalidAction

MAX_RULES = 256
MAX_PORT = 65535


@dataclass(frozen=True, order=True)
class HostRule:
    """`HOST[:PORT]`: a host name (lower case) or an IP address, and a port or any port."""

    host: str
    port: int | None = None

    @classmethod
    def parse(cls, text: str) -> HostRule:
        """Reads `host`, `host:port`, `1.2.3.4:80`, `[::1]:8080` or `::1`; InvalidAction
        when it is none of these.
        """
        if not isinstance(text, str) or not 0 < len(text) <= 300:
            raise InvalidAction(f"a net rule must be HOST[:PORT], got {text!r:.80}")
        host, port = text.strip().lower(), None
        if host.startswith("["):
            end = host.find("]")
            rest = host[end + 1:] if end != -1 else ":"
            if end == -1 or (rest and not rest.startswith(":")):
                raise InvalidAction(f"a net rule must be HOST[:PORT], got {text!r:.80}")
            host, port = host[1:end], (rest[1:] or None)
        elif host.count(":") == 1:
            host, port = host.split(":")
        host = host.rstrip(".")
        if not host or any(c in host for c in "/@?#[] "):
            raise InvalidAction(f"a net rule must be HOST[:PORT], got {text!r:.80}")
        if ":" in host:
            try:
                host = str(ipaddress.IPv6Address(host))
            except ValueError as exc:
                raise InvalidAction(f"not an IPv6 address in net rule {text!r:.80}") from exc
        return cls(host, _port(port, text))

    def matches(self, host: str, port: int) -> bool:
        """Whether a request to `host` (as the URL names it, lower case) on `port` is this."""
        return self.host == host and (self.port is None or self.port == port)

    def __str__(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return host if self.port is None else f"{host}:{self.port}"


def _port(port: str | None, text: str) -> int | None:
    if port is None:
        return None
    if not port.isdigit() or not 0 < int(port) <= MAX_PORT:
        raise InvalidAction(f"bad port in net rule {text!r:.80}")
    return int(port)


def _rules(items: Iterable[Any] | None, what: str) -> frozenset[HostRule]:
    if items is None:
        return frozenset()
    if isinstance(items, str | bytes) or not isinstance(items, Iterable):
        raise InvalidAction(f"net.{what} must be a list of HOST[:PORT]")
    rules = frozenset(HostRule.parse(item) for item in items)
    if len(rules) > MAX_RULES:
        raise InvalidAction(f"net.{what} has more than {MAX_RULES} rules")
    return rules


@dataclass(frozen=True)
class NetRules:
    """Rules as a party writes them: what is left out says nothing (None), so an action's
    rules without `allow` keep the hosts its policy allows, and without `enabled` keep it on.
    """

    allow: frozenset[HostRule] | None = None
    deny: frozenset[HostRule] = frozenset()
    enabled: bool | None = None
    public: bool | None = None

    @classmethod
    def from_config(cls, config: Mapping[str, Any] | None) -> NetRules:
        """From `{"allow": [...], "deny": [...], "enabled": bool, "public": bool}`, every key
        optional; InvalidAction when malformed.
        """
        if config is None:
            return cls()
        if not isinstance(config, Mapping):
            raise InvalidAction("net must be an object with allow and deny lists")
        unknown = set(config) - {"allow", "deny", "enabled", "public"}
        if unknown:
            raise InvalidAction(f"unknown net settings: {', '.join(sorted(map(str, unknown)))}")
        for flag in ("enabled", "public"):
            if not isinstance(config.get(flag, False), bool):
                raise InvalidAction(f"net.{flag} must be true or false")
        allow = _rules(config["allow"], "allow") if "allow" in config else None
        return cls(allow, _rules(config.get("deny"), "deny"), config.get("enabled"),
                   config.get("public"))

    def to_config(self) -> dict[str, Any]:
        """The plain-data form `from_config` reads (only what the rules say)."""
        out: dict[str, Any] = {}
        if self.allow is not None:
            out["allow"] = sorted(map(str, self.allow))
        if self.deny:
            out["deny"] = sorted(map(str, self.deny))
        for flag in ("enabled", "public"):
            if getattr(self, flag) is not None:
                out[flag] = getattr(self, flag)
        return out


@dataclass(frozen=True)
class EgressPolicy:
    """An execution's reach: see the module's docstring."""

    enabled: bool = True
    public: bool = True
    allow: frozenset[HostRule] = frozenset()
    deny: frozenset[HostRule] = frozenset()

    @classmethod
    def from_config(cls, config: Mapping[str, Any] | None) -> EgressPolicy:
        """The default policy with the operator's rules `config` granted (None: the
        default: public addresses only).
        """
        return DEFAULT.granted(NetRules.from_config(config))

    def to_config(self) -> dict[str, Any]:
        """The plain-data form `from_config` reads back as this same policy."""
        return {"enabled": self.enabled, "public": self.public,
                "allow": sorted(map(str, self.allow)), "deny": sorted(map(str, self.deny))}

    def granted(self, rules: NetRules) -> EgressPolicy:
        """The policy with the operator's rules for one tenant added: their hosts allowed and
        denied too; a disabled policy stays disabled.
        """
        return EgressPolicy(self.enabled and rules.enabled is not False,
                            self.public and rules.public is not False,
                            self.allow | (rules.allow or frozenset()), self.deny | rules.deny)

    def narrowed(self, rules: NetRules) -> EgressPolicy:
        """What both this policy and an action's own rules allow: a request passes only if
        each would let it.
        """
        allow = self.allow
        if rules.allow is not None:
            allow = frozenset({r for r in self.allow if _covered(r, rules.allow)}
                              | {r for r in rules.allow if _covered(r, self.allow)})
        return EgressPolicy(self.enabled and rules.enabled is not False,
                            self.public and rules.public is not False, allow,
                            self.deny | rules.deny)

    def widening(self, rules: NetRules) -> list[str]:
        """The allow rules of `rules` this policy does not already allow (an action's deploy
        may narrow its policy, never widen it: these are refused).
        """
        return sorted(str(r) for r in rules.allow or () if not _covered(r, self.allow))

    def bounded_by(self, operator: EgressPolicy) -> EgressPolicy:
        """The policy (a suspended flow's) under the operator's current one: off if that is
        off, and what it denies denied.
        """
        return EgressPolicy(self.enabled and operator.enabled, self.public and operator.public,
                            self.allow, self.deny | operator.deny)

    def denies(self, host: str, port: int) -> bool:
        """Whether a rule of `deny` names this host (and port)."""
        return any(rule.matches(host, port) for rule in self.deny)

    def allows_explicitly(self, host: str, port: int) -> bool:
        """Whether a rule of `allow` names this host (and port)."""
        return any(rule.matches(host, port) for rule in self.allow)


def _covered(rule: HostRule, rules: frozenset[HostRule]) -> bool:
    """Whether `rules` allow everything `rule` does (same host, and any port or the same)."""
    return any(r.host == rule.host and (r.port is None or r.port == rule.port) for r in rules)


DEFAULT = EgressPolicy()
NO_NET = EgressPolicy(enabled=False)
