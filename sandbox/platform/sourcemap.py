"""The `sourcemap.map` platform method: a bundle's stack frames, named after their origin.

The guest's stack formatter (guest/runtime/prelude.js) sends the positions of a bundle's
frames it has not mapped yet in this execution, as a flat list `[line, column, ...]`; the
answer lists, for each position, `file:line:column` in the original files or null. Without
a source map for the running program the answer is null.
"""

from __future__ import annotations

from typing import Any

from sandbox.platform.services import Platform, PlatformCallError, arg, method

MAX_POSITIONS = 128
"""Two numbers per frame; the engine gives a stack at most 64 frames."""
MAX_POSITION = 1 << 31


@method("sourcemap.map")
def _sourcemap_map(platform: Platform, args: list[Any]) -> list[str | None] | None:
    positions = arg(args, 0, list, "positions")
    if len(positions) % 2 or len(positions) > MAX_POSITIONS:
        raise PlatformCallError(f"positions must be at most {MAX_POSITIONS // 2} (line, column) "
                                "pairs")
    if not all(type(p) is int and 0 <= p < MAX_POSITION for p in positions):
        raise PlatformCallError("positions must be non-negative integers")
    source_map = platform.source_map
    if source_map is None:
        return None
    return [source_map.locate(positions[i], positions[i + 1])
            for i in range(0, len(positions), 2)]
