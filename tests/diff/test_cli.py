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

from .cases import BASE, materialize, shared, write_side
from .support import REPO, keyed, pair, run_cli

WARNING = "pattern-changed"
INFO = "parameter-added-optional"
DOC = "description-changed"
BREAKING = "parameter-removed"


@pytest.mark.parametrize(
    ("folder", "fail_on", "code"),
    [
        (BREAKING, "breaking", 1),
        (BREAKING, "never", 0),
        (WARNING, "breaking", 0),
        (WARNING, "warning", 1),
        (WARNING, "info", 1),
        (WARNING, "never", 0),
        (INFO, "warning", 0),
        (INFO, "info", 1),
        (DOC, "info", 0),
    ],
)
def test_fail_on_sets_the_exit_code(folder: str, fail_on: str, code: int, tmp_path: Path) -> None:
    assert run_cli(*pair(folder, tmp_path), "--fail-on", fail_on).exit_code == code


def test_identical_sides_exit_0_with_no_findings() -> None:
    result = run_cli(str(BASE), str(BASE), "--fail-on", "info")
    assert result.exit_code == 0
    assert "No changes." in result.stdout
    assert "Public surface: unchanged" in result.stdout


def test_a_side_that_does_not_load_exits_2_with_its_problems(tmp_path: Path) -> None:
    broken = write_side(tmp_path / "spec", [])
    (broken / "sae/CreateJob.yaml").write_text("format: 1\nparameters: {\n", encoding="utf-8")
    result = run_cli(str(BASE), str(broken), "--fail-on", "never")
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
def test_config_at_the_repository_root_relevels_a_rule(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sides = pair(INFO, tmp_path / "case")
    (tmp_path / ".gen-diff.yaml").write_text(
        "levels:\n  parameter-added-optional: breaking\n", encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)  # not a git repository: the working folder is the root
    result = run_cli(*sides, "--format", "json")
    assert result.exit_code == 1
    assert ("parameter-added-optional", "breaking", "CreateJob", "BestEffortType") in keyed(
        result.stdout
    )
    listed = next(
        line
        for line in run_cli("--rules").stdout.splitlines()
        if line.startswith("parameter-added-optional ")
    )
    assert listed.split()[1] == "info->breaking"


def test_config_off_drops_the_finding(tmp_path: Path) -> None:
    config = tmp_path / "levels.yaml"
    config.write_text(
        "levels:\n  parameter-removed: off\n", encoding="utf-8"
    )  # bare off is YAML false
    result = run_cli(*pair(BREAKING, tmp_path), "--config", str(config), "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["findings"] == []


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "levels:\n  parameter-removd: info\n",
            "levels.parameter-removd: unknown rule id 'parameter-removd'",
        ),
        (
            "levels:\n  parameter-removed: fatal\n",
            "level 'fatal' is not one of breaking, warning, info, doc, off",
        ),
        ("rules: {}\n", "rules: unknown key 'rules' (expected levels or waivers)"),
        (
            "waivers:\n  - {fingerprint: abc}\n",
            "waivers[0].fingerprint: expected the 16 hex digits",
        ),
        (
            "waivers:\n  - {fingerprint: 0123456789abcdef}\n",
            "waivers[0].reason: a waiver needs a reason",
        ),
        (
            "waivers:\n  - {fingerprint: 0123456789abcdef, reason: r, expires: soon}\n",
            "waivers[0].expires: 'soon' is not a date",
        ),
        ("levels: [\n", "invalid YAML"),
    ],
)
def test_a_bad_config_exits_2(tmp_path: Path, text: str, message: str) -> None:
    config = tmp_path / "levels.yaml"
    config.write_text(text, encoding="utf-8")
    result = run_cli(*pair(BREAKING, tmp_path), "--config", str(config))
    assert result.exit_code == 2
    assert message in result.stderr
    assert f"{config}:" in result.stderr  # with file and line, like spec problems


