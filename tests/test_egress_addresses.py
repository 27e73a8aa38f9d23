"""The egress policy's address checks (sandbox/platform/egress.py), without a network."""

from __future__ import annotations

import ipaddress

import pytest

from sandbox import EgressPolicy
from sandbox.platform.egress import canonical_host, is_public

REFUSED = [
    "127.0.0.1", "127.255.255.254", "0.0.0.0", "0.1.2.3", "10.0.0.1", "172.16.0.1",
    "172.31.255.255", "192.168.1.1", "169.254.169.254", "169.254.0.1", "100.64.0.1",
    "100.127.255.255", "224.0.0.1", "239.255.255.250", "255.255.255.255", "240.0.0.1",
    "198.18.0.1", "192.0.0.8", "192.0.2.1", "::", "::1", "fe80::1", "fc00::1",
    "fd00:ec2::254", "ff02::1", "::ffff:127.0.0.1", "::ffff:8.8.8.8", "::127.0.0.1",
    "2002:7f00:1::", "2002:a00:1::1", "64:ff9b::7f00:1", "64:ff9b::a9fe:a9fe",
    "2001:db8::1", "2001::1",
]
PUBLIC = ["8.8.8.8", "1.1.1.1", "93.184.216.34", "2606:4700::1111", "2a00:1450:4001::200e",
          "64:ff9b::808:808", "2002:808:808::1"]


@pytest.mark.parametrize("address", REFUSED)
def test_non_public_addresses(address: str) -> None:
    """Loopback, private, link-local, CGNAT, multicast, reserved, metadata and IPv6 forms
    carrying a non-public IPv4 address are not public.
    """
    assert not is_public(ipaddress.ip_address(address))


@pytest.mark.parametrize("address", PUBLIC)
def test_public_addresses(address: str) -> None:
    """Global unicast addresses are public, NAT64 and 6to4 ones too when what they carry is."""
    assert is_public(ipaddress.ip_address(address))


def test_canonical_hosts() -> None:
    """Hosts are compared lower-cased, without brackets or a final dot, IPv6 compressed."""
    assert canonical_host("Example.COM.") == "example.com"
    assert canonical_host("[0:0:0:0:0:0:0:1]") == "::1"
    assert canonical_host("[::FFFF:7F00:1]") == "::ffff:7f00:1"


def test_policy_decisions() -> None:
    """Deny wins (by name, or by an address the name resolves to); an allow rule admits a
    private address for its host and port only; without `public` only allowed hosts pass.
    """
    loopback = [ipaddress.ip_address("127.0.0.1")]
    public = [ipaddress.ip_address("8.8.8.8")]
    policy = EgressPolicy.from_config({"allow": ["localhost:8080"], "deny": ["8.8.8.8",
                                                                            "bad.example"]})
    assert policy.address_refusal("localhost", 8080, loopback) is None
    assert policy.address_refusal("localhost", 8081, loopback) is not None
    assert policy.refusal("bad.example", 443) == "egress to bad.example:443 is denied by the policy"
    assert "denied" in (policy.address_refusal("dns.example", 443, public) or "")
    assert policy.address_refusal("ok.example", 443, [ipaddress.ip_address("1.1.1.1")]) is None
    closed = EgressPolicy.from_config({"public": False, "allow": ["api.example"]})
    assert closed.address_refusal("api.example", 443, public) is None
    assert "not allowed" in (closed.address_refusal("other.example", 443, public) or "")
    off = EgressPolicy.from_config({"enabled": False})
    assert off.refusal("api.example", 443) == "network access is disabled for this action"
