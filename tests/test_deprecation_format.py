"""`deprecated:` and enums on response fields in the spec format: loaded into the model,
shown by `gen inspect --json`, and checked by `gen lint`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.diff.cases import write_side
from tests.helpers import run_gen

OP = "sae/CreateJob.yaml"
DEPRECATED = {"since": "2026-01-15", "sunset": "2026-07-01", "use": "PackageUrl"}
STATUS = f"{OP}#/response/fields/name=Data/fields/name=Status"


def spec(tmp_path: Path, *edits: dict[str, Any]) -> Path:
    return write_side(tmp_path / "spec", list(edits))


def test_deprecations_and_response_enums_reach_the_model(tmp_path: Path) -> None:
    folder = spec(
        tmp_path,
        {"set": f"{OP}#/operation/deprecated", "to": {"since": "2026-01-15"}},
        {"set": f"{OP}#/parameters/name=PhpConfig/deprecated", "to": DEPRECATED},
        {"set": f"{OP}#/parameters/name=PackageType/enum/1", "to": {"value": "War", "deprecated": {"since": "2026-02-01"}}},
        {"set": "sae/service.yaml#/types/EnvConfigMapRef/fields/key/deprecated", "to": {"since": "2026-03-01"}},
        {"set": f"{STATUS}/deprecated", "to": {"since": "2026-04-01"}},
    )
    result = run_gen("inspect", "--json", "--spec", folder)
    assert result.returncode == 0, result.stderr
    service = json.loads(result.stdout)["services"][0]
    op = service["operations"][0]
    params = {p["wire_name"]: p for p in op["parameters"]}
    assert op["deprecated"] == {"since": "2026-01-15", "sunset": None, "use": None}
    assert params["PhpConfig"]["deprecated"] == {"since": "2026-01-15", "sunset": "2026-07-01", "use": "PackageUrl"}
    assert params["PackageType"]["constraints"]["enum"][1]["deprecated"]["since"] == "2026-02-01"
    assert params["AppName"]["deprecated"] is None
    key = next(f for t in service["types"] if t["name"] == "EnvConfigMapRef" for f in t["fields"] if f["key"] == "key")
    assert key["deprecated"]["since"] == "2026-03-01"
    status = op["response"][1]["fields"][2]
    assert (status["name"], [e["value"] for e in status["enum"]]) == ("Status", ["Running", "Stopped"])
    assert status["deprecated"]["since"] == "2026-04-01"


def test_lint_checks_dates_and_response_enum_types(tmp_path: Path) -> None:
    folder = spec(
        tmp_path,
        {"set": f"{OP}#/operation/deprecated", "to": {"since": "2026-03-01", "sunset": "2026-02-01"}},
        {"set": f"{OP}#/parameters/name=PhpConfig/deprecated", "to": {"since": "2026-13-01"}},
        {"set": f"{STATUS}/enum/1", "to": 3},
        {"set": f"{OP}#/response/fields/name=Data/enum", "to": ["x"]},
    )
    result = run_gen("lint", "--spec", folder)
    assert result.returncode == 1
    out = result.stdout + result.stderr
    assert "operation.deprecated.sunset: the sunset 2026-02-01 is before since 2026-03-01" in out
    assert "deprecated.since: '2026-13-01' is not a date (YYYY-MM-DD)" in out
    assert "enum[1]: 3 is not of type string" in out
    assert "an object field cannot have an enum" in out
    assert "4 problem(s) found." in out


def test_an_unquoted_date_is_a_shape_problem(tmp_path: Path) -> None:
    folder = spec(tmp_path)
    path = folder / OP
    text = path.read_text(encoding="utf-8").replace("idempotent: false,", "idempotent: false, deprecated: {since: 2026-01-15},")
    path.write_text(text, encoding="utf-8")
    result = run_gen("lint", "--spec", folder)
    assert result.returncode == 1
    assert "operation.deprecated.since" in result.stdout + result.stderr
