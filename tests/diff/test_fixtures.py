"""One base/head pair per rule id: each must load cleanly and produce its expected finding."""

from __future__ import annotations

import pytest

from generator.diff.rules import CATALOGUE
from generator.specs import read_services

from .support import FIXTURES, expected, key, keyed, run_cli, run_module

RULE_IDS = sorted(CATALOGUE)
# One pair per level also goes through a real `python -m` run (all of them would cost ~10 s).
SUBPROCESS_SAMPLE = ["parameter-removed", "pattern-changed", "parameter-added-optional", "description-changed"]


def test_every_rule_has_exactly_one_fixture() -> None:
    assert sorted(p.name for p in FIXTURES.iterdir() if p.is_dir()) == RULE_IDS


@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_fixture_records_the_rule_and_its_default_level(rule_id: str) -> None:
    found = expected(rule_id)
    assert found["rule"] == rule_id
    assert found["level"] == CATALOGUE[rule_id].level
    for side in ("base", "head"):
        services, problems = read_services(FIXTURES / rule_id / side)
        assert problems == [], [str(p) for p in problems]
        assert services


@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_fixture_pair_gives_its_finding(rule_id: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(FIXTURES / rule_id)
    want = expected(rule_id)
    # Failing on the finding's own level proves the level gate too; doc never fails a run.
    fail_on = "info" if want["level"] == "doc" else want["level"]
    result = run_cli("base", "head", "--format", "json", "--fail-on", fail_on)
    assert key(want) in keyed(result.stdout)
    assert result.exit_code == (0 if want["level"] == "doc" else 1)


@pytest.mark.parametrize("rule_id", SUBPROCESS_SAMPLE)
def test_fixture_pair_through_python_dash_m(rule_id: str) -> None:
    want = expected(rule_id)
    result = run_module("base", "head", "--format", "json", cwd=FIXTURES / rule_id)
    assert result.stderr == ""
    assert key(want) in keyed(result.stdout)
    assert result.returncode == (1 if want["level"] == "breaking" else 0)
