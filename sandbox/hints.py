"""Which built-in modules an action will likely use, read off its source.

A snapshot made with those modules already loaded spares every execution the cost of
loading them (milliseconds each); loading one the action never uses costs memory that every
execution resets (~18 us per MB). So the hints are cheap, plain-text guesses, never needed
for correctness: a module not preloaded still loads on first use.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

REQUIRE = re.compile(rb"""\brequire\s*\(\s*['"](?:node:)?([a-z_/]+)['"]\s*\)""")
GLOBALS: tuple[tuple[re.Pattern[bytes], str], ...] = tuple(
    (re.compile(pattern), module)
    for pattern, module in (
        (rb"\bURL(?:SearchParams)?\b", "url"),
        (rb"\bBuffer\b", "buffer"),
        (rb"\bText(?:En|De)coder\b", "internal/encoding"),
        (rb"\bAbort(?:Controller|Signal)\b", "internal/abort"),
        (rb"\bfetch\s*\(|\b(?:Headers|Request|Response|FormData)\b", "internal/fetch"),
        (rb"\bcrypto\.", "crypto"),
        (rb"\bprocess\.", "process"),
        (rb"\bstructuredClone\b", "internal/structured_clone"),
        (rb"\bIntl\b|\.toLocale\w*String\(|\.localeCompare\(", "internal/intl"),
    )
)


def preload_hints(source: bytes, available: Iterable[str]) -> tuple[str, ...]:
    """The built-in modules to load into a snapshot of `source`, in a stable order."""
    known = set(available)
    found = [m.decode() for m in REQUIRE.findall(source)]
    found += [module for pattern, module in GLOBALS if pattern.search(source)]
    return tuple(sorted(name for name in set(found) if name in known))
