"""The host's URL components (sandbox/platform/url.py), cut from Ada's offsets, are what Ada's
own getters give, for every kind of URL.
"""

from __future__ import annotations

import itertools
import random

import ada_url
import pytest

from sandbox.platform.url import FIELDS, URLParts, parse

SCHEMES = ["http:", "HTTPS:", "ftp:", "file:", "ws:", "foo:", "blob:", "data:", "mailto:", ""]
SLASHES = ["//", "/", "", "\\\\", "///"]
CREDENTIALS = ["", "user@", "user:pass@", ":pass@", "us%20er:p@ss@", "@", ":@", "a:@"]
HOSTS = ["example.com", "EXAMPLE.com.", "127.0.0.1", "0x7f.1", "[::1]", "[2001:db8::1]",
         "xn--nxasmq6b.com", "ñandú.com", "", "a b", "%41.com", "1.2.3.4.5", "ex%00ample"]
PORTS = ["", ":", ":80", ":443", ":8080", ":0", ":65536", ":abc"]
PATHS = ["", "/", "/a/b", "/a/../b", "/%2e%2e/x", "/ä", "/a b", "//double"]
QUERIES = ["", "?", "?a=b&c=d", "?ä=ö"]
HASHES = ["", "#", "#frag", "#ä x"]
BASES = ["https://example.com/dir/file?q#h", "file:///C:/x", "sc://host/p", "about:blank"]
RELATIVE = ["", "x", "../y", "?q", "#h", "//other/p", "/abs", "\\x", "https:z", "http:/a", "."]


def by_getters(text: str, base: str | None = None) -> tuple[str, ...] | None:
    """The components through ada_url.URL's attribute getters (one C call each)."""
    try:
        url = ada_url.URL(text, base) if base is not None else ada_url.URL(text)
    except ValueError:
        return None
    return tuple(getattr(url, name) for name in FIELDS)


def corpus() -> list[str]:
    """Three thousand URLs drawn from every combination of the parts above (seeded)."""
    combos = list(itertools.product(SCHEMES, SLASHES, CREDENTIALS, HOSTS, PORTS, PATHS,
                                    QUERIES, HASHES))
    return ["".join(parts) for parts in random.Random(10).sample(combos, 3000)]


def test_components_match_ada_getters_on_a_corpus() -> None:
    """Valid and invalid URLs alike: the same eleven components (or None) both ways."""
    mismatches = []
    for text in corpus():
        got = parse(text)
        if (None if got is None else tuple(got)) != by_getters(text):
            mismatches.append(text)
    assert mismatches == []


@pytest.mark.parametrize("base", BASES)
def test_relative_references_match_ada_getters(base: str) -> None:
    """References resolved against a base give the same components both ways."""
    for text in RELATIVE:
        got = parse(text, base)
        assert (None if got is None else tuple(got)) == by_getters(text, base), text


def test_fields_by_name() -> None:
    """The named tuple's order is FIELDS, the order the guest's URL class reads."""
    url = parse("https://u:p@EXAMPLE.com:8443/a/./b?x=1#top")
    assert url == URLParts(
        href="https://u:p@example.com:8443/a/b?x=1#top", origin="https://example.com:8443",
        protocol="https:", username="u", password="p", host="example.com:8443",
        hostname="example.com", port="8443", pathname="/a/b", search="?x=1", hash="#top")
    assert URLParts._fields == FIELDS


def test_refused_inputs() -> None:
    """Not URLs, lone surrogates and inputs past the size cap parse to None."""
    assert parse("not a url") is None
    assert parse("https://a\ud800.com/") is None
    assert parse("https://example.com/" + "a" * (1 << 20)) is None
