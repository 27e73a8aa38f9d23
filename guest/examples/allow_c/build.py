"""Build the C allow-list example guest (``allow.c``) into a wasm module.

The guest uses libmpack, whose C sources ship inside the ``mpack`` sdist on PyPI. They are
third-party code, so they never enter the repository: :func:`build` downloads the sdist with pip
into a cache directory on first use, unpacks it there, and compiles ``allow.c`` together with
libmpack's ``core.c`` and ``conv.c`` using the ``ziglang`` package's clang for
``wasm32-wasi`` (reactor model, so there is no ``_start``).

Run as a script to build into ``build/allow_c.wasm`` with a cache under ``build/cache``.
"""

from __future__ import annotations

import subprocess
import sys
import tarfile
from pathlib import Path

MPACK_VERSION = "1.1.0"
"""The libmpack release whose sources the guest is written against."""

SOURCE = Path(__file__).with_name("allow.c")

_SDIST = f"mpack-{MPACK_VERSION}.tar.gz"
_SRC_IN_SDIST = Path(f"mpack-{MPACK_VERSION}", "mpack", "mpack-src", "src")


def _fetch_sdist(cache_dir: Path) -> Path:
    """Return the cached mpack sdist, downloading it with pip if it is not there yet."""
    sdist = cache_dir / _SDIST
    if not sdist.exists():
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                "--no-deps",
                "--no-binary",
                ":all:",
                "--dest",
                str(cache_dir),
                f"mpack=={MPACK_VERSION}",
            ],
            check=True,
        )
    return sdist


def _libmpack_sources(cache_dir: Path) -> Path:
    """Return the directory holding libmpack's C sources, unpacking the sdist if needed."""
    src = cache_dir / _SRC_IN_SDIST
    if not (src / "core.c").exists():
        sdist = _fetch_sdist(cache_dir)
        with tarfile.open(sdist) as tar:
            # The "data" filter refuses absolute paths, links out of the tree and the like.
            tar.extractall(cache_dir, filter="data")
    return src


def build(out_path: Path, cache_dir: Path) -> Path:
    """Compile the guest to ``out_path`` and return it, unless it is newer than ``allow.c``.

    ``cache_dir`` keeps the downloaded libmpack sdist between builds; it should live outside
    the repository. Raises :class:`subprocess.CalledProcessError` if pip or the compiler fails.
    """
    if out_path.exists() and out_path.stat().st_mtime > SOURCE.stat().st_mtime:
        return out_path
    cache_dir.mkdir(parents=True, exist_ok=True)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    src = _libmpack_sources(cache_dir)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "ziglang",
            "cc",
            "-target",
            "wasm32-wasi",
            "-O2",
            "-mexec-model=reactor",
            "-s",  # no debug info: it is most of the module's size otherwise
            "-Wall",
            "-Wextra",
            f"-I{src}",
            str(SOURCE),
            str(src / "core.c"),
            str(src / "conv.c"),
            "-o",
            str(out_path),
        ],
        check=True,
    )
    return out_path


if __name__ == "__main__":
    print(build(Path("build/allow_c.wasm"), Path("build/cache")))
