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
from typing import Any, TypeAlias

from sandbox.errors import InvalidAction

MAX_RULES = 256
MAX_PORT = 65535

Address: TypeAlias = ipaddress.IPv4Address | ipaddress.IPv6Address

MAPPED = ipaddress.IPv6Network("::ffff:0:0/96")
COMPATIBLE = ipaddress.IPv6Network("::/96")
NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
SIX_TO_FOUR = ipaddress.IPv6Network("2002::/16")
METADATA = frozenset({ipaddress.ip_address("169.254.169.254"),
                      ipaddress.ip_address("fd00:ec2::254")})
"""The cloud instance-metadata service (AWS, GCP, Azure, and AWS's IPv6 form): never public,
named here so that no change to the checks below can let it through unnoticed."""
NOT_GLOBAL = (ipaddress.IPv4Network("192.0.0.0/24"), ipaddress.IPv4Network("100.64.0.0/10"))
"""Special-purpose ranges (IANA) the standard library may count as global: IETF protocol
assignments and shared address space (CGNAT)."""


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


def is_public(address: Address) -> bool:
    """Whether `address` is a public unicast address: not loopback, private, link-local,
    CGNAT, multicast, unspecified, reserved or the metadata service, nor an IPv6 form that
    carries an IPv4 address (mapped, compatible; 6to4 and NAT64 only when the IPv4 address
    they embed is public).
    """
    if address in METADATA or any(address in network for network in NOT_GLOBAL):
        return False
    if isinstance(address, ipaddress.IPv6Address):
        if address in MAPPED or address in COMPATIBLE:
            return False
        if address in NAT64:
            return is_public(ipaddress.IPv4Address(int(address) & 0xFFFFFFFF))
        if address in SIX_TO_FOUR:
            embedded = ipaddress.IPv4Address((int(address) >> 80) & 0xFFFFFFFF)
            if not is_public(embedded):
                return False
    return (address.is_global and not address.is_multicast and not address.is_reserved
            and not address.is_link_local and not address.is_loopback
            and not address.is_unspecified and not address.is_private)


def canonical_host(host: str) -> str:
    """A URL's host as rules name it: lower case, no brackets or final dot, IPv6 compressed."""
    host = host.lower()
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    host = host.rstrip(".")
    if ":" in host:
        try:
            return str(ipaddress.IPv6Address(host))
        except ValueError:
            return host
    return host


def literal_address(host: str) -> Address | None:
    """The address a canonical host spells, or None when it is a name."""
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None


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

    def refusal(self, host: str, port: int) -> str | None:
        """Why a request to `host` (canonical_host) on `port` is refused before its name is
        resolved, or None: the policy is disabled, or a deny rule names it.
        """
        if not self.enabled:
            return "network access is disabled for this action"
        if self.denies(host, port):
            return f"egress to {_show(host, port)} is denied by the policy"
        return None

    def address_refusal(self, host: str, port: int, addresses: Iterable[Address]) -> str | None:
        """Why connecting to `host` on `port` at any of `addresses` (what it resolved to) is
        refused, or None. An allow rule naming the host lets any address through; otherwise
        every address must be public (one private address refuses the name: it is either
        misconfigured or a rebinding attempt). A deny rule naming an address refuses it.
        """
        shown = _show(host, port)
        for address in addresses:
            if self.denies(canonical_host(str(address)), port):
                return f"egress to {shown} is denied by the policy"
        if self.allows_explicitly(host, port):
            return None
        if not self.public:
            return f"egress to {shown} is not allowed by the policy"
        if not all(is_public(address) for address in addresses):
            return f"egress to {shown} is refused by the policy (not a public address)"
        return None


def _show(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def _covered(rule: HostRule, rules: frozenset[HostRule]) -> bool:
    """Whether `rules` allow everything `rule` does (same host, and any port or the same)."""
    return any(r.host == rule.host and (r.port is None or r.port == rule.port) for r in rules)


DEFAULT = EgressPolicy()
NO_NET = EgressPolicy(enabled=False)
