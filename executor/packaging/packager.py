"""Packaging an action at deploy: declared dependencies -> installed tree -> one bundle.

    package(source, dependencies, language)
      │ parse and check the declarations (spec.py: registry names and versions, at most 10)
      ▼
    installed tree   cache/packages/<digest of the resolved lock>/node_modules
      │ npm install --ignore-scripts (npm.py) unless the same declarations resolved before;
      │ lockfile.py reads what npm resolved; natives.py refuses native addons
      ▼
    bundle           cache/bundles/<digest of (source, tree, language, toolchain)>
      │ esbuild (bundler.py, bundle.mjs) unless this exact bundle was built before
      ▼
    Bundle(code, source_map, packages with versions and integrity, digest)

Each step is content-addressed under `guest.cache_root()` (outside git), so the same action
with the same dependencies is bundled once per machine: a second deploy runs neither npm
nor esbuild. Declarations with ranges or tags (`^1.7.0`, `latest`) go to the registry again
at each deploy (the tree they resolve to may already be there); exact versions resolve once.
A tree is installed in a temporary directory and renamed into place whole, so concurrent
deploys and a crash mid-install never leave a half tree behind. Every failure is an
InvalidAction saying why, and nothing is deployed (the caller stores only a finished Bundle).
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import shutil
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import guest
from executor.packaging import bundler
from executor.packaging.lockfile import ResolvedPackage, read_lock, tree_digest
from executor.packaging.natives import native_packages
from executor.packaging.npm import Npm
from executor.packaging.spec import MAX_DEPENDENCIES, Dependency, parse_dependencies
from sandbox import codec
from sandbox.errors import InternalError, InvalidAction
from sandbox.limits import Limits
from sandbox.verified import VerifiedFiles, write_atomic

FORMAT = 1
"""Of a cached bundle; part of its key."""
LANGUAGES = ("javascript", "typescript")
MEMO = 64
"""Bundles kept in memory by (source, dependencies, language): a run of the same action
does not even read the cache files again."""
EMPTY = "empty"
"""The tree of an action without dependencies (a TypeScript one): nothing to resolve."""
_DEFAULTS = Limits()


@dataclass(frozen=True)
class PackagingSettings:
    """Caps and npm's reach: at most `max_dependencies` declared (Auth0's 10), the action's
    own source at most `source_bytes` (Auth0's 100 kB), its bundle at most `bundle_bytes`
    (see sandbox.Limits); `registry` overrides npm's configured registry; installs and
    bundling give up after their timeouts.
    """

    max_dependencies: int = MAX_DEPENDENCIES
    source_bytes: int = _DEFAULTS.source_bytes
    bundle_bytes: int = _DEFAULTS.bundle_bytes
    registry: str | None = None
    npm_timeout_s: float = 300.0
    bundle_timeout_s: float = 120.0


@dataclass(frozen=True)
class Bundle:
    """A packaged action: the program to run, its source map, what it was made from.

    `packages` lists every installed package (the declared ones and theirs) with its
    version and integrity; `digest` is the SHA-256 of `code`; `reused` says that neither npm
    nor esbuild ran to make it (it came from the cache).
    """

    code: str
    source_map: str
    language: str
    dependencies: tuple[Dependency, ...]
    packages: tuple[ResolvedPackage, ...]
    digest: str
    warnings: tuple[str, ...] = ()
    reused: bool = False

    def describe(self) -> dict[str, Any]:
        """What `executor deps` prints and the deploy answer carries."""
        return {"language": self.language,
                "dependencies": [d.to_config() for d in self.dependencies],
                "packages": [p.to_dict() for p in self.packages],
                "bundle": {"digest": f"sha256:{self.digest}",
                           "bytes": len(self.code.encode("utf-8"))}}

    def to_record(self) -> dict[str, Any]:
        """Plain data for the registry's version record (from_record reads it back)."""
        return {"code": self.code, "map": self.source_map, "language": self.language,
                "dependencies": [[d.name, d.version] for d in self.dependencies],
                "packages": [[p.path, p.name, p.version, p.integrity] for p in self.packages],
                "digest": self.digest, "warnings": list(self.warnings)}

    @classmethod
    def from_record(cls, record: dict[str, Any], *, reused: bool = False) -> Bundle:
        """A Bundle from `to_record`'s data; KeyError or TypeError when it is not that."""
        return cls(str(record["code"]), str(record["map"]), str(record["language"]),
                   tuple(Dependency(str(n), str(v)) for n, v in record["dependencies"]),
                   tuple(ResolvedPackage(*map(str, p)) for p in record["packages"]),
                   str(record["digest"]), tuple(map(str, record["warnings"])), reused)


@dataclass(frozen=True)
class Tree:
    """An installed tree: its directory (node_modules is inside), packages and identity."""

    directory: Path
    packages: tuple[ResolvedPackage, ...]
    digest: str
    natives: tuple[str, ...] = ()


class Packager:
    """Packages actions (see the module); thread-safe. `cache_dir` defaults to
    guest.cache_root().
    """

    def __init__(self, cache_dir: Path | None = None,
                 settings: PackagingSettings | None = None) -> None:
        root = cache_dir or guest.cache_root()
        self.settings = settings or PackagingSettings()
        self.trees = root / "packages"
        self.bundles = VerifiedFiles(root / "bundles", ".bundle")
        self.npm = Npm(root / "npm", self.settings.registry, self.settings.npm_timeout_s)
        self._memo: OrderedDict[tuple[str, tuple[Dependency, ...], str], Bundle] = OrderedDict()
        self._lock = threading.Lock()
        self._slow = threading.Lock()  # one install or build at a time in this process
        self._available: frozenset[str] | None = None

    def package(self, source: str, dependencies: Iterable[Any] | None = (),
                language: str = "javascript") -> Bundle:
        """The bundle of `source` with its declared `dependencies` (see the module)."""
        deps = parse_dependencies(dependencies, self.settings.max_dependencies)
        language = check_language(language)
        size = _utf8_size(source)
        if size > self.settings.source_bytes:
            raise InvalidAction(f"action source is {size} bytes; the limit is "
                                f"{self.settings.source_bytes} (dependencies do not count)")
        memo = (source, deps, language)
        with self._lock:
            known = self._memo.get(memo)
            if known is not None:
                self._memo.move_to_end(memo)
                return dataclasses.replace(known, reused=True)
        with self._slow:
            bundle = self._package(source, deps, language)
        with self._lock:
            self._memo[memo] = bundle
            while len(self._memo) > MEMO:
                self._memo.popitem(last=False)
        return bundle

    def _package(self, source: str, deps: tuple[Dependency, ...], language: str) -> Bundle:
        tree = self.install(deps)
        key = self._bundle_key(source, tree, language)
        stored = self.bundles.read(key)
        if stored is not None:
            return Bundle.from_record(codec.unpack(stored), reused=True)
        if tree.natives:
            raise InvalidAction("packages with native addons cannot run in an action: "
                                f"{', '.join(tree.natives)}")
        unverified = sorted({p.name for p in tree.packages if not p.integrity})
        if unverified:  # a git or tarball-URL dependency of a registry package
            raise InvalidAction("packages without an integrity hash (not from the npm "
                                f"registry) cannot be deployed: {', '.join(unverified)}")
        built = bundler.bundle(source, language=language, workdir=tree.directory,
                               available=self.available, timeout_s=self.settings.bundle_timeout_s)
        size = _utf8_size(built.code)
        if size > self.settings.bundle_bytes:
            raise InvalidAction(f"the bundle of the action and its dependencies is {size} bytes; "
                                f"the limit is {self.settings.bundle_bytes}")
        bundle = Bundle(built.code, built.source_map, language, deps, tree.packages,
                        hashlib.sha256(built.code.encode("utf-8")).hexdigest(), built.warnings)
        self.bundles.write(key, codec.pack(bundle.to_record()))
        return bundle

    def install(self, deps: tuple[Dependency, ...]) -> Tree:
        """The installed tree of `deps`: found in the cache, or installed now by npm."""
        if not deps:
            empty = self.trees / EMPTY
            empty.mkdir(parents=True, exist_ok=True)
            return Tree(empty, (), EMPTY)
        resolution = self._resolution_path(deps)
        if resolution is not None:
            try:
                known = self._tree(resolution.read_text().strip())
            except OSError:
                known = None
            if known is not None:
                return known
        self.trees.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=".install-", dir=self.trees))
        try:
            self.npm.install(work, deps)
            packages = read_lock(work / "package-lock.json")
            digest = tree_digest(packages)
            (work / "natives.json").write_text(json.dumps(native_packages(work)))
            (work / ".complete").touch()
            target = self.trees / digest
            if not (target / ".complete").exists():
                if target.exists():  # a tree left incomplete by an older layout: replace it
                    shutil.rmtree(target, ignore_errors=True)
                with contextlib.suppress(OSError):  # another process published it first
                    work.rename(target)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        if resolution is not None:
            write_atomic(resolution, digest.encode())
        tree = self._tree(digest)
        if tree is None:
            raise InvalidAction(f"the installed packages of {', '.join(map(str, deps))} "
                                "could not be kept in the cache")
        return tree

    def _tree(self, digest: str) -> Tree | None:
        """A tree of the cache by digest; None when it is not (completely) there."""
        directory = self.trees / digest
        if len(digest) != 64 or not (directory / ".complete").exists():
            return None
        try:
            packages = read_lock(directory / "package-lock.json")
            natives = tuple(json.loads((directory / "natives.json").read_text()))
        except (OSError, ValueError, InternalError):
            return None
        return Tree(directory, packages, digest, natives)

    def _resolution_path(self, deps: tuple[Dependency, ...]) -> Path | None:
        """Where the tree that exact declarations resolved to is remembered; None for
        ranges and tags, which are resolved again at every deploy.
        """
        if not all(d.exact for d in deps):
            return None
        name = hashlib.sha256(json.dumps([str(d) for d in deps]).encode()).hexdigest()
        directory = self.trees / "resolved"
        directory.mkdir(parents=True, exist_ok=True)
        return directory / name

    def _bundle_key(self, source: str, tree: Tree, language: str) -> str:
        """A bundle's identity: what it is made from, and with what (bundler and runtime)."""
        parts = [str(FORMAT), language, tree.digest, bundler.esbuild_dir().parent.name,
                 hashlib.sha256(bundler.SCRIPT.read_bytes()).hexdigest(),
                 ",".join(sorted(self.available)),
                 hashlib.sha256(source.encode("utf-8")).hexdigest()]
        return hashlib.sha256("\0".join(parts).encode()).hexdigest()

    @property
    def available(self) -> frozenset[str]:
        """The Node built-ins the guest runtime has (they stay runtime requires)."""
        if self._available is None:
            manifest = guest.build().node_modules / "manifest.json"
            names = json.loads(manifest.read_text())["modules"]
            self._available = frozenset(n for n in names if not n.startswith("internal/"))
        return self._available


def check_language(language: object) -> str:
    """`javascript` or `typescript`; InvalidAction otherwise."""
    if language not in LANGUAGES:
        raise InvalidAction(f"language must be javascript or typescript, got {language!r:.40}")
    return str(language)


def _utf8_size(text: object) -> int:
    if not isinstance(text, str):
        raise InvalidAction("code must be a string of UTF-8 text")
    try:
        return len(text.encode("utf-8"))
    except UnicodeEncodeError:
        raise InvalidAction("code must be a string of UTF-8 text") from None
