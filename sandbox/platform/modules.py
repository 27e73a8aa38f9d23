"""The Node layer's built-in modules, as the guest build compiled them: bytecode by name."""

from __future__ import annotations

import json
from pathlib import Path

from sandbox.errors import InternalError


class NodeModules:
    """Every built-in module's bytecode, read once from the build (a few MB in all).

    The bytecode is trusted input to QuickJS: it comes only from the platform's own build
    directory, never from a tenant, who can only name a module.
    """

    def __init__(self, directory: Path) -> None:
        try:
            manifest = json.loads((directory / "manifest.json").read_text())
            self._code = {name: (directory / f"{name}.qjsbc").read_bytes()
                          for name in manifest["modules"]}
            intl = manifest.get("intl")
        except (OSError, ValueError, KeyError) as exc:
            raise InternalError(f"the guest's Node modules are unreadable in {directory}: "
                                f"{exc}") from exc
        self.intl_data = Path(intl) if isinstance(intl, str) else None
        """Where the build put the locale data the guest's Intl asks for (intl.py)."""

    def bytecode(self, name: str) -> bytes | None:
        """A module's bytecode, or None when there is no such module."""
        return self._code.get(name)

    @property
    def names(self) -> frozenset[str]:
        """Every module the build made."""
        return frozenset(self._code)
