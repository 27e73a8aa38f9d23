"""URL parsing for the guest's URL class and for fetch: Ada (the ada-url package), the parser
Node uses.

Components travel as one list in a fixed order (guest/node/lib/internal/url.js, FIELDS):
href, origin, protocol, username, password, host, hostname, port, pathname, search, hash.

They are cut here from the serialized URL at the offsets Ada keeps for it
(`ada_get_components`), as Ada's own getters cut them (url_aggregator.cpp): one parse, the
href, the offsets and the origin, instead of a C call, a copy and a decode per component
through `ada_url.URL`'s attribute lookup (~13 us a URL, against ~2 us). The offsets are the
package's C API, reached through its own cffi module; tests/test_url_host.py pins the
result against `ada_url.URL`'s getters.
"""

from __future__ import annotations

import contextlib
from typing import Any, NamedTuple

import ada_url
from ada_url._ada_wrapper import ffi, lib  # type: ignore[import-not-found]

from sandbox.platform.services import Platform, arg, method

FIELDS = ("href", "origin", "protocol", "username", "password", "host", "hostname", "port",
          "pathname", "search", "hash")
SETTABLE = frozenset(FIELDS) - {"href", "origin"}
MAX_URL = 1 << 20
"""Longer inputs are refused before parsing (a platform call's bytes bound them anyway)."""
OMITTED = 0xFFFFFFFF
"""Ada's offset of a component the URL does not have (port, search, hash)."""


class URLParts(NamedTuple):
    """A parsed URL's components, as the URL standard's getters give them."""

    href: str
    origin: str
    protocol: str
    username: str
    password: str
    host: str
    hostname: str
    port: str
    pathname: str
    search: str
    hash: str


def parse(text: str, base: str | None = None) -> URLParts | None:
    """`text` parsed against `base` by the URL standard; None when it is not a URL."""
    if len(text) > MAX_URL or (base is not None and len(base) > MAX_URL):
        return None
    try:
        raw = text.encode()
        if base is None:
            handle = lib.ada_parse(raw, len(raw))
        else:
            base_raw = base.encode()
            handle = lib.ada_parse_with_base(raw, len(raw), base_raw, len(base_raw))
    except UnicodeEncodeError:  # a lone surrogate: no URL (the guest sends well-formed text)
        return None
    try:
        return parts_of(handle) if lib.ada_is_valid(handle) else None
    finally:
        lib.ada_free(handle)


def parts_of(handle: Any) -> URLParts:
    """The components of a valid Ada URL (`ada_url.URL.urlobj`, or a handle from ada_parse)."""
    href_view = lib.ada_get_href(handle)
    raw = ffi.unpack(href_view.data, href_view.length)
    href = raw.decode()
    origin_view = lib.ada_get_origin(handle)
    try:
        origin = ffi.unpack(origin_view.data, origin_view.length).decode()
    finally:
        lib.ada_free_owned_string(origin_view)
    if len(href) != len(raw):  # never: a serialized URL is ASCII, and the offsets are bytes
        return _parts_by_getters(handle, origin)
    c = lib.ada_get_components(handle)
    protocol_end, username_end, host_start, host_end = (
        c.protocol_end, c.username_end, c.host_start, c.host_end)
    pathname_start, search_start, hash_start = c.pathname_start, c.search_start, c.hash_start
    size = len(href)
    start = host_start
    if host_end > host_start and href[host_start] == "@":  # host_start is the credentials' end
        start += 1
    path_end = (search_start if search_start != OMITTED
                else hash_start if hash_start != OMITTED else size)
    search_end = hash_start if hash_start != OMITTED else size
    return URLParts(
        href=href,
        origin=origin,
        protocol=href[:protocol_end],
        username=href[protocol_end + 2:username_end] if protocol_end + 2 < username_end else "",
        password=href[username_end + 1:host_start] if host_start > username_end else "",
        host="" if start == host_end else href[start:pathname_start],
        hostname=href[start:host_end],
        port="" if c.port == OMITTED else href[host_end + 1:pathname_start],
        pathname=href[pathname_start:path_end],
        search=("" if search_start == OMITTED or search_end - search_start <= 1
                else href[search_start:search_end]),
        hash="" if hash_start == OMITTED or size - hash_start <= 1 else href[hash_start:],
    )


def _parts_by_getters(handle: Any, origin: str) -> URLParts:
    """The components through Ada's getters, one C call each (the slow, general way)."""
    values = {}
    for name in FIELDS:
        if name != "origin":
            view = getattr(lib, f"ada_get_{name}")(handle)
            values[name] = ffi.unpack(view.data, view.length).decode() if view.length else ""
    return URLParts(origin=origin, **values)


@method("url.parse")
def _url_parse(platform: Platform, args: list[Any]) -> URLParts | None:
    text = arg(args, 0, str, "url")
    base = args[1] if len(args) > 1 and isinstance(args[1], str) else None
    return parse(text, base)


@method("url.set")
def _url_set(platform: Platform, args: list[Any]) -> URLParts | None:
    href = arg(args, 0, str, "href")
    field = arg(args, 1, str, "field")
    value = arg(args, 2, str, "value")
    if len(href) > MAX_URL or field not in SETTABLE:
        return None
    try:
        url = ada_url.URL(href)
    except ValueError:
        return None
    with contextlib.suppress(ValueError):  # the standard's setters ignore what they cannot apply
        setattr(url, field, value)
    return parts_of(url.urlobj)
