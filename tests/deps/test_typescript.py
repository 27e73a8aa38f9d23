"""TypeScript actions, and stacks that name the author's file and line through source maps."""

from __future__ import annotations

import re
from typing import Any

import pytest

from executor import Action, Executor
from executor.packaging import Packager
from sandbox import CacheSettings, ExecutorError, Sandbox
from sandbox.errors import InvalidAction
from sandbox.platform import Platform
from sandbox.platform.services import METHODS
from sandbox.sourcemap import WRAPPER_COLUMNS, SourceMap
from tests.deps.conftest import EVENT, Run, needs_tools

TS_ACTION = """import type {
  Event, PasswordResetPostChallengeAPI,
} from '@auth0/actions/password-reset-post-challenge/v1';

enum Verdict { Allow = 'allow', Deny = 'deny' }

interface Rule {
  prefix: string;
  verdict: Verdict;
}

const RULES: Rule[] = [{ prefix: '10.', verdict: Verdict.Allow }];

function judge(ip: string): Verdict {
  const rule: Rule | undefined = RULES.find((r) => ip.startsWith(r.prefix));
  if (rule === undefined) {
    throw new Error(`no rule for ${ip}`);
  }
  return rule.verdict;
}

export const onExecutePostChallenge = async (event: Event, api: PasswordResetPostChallengeAPI) => {
  const verdict: Verdict = judge(event.request.ip);
  console.log(`verdict: ${verdict} (${Verdict.Deny.length})`);
};
"""
LINES = TS_ACTION.splitlines()
THROW_LINE = next(i for i, line in enumerate(LINES, 1) if "throw new Error" in line)
CALL_LINE = next(i for i, line in enumerate(LINES, 1) if "judge(event.request.ip)" in line)


@needs_tools
def test_a_typescript_action_runs(run_action: Run) -> None:
    """Type annotations, an interface, an enum and a type-only import: compiled by esbuild
    at deploy (the import of types is erased, so @auth0/actions need not be installed).
    """
    out = run_action(TS_ACTION, [], language="typescript")
    assert out.logs == ("verdict: allow (4)",)


@needs_tools
def test_a_typescript_error_reports_its_ts_line(run_action: Run) -> None:
    """The thrown error's stack names action.ts and the lines of the throw and of the call."""
    with pytest.raises(ExecutorError) as caught:
        run_action(TS_ACTION, [], language="typescript",
                   event={**EVENT, "request": {"ip": "192.0.2.1"}})
    stack = caught.value.details.stack
    assert stack.splitlines()[0] == "Error: no rule for 192.0.2.1"
    assert re.search(rf"at judge \(action\.ts:{THROW_LINE}:\d+\)", stack)
    assert re.search(rf"action\.ts:{CALL_LINE}:\d+", stack)


@needs_tools
def test_the_results_error_stack_names_the_ts_line(tmp_path: object) -> None:
    """Through the Executor: the result's error entry carries the mapped stack, and the
    snapshot path (its top level replayed by wizer with the map) maps as the bytecode path.
    """
    with Sandbox(cache=CacheSettings(snapshot_after=0)) as sb, Executor(sandbox=sb) as ex:
        action = Action("ts", TS_ACTION, language="typescript")
        result = ex.run([action], {**EVENT, "request": {"ip": "192.0.2.1"}})
        error = result.to_dict()["actions"][0]["error"]
        assert error["type"] == "action_error"
        assert f"(action.ts:{THROW_LINE}:" in error["stack"]
        assert "action.bundle.js" not in error["stack"]


@needs_tools
def test_a_type_error_in_typescript_syntax_fails_the_deploy(packager: Packager) -> None:
    """TypeScript that does not parse is refused at deploy with its .ts line (types are not
    checked: esbuild strips them, as `tsc --noCheck` would).
    """
    with pytest.raises(InvalidAction, match=r"action\.ts:2:\d+: "):
        packager.package("const a: number = 1;\nlet b: = 2;\n", [], "typescript")
    with pytest.raises(InvalidAction, match="language must be javascript or typescript"):
        packager.package("exports.x = 1;", [], "coffeescript")


def test_frames_of_a_plain_action_never_ask_the_host(sandbox: Sandbox,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """An action without a map keeps its own positions (action.js) and makes no
    `sourcemap.map` call: stacks cost plain actions nothing more than before.
    """
    asked: list[object] = []
    original = METHODS["sourcemap.map"]

    def spy(platform: Platform, args: list[Any]) -> Any:
        asked.append(args)
        return original(platform, args)

    monkeypatch.setitem(METHODS, "sourcemap.map", spy)
    source = ("exports.onExecutePostChallenge = async () => {\n"
              "  for (let i = 0; i < 3; i++) try { null.x; } catch (e) {}\n"
              "  throw new Error('x');\n};\n")
    with pytest.raises(ExecutorError) as caught:
        sandbox.execute(sandbox.load_action(source), EVENT)
    assert re.search(r"action\.js:3:\d+", caught.value.details.stack)
    assert asked == []


def test_source_map_lookups() -> None:
    """Segments map back by line and column (the first line shifted by the CommonJS wrapper
    the runtime adds); unmapped and out-of-range positions give None.
    """
    # Line 1: column 0 -> a.ts 1:1, column 10 -> b.js 3:5; line 2: column 2 -> a.ts 5:5,
    # column 8 unmapped.
    source_map = SourceMap.parse('{"version": 3, "sources": ["a.ts", "b.js"], "names": [], '
                                 '"mappings": "AAAA,UCEI;EDEA,M"}')
    first = 1 + WRAPPER_COLUMNS
    assert source_map.locate(1, first) == "a.ts:1:1"
    assert source_map.locate(1, first + 9) == "a.ts:1:1"
    assert source_map.locate(1, first + 10) == "b.js:3:5"
    assert source_map.locate(1, first + 400) == "b.js:3:5"
    assert source_map.locate(2, 3) == "a.ts:5:5"
    assert source_map.locate(2, 1) is None  # before the line's first segment
    assert source_map.locate(2, 9) is None  # an unmapped segment
    assert source_map.locate(3, 1) is None
    assert source_map.locate(0, 1) is None


def test_mappings_that_do_not_decode_map_nothing() -> None:
    """A map whose mappings are not base64 VLQ is refused nowhere at run time: it maps
    nothing, and the frames keep the bundle's positions.
    """
    source_map = SourceMap.parse('{"version": 3, "sources": ["a.ts"], "mappings": "AA!A"}')
    assert source_map.locate(1, 1 + WRAPPER_COLUMNS) is None


@pytest.mark.parametrize("text", ["{", "[]", '{"version": 2, "sources": [], "mappings": ""}',
                                  '{"version": 3, "sources": [1], "mappings": ""}'])
def test_a_malformed_map_is_refused(sandbox: Sandbox, text: str) -> None:
    """A map that is not a version 3 map is refused at load, typed."""
    with pytest.raises(InvalidAction):
        sandbox.load_action("exports.onExecutePostChallenge = async () => {};", source_map=text)