# -- formats ---------------------------------------------------------------------------------
def test_doc_findings_are_hidden_from_text_and_markdown_unless_asked(tmp_path: Path) -> None:
    sides = pair(DOC, tmp_path)
    for fmt in ("text", "markdown"):
        hidden = run_cli(*sides, "--format", fmt).stdout
        shown = run_cli(*sides, "--format", fmt, "--show-doc").stdout
        assert "AppName" not in hidden and "(doc hidden; --show-doc shows them)" in hidden
        assert "AppName" in shown and "doc hidden" not in shown
    assert ("description-changed", "doc", "CreateJob", "AppName") in keyed(
        run_cli(*sides, "--format", "json").stdout
    )


def test_json_report_follows_the_documented_schema(tmp_path: Path) -> None:
    report = json.loads(run_cli(*pair("parameter-renamed", tmp_path), "--format", "json").stdout)
    assert list(report) == [
        "schema_version",
        "base",
        "head",
        "as_of",
        "summary",
        "findings",
        "surface",
        "expired_waivers",
    ]
    assert report["schema_version"] == 2
    assert report["summary"] == {
        "breaking": 2,
        "warning": 0,
        "info": 0,
        "doc": 0,
        "waived": 0,
        "total": 2,
    }
    assert list(report["surface"]) == [
        "methods",
        "keyword_arguments",
        "classes",
        "error_members",
        "exception_classes",
    ]
    renamed = next(f for f in report["findings"] if f["rule"] == "parameter-renamed")
    assert list(renamed) == [
        "rule",
        "level",
        "operation",
        "path",
        "old",
        "new",
        "why",
        "fingerprint",
        "waived",
        "base_location",
        "head_location",
    ]
    head_lines = (tmp_path / "head/sae/CreateJob.yaml").read_text(encoding="utf-8").splitlines()
    line = next(i for i, text in enumerate(head_lines, 1) if "name: TimeZone" in text)
    assert (renamed["base_location"], renamed["head_location"]) == (
        "base/sae/CreateJob.yaml:15",
        f"head/sae/CreateJob.yaml:{line}",
    )
    assert (renamed["old"], renamed["new"]) == ("Timezone", "TimeZone")
    text = "\x1f".join(["parameter-renamed", "CreateJob", "Timezone", '"Timezone"', '"TimeZone"'])
    assert renamed["fingerprint"] == hashlib.sha256(text.encode()).hexdigest()[:16]


def test_markdown_puts_the_operation_with_the_worst_finding_first(tmp_path: Path) -> None:
    delete_job = shared("delete-job")
    write_side(tmp_path / "base", delete_job)
    write_side(
        tmp_path / "head",
        delete_job
        + [
            {"set": "sae/DeleteJob.yaml#/parameters", "to": []},  # DeleteJob: breaking
            {
                "set": "sae/CreateJob.yaml#/parameters/name=Timeout/description",
                "to": "Seconds.",
            },  # CreateJob: doc only
            {
                "add": "sae/CreateJob.yaml#/parameters",
                "to": {"name": "Tag", "type": "string", "in": "query", "description": "A tag."},
            },
        ],
    )
    out = run_cli(str(tmp_path / "base"), str(tmp_path / "head"), "--format", "markdown").stdout
    assert out.splitlines()[0] == (
        f"**gen diff** `{tmp_path / 'base'}` → `{tmp_path / 'head'}`: "
        "**1 breaking**, 0 warning, 1 info, 1 doc (doc hidden; --show-doc shows them)"
    )
    assert (
        out.index("#### DeleteJob") < out.index("#### CreateJob") < out.index("#### Public surface")
    )
    assert "| removed | keyword argument | `sae_jobs.delete_job(app_id)` |" in out


def test_spec_files_as_sides_compare_only_that_operation(tmp_path: Path) -> None:
    folder = materialize(
        "operation-removed", tmp_path
    )  # the base has DeleteJob too; a file side leaves it out
    result = run_cli(
        str(folder / "base/sae/CreateJob.yaml"),
        str(folder / "head/sae/CreateJob.yaml"),
        "--format",
        "json",
    )
    assert result.exit_code == 0
    assert json.loads(result.stdout)["findings"] == []


def test_colour_only_when_stdout_is_a_terminal(tmp_path: Path) -> None:
    args = [sys.executable, "-m", "generator.diff.cli", *pair(BREAKING, tmp_path)]
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"} | {
        "PYTHONPATH": str(REPO),
        "TERM": "xterm",
    }
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
