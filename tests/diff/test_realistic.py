"""A realistic revision of the real specs: CreateJob gains the two parameters UpdateJob has."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from .support import REPO, keyed, run_cli

CREATE_JOB = Path("sae/2019-05-06/CreateJob.yaml")
NEW_PARAMETERS = [
    {"name": "BestEffortType", "type": "string", "in": "query", "description": ""},
    {"name": "NasConfigs", "type": "string", "in": "query", "description": ""},
]


@pytest.fixture
def sides(tmp_path: Path) -> tuple[Path, Path]:
    """Two snapshots of the real spec folder, so that both sides are taken at the same moment."""
    base, head = tmp_path / "base" / "spec", tmp_path / "head" / "spec"
    shutil.copytree(REPO / "spec", base)
    shutil.copytree(REPO / "spec", head)
    return base, head


def edit_create_job(spec: Path, change: Any) -> None:
    # Rewriting the whole file through PyYAML also drops every comment and reflows every
    # line: the diff must see none of that, only the one change.
    path = spec / CREATE_JOB
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def add_best_effort_and_nas_configs(data: dict[str, Any]) -> None:
    data["parameters"].extend(NEW_PARAMETERS)


def test_adding_optional_parameters_is_not_breaking(sides: tuple[Path, Path]) -> None:
    base, head = sides
    edit_create_job(head, add_best_effort_and_nas_configs)
    result = run_cli(str(base), str(head), "--format", "json", "--fail-on", "breaking")
    assert result.exit_code == 0, result.output
    assert keyed(result.stdout) == {
        ("parameter-added-optional", "info", "CreateJob", "BestEffortType"),
        ("parameter-added-optional", "info", "CreateJob", "NasConfigs"),
    }
    report = json.loads(result.stdout)
    assert report["summary"] == {
        "breaking": 0,
        "warning": 0,
        "info": 2,
        "doc": 0,
        "waived": 0,
        "total": 2,
    }
    assert report["surface"]["keyword_arguments"] == {
        "added": ["sae_jobs.create_job(best_effort_type)", "sae_jobs.create_job(nas_configs)"],
        "removed": [],
    }
    assert all(
        change == {"added": [], "removed": []}
        for kind, change in report["surface"].items()
        if kind != "keyword_arguments"
    )


def test_markdown_report_of_the_revision(sides: tuple[Path, Path]) -> None:
    base, head = sides
    edit_create_job(head, add_best_effort_and_nas_configs)
    result = run_cli(str(base), str(head), "--format", "markdown")
    lines = result.stdout.splitlines()
    assert lines[0].endswith(": 0 breaking, 0 warning, 2 info, 0 doc")
    assert "#### CreateJob" in lines
    assert (
        "| info | `parameter-added-optional` | `NasConfigs` | — | `string in query` |"
        in result.stdout
    )
    assert "| added | keyword argument | `sae_jobs.create_job(best_effort_type)` |" in lines
    assert "UpdateJob" not in result.stdout


def test_removing_a_parameter_is_breaking(sides: tuple[Path, Path]) -> None:
    base, head = sides
    data = yaml.safe_load((base / CREATE_JOB).read_text(encoding="utf-8"))
    in_rules = {name for rule in data.get("rules", []) for name in rule["params"]}
    victim = next(p for p in reversed(data["parameters"]) if p["name"] not in in_rules)
    edit_create_job(head, lambda d: d["parameters"].remove(victim))
    result = run_cli(str(base), str(head), "--format", "json")
    assert result.exit_code == 1
    assert keyed(result.stdout) == {("parameter-removed", "breaking", "CreateJob", victim["name"])}


def test_adding_a_required_parameter_is_breaking(sides: tuple[Path, Path]) -> None:
    base, head = sides
    region = {
        "name": "RegionId",
        "type": "string",
        "required": True,
        "in": "query",
        "description": "The region.",
    }
    edit_create_job(head, lambda d: d["parameters"].append(region))
    result = run_cli(str(base), str(head), "--format", "json")
    assert result.exit_code == 1
    assert keyed(result.stdout) == {
        ("parameter-added-required", "breaking", "CreateJob", "RegionId")
    }


def test_renaming_a_structure_type_is_breaking(sides: tuple[Path, Path]) -> None:
    base, head = sides
    for path in (head / "sae/2019-05-06").glob(
        "*.yaml"
    ):  # the type and the parameters that carry it
        path.write_text(
            path.read_text(encoding="utf-8").replace("NasMount", "NasVolume"), encoding="utf-8"
        )
    result = run_cli(str(base), str(head), "--format", "json")
    assert result.exit_code == 1
    assert keyed(result.stdout) == {
        ("type-renamed", "breaking", "service:sae", "types.NasMount"),
        ("type-renamed", "breaking", "service:sae", "types.NasMountList"),
    }
    assert json.loads(result.stdout)["surface"]["classes"]["removed"] == [
        "sae_jobs.NasMount",
        "sae_jobs.NasMountList",
    ]
