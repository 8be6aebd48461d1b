"""Review features: waivers, sunsets judged against --as-of, workflow annotations, and
markdown that fits a pull-request comment."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from generator.diff.config import ConfigError, diff_config_from_mapping
from generator.diff.report import SCHEMA_VERSION

from .cases import shared, write_side
from .support import REPO, pair, run_cli, run_module


def removed_timeout(tmp_path: Path) -> tuple[tuple[str, str], str]:
    sides = pair("parameter-removed", tmp_path / "case")
    finding = json.loads(run_cli(*sides, "--format", "json").stdout)["findings"][0]
    assert finding["rule"] == "parameter-removed"
    return sides, finding["fingerprint"]


# -- waivers -----------------------------------------------------------------------------------
def test_a_waiver_accepts_a_finding_by_fingerprint_and_shows_its_reason(tmp_path: Path) -> None:
    sides, fingerprint = removed_timeout(tmp_path)
    config = tmp_path / "diff.yaml"
    config.write_text(
        f"waivers:\n  - {{fingerprint: {fingerprint}, reason: No caller sends Timeout., expires: '2026-12-31'}}\n",
        encoding="utf-8",
    )
    args = [*sides, "--config", str(config), "--as-of", "2026-06-01"]
    result = run_cli(*args, "--format", "json")
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert report["summary"] == {
        "breaking": 0,
        "warning": 0,
        "info": 0,
        "doc": 0,
        "waived": 1,
        "total": 1,
    }
    assert report["findings"][0]["waived"] == "No caller sends Timeout."
    markdown = run_cli(*args, "--format", "markdown").stdout
    assert "| waived breaking | `parameter-removed` | `Timeout` |" in markdown
    assert "**Waived:** No caller sends Timeout." in markdown
    assert "No caller sends Timeout." in run_cli(*args).stdout


def test_an_expired_waiver_no_longer_applies_and_says_so(tmp_path: Path) -> None:
    sides, fingerprint = removed_timeout(tmp_path)
    config = tmp_path / "diff.yaml"
    config.write_text(
        f"waivers:\n  - {{fingerprint: {fingerprint}, reason: Until the next release., expires: 2026-01-31}}\n",
        encoding="utf-8",
    )
    result = run_cli(*sides, "--config", str(config), "--as-of", "2026-02-01", "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["findings"][0]["waived"] is None
    assert report["expired_waivers"] == [{"fingerprint": fingerprint, "expires": "2026-01-31"}]


def test_config_from_any_mapping_names_origin_and_key() -> None:
    config = diff_config_from_mapping(
        {
            "levels": {"parameter-added-optional": "warning"},
            "waivers": [{"fingerprint": "0123456789abcdef", "reason": "r"}],
        },
        "pyproject.toml",
        prefix=("tool", "gen", "diff"),
    )
    assert config.levels == {"parameter-added-optional": "warning"}
    assert [w.fingerprint for w in config.waivers] == ["0123456789abcdef"]
    with pytest.raises(ConfigError) as caught:
        diff_config_from_mapping(
            {"levels": {"no-such-rule": "info"}, "waiver": []},
            "pyproject.toml",
            prefix=("tool", "gen", "diff"),
        )
    assert [str(p) for p in caught.value.problems] == [
        "pyproject.toml:1:1: tool.gen.diff.waiver: unknown key 'waiver' (expected levels or waivers)",
        "pyproject.toml:1:1: tool.gen.diff.levels.no-such-rule: unknown rule id 'no-such-rule' (gen diff --rules lists them)",
    ]


# -- sunsets -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("as_of", "rule", "code"),
    [("2026-06-30", "parameter-removed", 1), ("2026-07-01", "removed-after-sunset", 0)],
)
def test_removing_a_deprecated_parameter_is_breaking_until_its_sunset(
    tmp_path: Path, as_of: str, rule: str, code: int
) -> None:
    result = run_cli(*pair("removed-after-sunset", tmp_path), "--as-of", as_of, "--format", "json")
    assert result.exit_code == code
    assert [(f["rule"], f["path"]) for f in json.loads(result.stdout)["findings"]] == [
        (rule, "PhpConfig")
    ]
    assert json.loads(result.stdout)["as_of"] == as_of


# -- GitHub annotations ------------------------------------------------------------------------
def test_github_format_writes_workflow_annotations_at_the_changed_line(tmp_path: Path) -> None:
    result = run_module(*pair("length-tightened", tmp_path), "--format", "github", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    first, *_, last = result.stdout.splitlines()
    head_lines = (tmp_path / "head/sae/CreateJob.yaml").read_text(encoding="utf-8").splitlines()
    line = next(i for i, text in enumerate(head_lines, 1) if "name: AppName" in text)
    assert first.startswith(
        f"::error file=head/sae/CreateJob.yaml,line={line},"
        "title=gen diff%3A length-tightened (breaking)::CreateJob AppName: max_length=36 -> max_length=20."
    )
    assert last == "::notice title=gen diff::1 breaking, 0 warning, 0 info, 0 doc"


# -- markdown size -----------------------------------------------------------------------------
def many_operations(count: int) -> list[dict[str, object]]:
    edits: list[dict[str, object]] = []
    for i in range(count):
        edits += [
            {"copy": "sae/CreateJob.yaml", "to": f"sae/Job{i}.yaml"},
            {"set": f"sae/Job{i}.yaml#/operation/name", "to": f"CreateJob{i}"},
        ]
    return edits


def test_added_operations_are_one_surface_row_each(tmp_path: Path) -> None:
    write_side(tmp_path / "base", [])
    write_side(tmp_path / "head", many_operations(3))
    out = run_cli(str(tmp_path / "base"), str(tmp_path / "head"), "--format", "markdown").stdout
    surface = out[out.index("#### Public surface") :].splitlines()[4:]
    assert surface == [
        f"| added | method | `sae_jobs.create_job{i} (and its 16 keyword arguments and classes)` |"
        for i in range(3)
    ]


def test_long_markdown_is_cut_to_max_bytes_with_a_count_and_a_pointer(tmp_path: Path) -> None:
    write_side(tmp_path / "base", shared("delete-job"))
    write_side(
        tmp_path / "head", many_operations(60)
    )  # DeleteJob removed: the breaking row must stay
    full = tmp_path / "full.json"
    args = [
        str(tmp_path / "base"),
        str(tmp_path / "head"),
        "--format",
        "markdown",
        "--max-bytes",
        "8000",
    ]
    out = run_cli(*args, "--json-out", str(full)).stdout
    assert len(out.encode("utf-8")) <= 8000
    assert "#### DeleteJob" in out and "operation-removed" in out
    note = out.splitlines()[-1]
    assert (
        note.startswith("_Cut to fit 8,000 bytes: left out ")
        and f"The full report: `{full}`._" in note
    )
    report = json.loads(full.read_text(encoding="utf-8"))
    shown = out.count("`operation-added`")
    assert f"left out {60 - shown} info" in note
    assert report["summary"]["info"] == 60


# -- the report's JSON schema ------------------------------------------------------------------
def test_json_reports_validate_against_the_versioned_schema(tmp_path: Path) -> None:
    schema = json.loads((REPO / "generator/diff/report.schema.json").read_text(encoding="utf-8"))
    assert schema["properties"]["schema_version"]["const"] == SCHEMA_VERSION
    assert str(SCHEMA_VERSION) in schema["$id"]
    for name in ("parameter-renamed", "operation-removed", "type-renamed", "removed-after-sunset"):
        report = json.loads(
            run_cli(
                *pair(name, tmp_path / name), "--format", "json", "--as-of", "2026-07-01"
            ).stdout
        )
        jsonschema.validate(report, schema, format_checker=jsonschema.FormatChecker())
    broken = {**report, "schema_version": 1}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema)


def test_the_readme_lists_every_rule_as_the_catalogue_does() -> None:
    table = run_cli("--rules", "--format", "markdown").stdout
    assert table in (REPO / "generator/diff/README.md").read_text(encoding="utf-8")
