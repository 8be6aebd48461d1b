"""One case per rule id (tests/diff/cases.yaml): each side must load cleanly and the pair
must produce its expected finding at the rule's default level."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.diff.rules import CATALOGUE
from generator.frontend.entry import read_services

from .cases import BASE, cases, materialize
from .support import expected, key, keyed, run_cli, run_module

RULE_IDS = sorted(CATALOGUE)
# One pair per level also goes through a real `python -m` run (all of them would cost ~10 s).
SUBPROCESS_SAMPLE = [
    "parameter-removed",
    "pattern-changed",
    "parameter-added-optional",
    "description-changed",
]


def test_every_rule_has_exactly_one_case() -> None:
    assert sorted(cases()) == RULE_IDS


def test_the_base_spec_loads() -> None:
    services, problems = read_services(BASE)
    assert problems == [], [str(p) for p in problems]
    assert [s.name for s in services] == ["sae"]


@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_case_gives_its_finding(
    rule_id: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    materialize(rule_id, tmp_path)
    for side in ("base", "head"):
        services, problems = read_services(tmp_path / side)
        assert problems == [], [str(p) for p in problems]
        assert services
    monkeypatch.chdir(tmp_path)
    want = expected(rule_id)
    # Failing on the finding's own level proves the level gate too; doc never fails a run.
    fail_on = "info" if want["level"] == "doc" else want["level"]
    extra = ["--as-of", str(cases()[rule_id]["as_of"])] if "as_of" in cases()[rule_id] else []
    result = run_cli("base", "head", "--format", "json", "--fail-on", fail_on, *extra)
    assert key(want) in keyed(result.stdout), result.stdout
    assert result.exit_code == (0 if want["level"] == "doc" else 1)


@pytest.mark.parametrize("rule_id", SUBPROCESS_SAMPLE)
def test_case_through_python_dash_m(rule_id: str, tmp_path: Path) -> None:
    want = expected(rule_id)
    result = run_module("base", "head", "--format", "json", cwd=materialize(rule_id, tmp_path))
    assert result.stderr == ""
    assert key(want) in keyed(result.stdout)
    assert result.returncode == (1 if want["level"] == "breaking" else 0)
