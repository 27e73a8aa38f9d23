"""The fuzz families, built once per session on the session's sandbox."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from sandbox import Sandbox

from .cases import Families


@pytest.fixture(scope="session")
def families(sb: Sandbox, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Families]:
    """The three property families on private SQLite stores."""
    built = Families(tmp_path_factory.mktemp("fuzz"), sb)
    yield built
    built.close()
