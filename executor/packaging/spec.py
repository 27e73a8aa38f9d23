"""Declared dependencies: `NAME@VERSION` or Auth0's `{"name": ..., "version": ...}`, checked.

Only packages of the npm registry, by name and version: a version is an exact version, a
semver range or a dist-tag (`latest`). Everything else npm would also accept in that place
(a URL, a git or GitHub spec, a path, `file:`, an `npm:` alias) is refused, so a tenant can
name neither a host npm would fetch from nor a file on the deploying machine.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sandbox.errors import InvalidAction

MAX_DEPENDENCIES = 10
"""As Auth0: at most 10 dependencies per action."""
LATEST = "latest"
# validate-npm-package-name's rules for names that exist (old ones may have capitals):
# at most 214 characters, URL-safe, not starting with a dot or an underscore.
NAME = re.compile(r"(?:@[a-z0-9][a-z0-9._~-]*/)?[A-Za-z0-9][A-Za-z0-9._~-]*")
MAX_NAME = 214
# A version, a range (`^1.2.0`, `>=1 <2 || 3.x`, `*`) or a dist-tag: no ':', '/', '#' or
# '@', which is what a URL, a path, a git spec or an alias needs.
VERSION = re.compile(r"[0-9A-Za-z.+\-^~<>=|* ]{1,128}")
EXACT = re.compile(r"\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?")


@dataclass(frozen=True, order=True)
class Dependency:
    """One declared dependency: a registry package name and a version, range or tag."""

    name: str
    version: str = LATEST

    @classmethod
    def parse(cls, item: Any) -> Dependency:
        """Reads `name@version` (`@scope/name@version`; `name` alone is `latest`) or a
        mapping with `name` and `version`; InvalidAction when it is neither.
        """
        if isinstance(item, Dependency):
            return item
        name: object
        version: object
        if isinstance(item, str):
            at = item.rfind("@")
            name, version = (item[:at], item[at + 1:]) if at > 0 else (item, LATEST)
        elif isinstance(item, Mapping):
            name, version = item.get("name"), item.get("version", LATEST)
            extra = set(item) - {"name", "version"}
            if extra:
                raise InvalidAction(f"a dependency has `name` and `version`, not "
                                    f"{', '.join(sorted(map(str, extra)))[:80]}")
        else:
            raise InvalidAction("a dependency is NAME@VERSION or {\"name\": ..., \"version\": ...}")
        checked = _check_name(name)
        return cls(checked, _check_version(checked, version))

    @property
    def exact(self) -> bool:
        """Whether the version names one release (so it resolves the same way every time)."""
        return EXACT.fullmatch(self.version) is not None

    def to_config(self) -> dict[str, str]:
        """As Auth0's Management API and the deploy body write it."""
        return {"name": self.name, "version": self.version}

    def __str__(self) -> str:
        return f"{self.name}@{self.version}"


def _check_name(name: object) -> str:
    if not isinstance(name, str) or not 0 < len(name) <= MAX_NAME or not NAME.fullmatch(name):
        raise InvalidAction(f"not an npm package name: {name!r:.80}")
    if name.lower() in {"node_modules", "favicon.ico"}:
        raise InvalidAction(f"not an npm package name: {name!r}")
    return name


def _check_version(name: str, version: object) -> str:
    if not isinstance(version, str) or not VERSION.fullmatch(version) or not version.strip():
        raise InvalidAction(f"dependency {name}: the version must be a version, a semver range or "
                            f"a dist-tag of the npm registry, got {version!r:.80}")
    return version.strip()


def parse_dependencies(items: Iterable[Any] | None,
                       limit: int = MAX_DEPENDENCIES) -> tuple[Dependency, ...]:
    """Every declared dependency, in a stable order (by name); InvalidAction for a bad one,
    a name declared twice, or more than `limit`.
    """
    if items is None:
        return ()
    if isinstance(items, str | bytes | Mapping) or not isinstance(items, Iterable):
        raise InvalidAction("dependencies must be a list of NAME@VERSION or "
                            "{\"name\": ..., \"version\": ...}")
    deps = [Dependency.parse(item) for item in items]
    if len(deps) > limit:
        raise InvalidAction(f"an action may declare at most {limit} dependencies, got "
                            f"{len(deps)}")
    names = [d.name for d in deps]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise InvalidAction(f"dependency declared more than once: {', '.join(twice)}")
    return tuple(sorted(deps))
