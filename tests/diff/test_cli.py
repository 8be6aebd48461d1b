"""The command's contract: exit codes, --fail-on, formats, config, --rules, colour."""

from __future__ import annotations

import hashlib
import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from generator.diff.rules import CATALOGUE

from . import make_fixtures as mk
from .support import FIXTURES, REPO, keyed, run_cli

WARNING = FIXTURES / "pattern-changed"
INFO = FIXTURES / "parameter-added-optional"
DOC = FIXTURES / "description-changed"
BREAKING = FIXTURES / "parameter-removed"


def pair(folder: Path) -> tuple[str, str]:
    return str(folder / "base"), str(folder / "head")


@pytest.mark.parametrize(
    ("folder", "fail_on", "code"),
    [
        (BREAKING, "breaking", 1), (BREAKING, "never", 0),
        (WARNING, "breaking", 0), (WARNING, "warning", 1), (WARNING, "info", 1), (WARNING, "never", 0),
        (INFO, "warning", 0), (INFO, "info", 1),
        (DOC, "info", 0),
    ],
)
def test_fail_on_sets_the_exit_code(folder: Path, fail_on: str, code: int) -> None:
    assert run_cli(*pair(folder), "--fail-on", fail_on).exit_code == code


def test_identical_sides_exit_0_with_no_findings() -> None:
    result = run_cli(str(INFO / "base"), str(INFO / "base"), "--fail-on", "info")
    assert result.exit_code == 0
    assert "No changes." in result.stdout
    assert "Public surface: unchanged" in result.stdout


def test_a_side_that_does_not_load_exits_2_with_its_problems(tmp_path: Path) -> None:
    broken = tmp_path / "spec"
    mk.write_spec(broken, mk.base())
    (broken / mk.OP).write_text("format: 1\nparameters: {\n", encoding="utf-8")
    result = run_cli(str(INFO / "base"), str(broken), "--fail-on", "never")
    assert result.exit_code == 2
    assert f"head {broken} does not load:" in result.stderr
    assert "spec/sae/CreateJob.yaml:" in result.stderr and "invalid YAML" in result.stderr
    assert result.stdout == ""


