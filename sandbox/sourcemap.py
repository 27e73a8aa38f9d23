"""Source maps of bundled actions: from a position in the bundle to the author's file and line.

A bundle made at deploy (executor/packaging: an action with npm dependencies, or TypeScript)
comes with a source map (version 3, as esbuild writes it). The guest names the bundle's stack
frames `action.bundle.js:LINE:COLUMN` and asks the host, through the `sourcemap.map` platform
call, what each one is in the original files: `action.ts:12:5`, or
`node_modules/axios/dist/browser/axios.cjs:45:11` for a package's code.

The map is parsed when the program loads and its mappings decoded at the first lookup (30-60
ms for the 230 KB of mappings of an action bundling axios, lodash and jose), then shared by
every execution of the program in the process. Executions that throw nothing never decode it;
mappings that do not decode map nothing (the frames keep the bundle's positions).
"""

from __future__ import annotations

import bisect
import hashlib
import json
import threading
from dataclasses import dataclass
from typing import Any

from sandbox.errors import InvalidAction

BUNDLE_FILE = "action.bundle.js"
"""The name the guest gives a bundle's frames (guest/runtime/prelude.js, BUNDLE_FILE)."""
WRAPPER_COLUMNS = len("(function (exports, require, module, __filename, __dirname) {")
"""The CommonJS wrapper runtime.c puts before the source on its first line: columns there
are counted from the wrapper's start."""
MAX_SOURCES = 100_000
MAX_SOURCE_NAME = 1024
_BASE64 = {c: i for i, c in enumerate(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")}


@dataclass(frozen=True)
class _Line:
    """One generated line: its segments' columns (sorted) and where each one came from."""

    columns: list[int]
    origins: list[tuple[int, int, int] | None]  # (source, line, column), 0-based; None: unmapped


class SourceMap:
    """A parsed version 3 source map; `locate` is thread-safe."""

    def __init__(self, sources: list[str], mappings: str, digest: str) -> None:
        self.sources = sources
        self.digest = digest
        self._mappings = mappings
        self._lines: list[_Line] | None = None
        self._lock = threading.Lock()

    @classmethod
    def parse(cls, text: str) -> SourceMap:
        """Reads a map as JSON text; InvalidAction when it is not a version 3 map."""
        try:
            data: Any = json.loads(text)
        except (ValueError, RecursionError) as exc:
            raise InvalidAction(f"the source map is not JSON: {exc}") from None
        if not isinstance(data, dict) or data.get("version") != 3:
            raise InvalidAction("the source map is not a version 3 source map")
        sources, mappings = data.get("sources"), data.get("mappings")
        if (not isinstance(sources, list) or len(sources) > MAX_SOURCES
                or not all(isinstance(s, str) and len(s) <= MAX_SOURCE_NAME for s in sources)
                or not isinstance(mappings, str)):
            raise InvalidAction("the source map needs `sources` (names) and `mappings` (text)")
        return cls(sources, mappings, hashlib.sha256(text.encode()).hexdigest())

    def locate(self, line: int, column: int) -> str | None:
        """`file:line:column` (1-based) of the bundle's 1-based `line` and `column` as the
        engine reports them, or None when no mapping covers that position.
        """
        lines = self._decoded()
        if not 1 <= line <= len(lines) or column < 1:
            return None
        col = column - 1 - (WRAPPER_COLUMNS if line == 1 else 0)
        segments = lines[line - 1]
        i = bisect.bisect_right(segments.columns, col) - 1
        if i < 0:
            return None
        origin = segments.origins[i]
        if origin is None:
            return None
        source, orig_line, orig_col = origin
        if not 0 <= source < len(self.sources):
            return None
        return f"{self.sources[source]}:{orig_line + 1}:{orig_col + 1}"

    def _decoded(self) -> list[_Line]:
        with self._lock:
            if self._lines is None:
                try:
                    self._lines = _decode(self._mappings)
                except ValueError:
                    self._lines = []
            return self._lines


def _vlq(segment: str) -> list[int]:
    """The signed integers of one base64 VLQ segment."""
    values = []
    shift = value = 0
    for ch in segment:
        digit = _BASE64.get(ch)
        if digit is None:
            raise ValueError("the source map's mappings are not base64 VLQ")
        value += (digit & 31) << shift
        if digit & 32:
            shift += 5
        else:
            values.append(-(value >> 1) if value & 1 else value >> 1)
            shift = value = 0
    return values


def _decode(mappings: str) -> list[_Line]:
    """Every generated line's segments; fields other than the first are relative to the
    previous segment's across lines, the generated column only within a line.
    """
    lines = []
    source = orig_line = orig_col = 0
    for text in mappings.split(";"):
        columns: list[int] = []
        origins: list[tuple[int, int, int] | None] = []
        column = 0
        for segment in text.split(",") if text else ():
            fields = _vlq(segment)
            if not fields:
                continue
            column += fields[0]
            columns.append(column)
            if len(fields) >= 4:
                source += fields[1]
                orig_line += fields[2]
                orig_col += fields[3]
                origins.append((source, orig_line, orig_col))
            else:
                origins.append(None)
        lines.append(_Line(columns, origins))
    return lines
