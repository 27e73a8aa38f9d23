"""npm dependencies and TypeScript for actions: installed and bundled at deploy, never at run.

    from executor.packaging import Packager
    bundle = Packager().package(source, ["axios@1.7.9"], language="javascript")
    bundle.code, bundle.source_map, bundle.packages, bundle.digest

The modules, in the order a deploy goes through them: spec.py (what may be declared),
npm.py (installs, npm's errors), lockfile.py (what was resolved), natives.py (native addons
refused), bundler.py + bundle.mjs (esbuild), packager.py (the caches that make a second
deploy free). A Bundle is what the registry keeps with the version, and what workers run:
they never run npm.
"""

from executor.packaging.lockfile import ResolvedPackage
from executor.packaging.packager import (
    LANGUAGES,
    Bundle,
    Packager,
    PackagingSettings,
    check_language,
)
from executor.packaging.spec import MAX_DEPENDENCIES, Dependency, parse_dependencies

__all__ = [
    "LANGUAGES",
    "MAX_DEPENDENCIES",
    "Bundle",
    "Dependency",
    "Packager",
    "PackagingSettings",
    "ResolvedPackage",
    "check_language",
    "parse_dependencies",
]