def test_both_broken_sides_are_reported_before_exiting(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = run_cli(str(tmp_path / "empty"), str(tmp_path / "empty"))
    assert result.exit_code == 2
    assert result.stderr.count("no service.yaml found") == 2
    assert f"base {tmp_path / 'empty'} does not load" in result.stderr
    assert f"head {tmp_path / 'empty'} does not load" in result.stderr


def test_missing_base_is_a_usage_error() -> None:
    result = run_cli()
    assert result.exit_code == 2
    assert "Missing argument 'BASE'" in result.stderr


def test_rules_lists_every_rule_with_level_and_why() -> None:
    result = run_cli("--rules")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert len(lines) == len(CATALOGUE)
    for line, (rule_id, info) in zip(lines, CATALOGUE.items(), strict=True):
        assert line.split()[:2] == [rule_id, info.level]
        assert line.endswith(info.why)


# -- config ----------------------------------------------------------------------------------
def test_config_at_the_repository_root_relevels_a_rule(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".gen-diff.yaml").write_text("levels:\n  parameter-added-optional: breaking\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)  # not a git repository: the working folder is the root
    result = run_cli(*pair(INFO), "--format", "json")
    assert result.exit_code == 1
    assert ("parameter-added-optional", "breaking", "CreateJob", "BestEffortType") in keyed(result.stdout)
    listed = next(line for line in run_cli("--rules").stdout.splitlines() if line.startswith("parameter-added-optional "))
    assert listed.split()[1] == "info->breaking"


def test_config_off_drops_the_finding(tmp_path: Path) -> None:
    config = tmp_path / "levels.yaml"
    config.write_text("levels:\n  parameter-removed: off\n", encoding="utf-8")  # bare off is YAML false
    result = run_cli(*pair(BREAKING), "--config", str(config), "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["findings"] == []


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("levels:\n  parameter-removd: info\n", "levels.parameter-removd: unknown rule id 'parameter-removd'"),
        ("levels:\n  parameter-removed: fatal\n", "level 'fatal' is not one of breaking, warning, info, doc, off"),
        ("rules: {}\n", "expected a mapping with one key, levels"),
        ("levels: [\n", "invalid YAML"),
    ],
)
def test_a_bad_config_exits_2(tmp_path: Path, text: str, message: str) -> None:
    config = tmp_path / "levels.yaml"
    config.write_text(text, encoding="utf-8")
    result = run_cli(*pair(BREAKING), "--config", str(config))
    assert result.exit_code == 2
    assert message in result.stderr
    assert f"{config}:" in result.stderr  # with file and line, like spec problems


# -- formats ---------------------------------------------------------------------------------
def test_doc_findings_are_hidden_from_text_and_markdown_unless_asked(tmp_path: Path) -> None:
    for fmt in ("text", "markdown"):
        hidden = run_cli(*pair(DOC), "--format", fmt).stdout
        shown = run_cli(*pair(DOC), "--format", fmt, "--show-doc").stdout
        assert "AppName" not in hidden and "(doc hidden; --show-doc shows them)" in hidden
        assert "AppName" in shown and "doc hidden" not in shown
    assert ("description-changed", "doc", "CreateJob", "AppName") in keyed(run_cli(*pair(DOC), "--format", "json").stdout)


def test_json_report_follows_the_documented_schema() -> None:
    report = json.loads(run_cli(*pair(FIXTURES / "parameter-renamed"), "--format", "json").stdout)
    assert list(report) == ["schema_version", "base", "head", "summary", "findings", "surface"]
    assert report["schema_version"] == 1
    assert report["summary"] == {"breaking": 2, "warning": 0, "info": 0, "doc": 0, "total": 2}
    assert list(report["surface"]) == ["methods", "keyword_arguments", "classes", "error_members", "exception_classes"]
    renamed = next(f for f in report["findings"] if f["rule"] == "parameter-renamed")
    assert list(renamed) == ["rule", "level", "operation", "path", "old", "new", "why", "fingerprint"]
    assert (renamed["old"], renamed["new"]) == ("Timezone", "TimeZone")
    text = "\x1f".join(["parameter-renamed", "CreateJob", "Timezone", '"Timezone"', '"TimeZone"'])
    assert renamed["fingerprint"] == hashlib.sha256(text.encode()).hexdigest()[:16]


def test_markdown_puts_the_operation_with_the_worst_finding_first(tmp_path: Path) -> None:
    base, head = mk.base(), mk.base()
    mk.second_operation(base)
    mk.second_operation(head)
    head["sae/DeleteJob.yaml"]["parameters"] = []  # DeleteJob: breaking
    mk.param(head, "Timeout")["description"] = "Seconds."  # CreateJob: doc only
    head[mk.OP]["parameters"].append({"name": "Tag", "type": "string", "in": "query", "description": "A tag."})
    mk.write_spec(tmp_path / "base", base)
    mk.write_spec(tmp_path / "head", head)
    out = run_cli(str(tmp_path / "base"), str(tmp_path / "head"), "--format", "markdown").stdout
    assert out.splitlines()[0] == (
        f"**gen diff** `{tmp_path / 'base'}` → `{tmp_path / 'head'}`: "
        "**1 breaking**, 0 warning, 1 info, 1 doc (doc hidden; --show-doc shows them)"
    )
    assert out.index("#### DeleteJob") < out.index("#### CreateJob") < out.index("#### Public surface")
    assert "| removed | keyword argument | `sae_jobs.delete_job(app_id)` |" in out


def test_spec_files_as_sides_compare_only_that_operation() -> None:
    folder = FIXTURES / "operation-removed"  # the base has DeleteJob too; a file side leaves it out
    result = run_cli(str(folder / "base/sae/CreateJob.yaml"), str(folder / "head/sae/CreateJob.yaml"), "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["findings"] == []


def test_colour_only_when_stdout_is_a_terminal() -> None:
    args = [sys.executable, "-m", "generator.diff.cli", *pair(BREAKING)]
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"} | {"PYTHONPATH": str(REPO), "TERM": "xterm"}
    piped = subprocess.run(args, capture_output=True, text=True, env=env, check=False, timeout=60)
    assert piped.returncode == 1 and "\x1b[" not in piped.stdout
    leader, follower = pty.openpty()
    with subprocess.Popen(args, stdout=follower, stderr=subprocess.DEVNULL, env=env) as proc:
        os.close(follower)
        chunks = []
        while chunk := _read(leader):
            chunks.append(chunk)
        assert proc.wait(timeout=60) == 1
    os.close(leader)
    assert "\x1b[31m\x1b[1mbreaking" in b"".join(chunks).decode()


def _read(fd: int) -> bytes:
    try:
        return os.read(fd, 4096)
    except OSError:  # the terminal closes when the child exits
        return b""
