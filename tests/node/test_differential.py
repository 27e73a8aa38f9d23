"""Every snippet of tests/node/cases, run in `node` and in the sandbox: the same output."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from sandbox import CacheSettings, ExecutorError, Sandbox
from tests.node.differential import EVENT, Ran, Snippet, load, ran, run_node

SNIPPETS = load()


@pytest.fixture(scope="module")
def node_results() -> dict[str, Ran]:
    """What node printed for every snippet (one node process per case file)."""
    return run_node(SNIPPETS)


@pytest.fixture(scope="module")
def bytecode_sandbox() -> Iterator[Sandbox]:
    """A sandbox that runs every snippet on the bytecode path (no snapshot per snippet)."""
    with Sandbox(cache=CacheSettings(snapshots=False, capacity=64)) as sandbox:
        yield sandbox


def run_sandbox(sb: Sandbox, snippet: Snippet) -> Ran:
    """What the sandbox printed for `snippet`, and how it ended."""
    try:
        out = sb.execute(sb.load_action(snippet.source), EVENT)
    except ExecutorError as exc:
        return ran("\n".join(exc.details.logs), False, exc.message)
    return ran("\n".join(out.logs), True)


@pytest.mark.parametrize(
    "snippet",
    [pytest.param(s, id=s.id, marks=[pytest.mark.xfail(reason=s.known, strict=True)] if s.known
                  else []) for s in SNIPPETS],
)
def test_the_sandbox_prints_what_node_prints(
    snippet: Snippet, node_results: dict[str, Ran], bytecode_sandbox: Sandbox
) -> None:
    """The snippet's console output and its ending (completed, or the error it threw) are
    exactly what `node` gives.
    """
    assert run_sandbox(bytecode_sandbox, snippet) == node_results[snippet.id]


def test_no_snippet_fails_in_node_for_a_name_it_lacks(node_results: dict[str, Ran]) -> None:
    """Each snippet runs alone: one that uses a name defined by another snippet (`util`
    without its `require`) would end with the same ReferenceError on both sides and pass
    without testing anything.
    """
    lacking = [key for key, ran in node_results.items()
               if ran.error is not None and ran.error.startswith("ReferenceError: ")]
    assert lacking == []
