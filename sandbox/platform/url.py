"""URL parsing for the guest's URL class: Ada (the ada-url package), the parser Node uses.

Components travel as one list in a fixed order (guest/node/lib/internal/url.js, FIELDS):
href, origin, protocol, username, password, host, hostname, port, pathname, search, hash.
"""

from __future__ import annotations

import contextlib
from typing import Any

import ada_url

from sandbox.platform.services import Platform, arg, method

FIELDS = ("href", "origin", "protocol", "username", "password", "host", "hostname", "port",
          "pathname", "search", "hash")
SETTABLE = frozenset(FIELDS) - {"href", "origin"}
MAX_URL = 1 << 20
"""Longer inputs are refused before parsing (a platform call's bytes bound them anyway)."""


def _parts(url: ada_url.URL) -> list[str]:
    return [getattr(url, name) for name in FIELDS]


def _parse(text: str, base: str | None) -> ada_url.URL | None:
    if len(text) > MAX_URL or (base is not None and len(base) > MAX_URL):
        return None
    try:
        return ada_url.URL(text, base) if base is not None else ada_url.URL(text)
    except ValueError:
        return None


@method("url.parse")
def _url_parse(platform: Platform, args: list[Any]) -> list[str] | None:
    text = arg(args, 0, str, "url")
    base = args[1] if len(args) > 1 and isinstance(args[1], str) else None
    url = _parse(text, base)
    return None if url is None else _parts(url)


@method("url.set")
def _url_set(platform: Platform, args: list[Any]) -> list[str] | None:
    href = arg(args, 0, str, "href")
    field = arg(args, 1, str, "field")
    value = arg(args, 2, str, "value")
    url = _parse(href, None)
    if url is None or field not in SETTABLE:
        return None
    with contextlib.suppress(ValueError):  # the standard's setters ignore what they cannot apply
        setattr(url, field, value)
    return _parts(url)
