"""`deprecated:` and enums on response fields in the spec format: loaded into the model,
shown by `gen inspect --json`, and checked by `gen lint`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
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
        {
            "set": f"{OP}#/parameters/name=PackageType/enum/1",
            "to": {"value": "War", "deprecated": {"since": "2026-02-01"}},
        },
        {
            "set": "sae/service.yaml#/types/EnvConfigMapRef/fields/key/deprecated",
            "to": {"since": "2026-03-01"},
        },
        {"set": f"{STATUS}/deprecated", "to": {"since": "2026-04-01"}},
    )
    result = run_gen("inspect", "--json", "--spec", folder)
    assert result.returncode == 0, result.stderr
    service = json.loads(result.stdout)["services"][0]
    op = service["operations"][0]
    params = {p["wire_name"]: p for p in op["parameters"]}
    assert op["deprecated"] == {"since": "2026-01-15", "sunset": None, "use": None}
    assert params["PhpConfig"]["deprecated"] == {
        "since": "2026-01-15",
        "sunset": "2026-07-01",
        "use": "PackageUrl",
    }
    assert params["PackageType"]["constraints"]["enum"][1]["deprecated"]["since"] == "2026-02-01"
    assert params["AppName"]["deprecated"] is None
    key = next(
        f
        for t in service["types"]
        if t["name"] == "EnvConfigMapRef"
        for f in t["fields"]
        if f["key"] == "key"
    )
    assert key["deprecated"]["since"] == "2026-03-01"
    status = op["response"][1]["fields"][2]
    assert (status["name"], [e["value"] for e in status["enum"]]) == (
        "Status",
        ["Running", "Stopped"],
    )
    assert status["deprecated"]["since"] == "2026-04-01"


def test_lint_checks_dates_and_response_enum_types(tmp_path: Path) -> None:
    folder = spec(
        tmp_path,
        {
            "set": f"{OP}#/operation/deprecated",
            "to": {"since": "2026-03-01", "sunset": "2026-02-01"},
        },
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
    text = path.read_text(encoding="utf-8").replace(
        "idempotent: false,", "idempotent: false, deprecated: {since: 2026-01-15},"
    )
    path.write_text(text, encoding="utf-8")
    result = run_gen("lint", "--spec", folder)
    assert result.returncode == 1
    assert "operation.deprecated.since" in result.stdout + result.stderr


CALLS = """
import asyncio, warnings
from sae_jobs import APIConnectionError, AsyncSaeJobsClient, SaeJobsClient, ValidationError

def call(method, **params):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            method(**{"app_name": "a", "replicas": 1, "package_type": "Image", **params})
        except (ValidationError, APIConnectionError):
            pass  # a documented rule is broken, or nothing listens on 127.0.0.1:1
    for w in caught:  # the warning points at the caller's line (stacklevel)
        print(w.category.__name__, w.filename == __file__, w.message)
    print("--")

async def awaiting(client, **params):
    await client.create_job(**{"app_name": "a", "replicas": 1, "package_type": "Image", **params})

# Nothing listens on 127.0.0.1:1: a call that passes validation fails to connect, locally.
LOCAL = dict(endpoint="http://127.0.0.1:1", allow_http=True, max_retries=0, access_key_id="a", access_key_secret="b")
client = SaeJobsClient(**LOCAL)
call(client.create_job, package_type="FatJar")
call(client.create_job, package_type="War", php_config="k=v")
call(client.with_raw_response.create_job)
aclient = AsyncSaeJobsClient(**LOCAL)
call(lambda **given: asyncio.run(awaiting(aclient)))
"""


def test_the_generated_client_warns_and_documents_deprecations(tmp_path: Path) -> None:
    folder = spec(
        tmp_path,
        {"set": f"{OP}#/operation/deprecated", "to": {"since": "2026-01-15", "use": "CreateJobV2"}},
        {"set": f"{OP}#/parameters/name=PhpConfig/deprecated", "to": DEPRECATED},
        {
            "set": f"{OP}#/parameters/name=PackageType/enum/1",
            "to": {"value": "War", "deprecated": {"since": "2026-02-01"}},
        },
    )
    out = tmp_path / "out"
    assert run_gen("--spec", folder, "--out", out).returncode == 0
    (tmp_path / "calls.py").write_text(CALLS, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "calls.py"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": str(out)},
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    op = "DeprecationWarning True create_job() is deprecated. Deprecated since 2026-01-15. Use CreateJobV2 instead."
    assert result.stdout.split("--\n")[:4] == [
        f"{op}\n",
        f"{op}\n"
        "DeprecationWarning True create_job(package_type='War') is deprecated. Deprecated since 2026-02-01.\n"
        "DeprecationWarning True create_job(php_config=...) is deprecated. Deprecated since 2026-01-15; "
        "may be removed after 2026-07-01. Use PackageUrl instead.\n",
        f"{op}\n",
        f"{op}\n",
    ]
    client = (out / "sae_jobs" / "client.py").read_text(encoding="utf-8")
    assert "Deprecated since 2026-01-15. Use CreateJobV2 instead." in client
    params = (out / "sae_jobs" / "params.py").read_text(encoding="utf-8")
    assert "deprecated since 2026-01-15; may be removed after 2026-07-01" in params
    readme = (out / "sae_jobs" / "README.md").read_text(encoding="utf-8")
    assert (
        "**Deprecated since 2026-01-15. Use CreateJobV2 instead.** Calls warn with `DeprecationWarning`."
        in readme
    )
    assert "`War` (deprecated)" in readme
