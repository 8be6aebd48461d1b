"""gen export: the OpenAPI document is valid OpenAPI 3.1 and says what the specs say; the JSON
Schema export accepts what the client's validator accepts and rejects what it rejects."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import jsonschema
import pytest
import yaml
from openapi_spec_validator import validate as validate_openapi
from sae_jobs.validators import validate_create_job

from generator.exports.openapi import (
    openapi_document,
    operation_jsonschema,
    render,
    requests_jsonschema,
)
from generator.frontend.entry import load_model
from generator.model import Service
from tests.helpers import ROOT, SPEC
from tests.payloads import rich_create_job

CREATE_JOB = "/pop/v1/sam/job/createJob"


@pytest.fixture(scope="module")
def service() -> Service:
    return load_model(SPEC)[0]


@pytest.fixture(scope="module")
def openapi(service: Service) -> dict[str, Any]:
    return openapi_document(service)


@pytest.fixture(scope="module")
def create_job_schema(service: Service) -> dict[str, Any]:
    return operation_jsonschema(requests_jsonschema(service), "CreateJob")


def _query(doc: dict[str, Any], name: str) -> dict[str, Any]:
    return next(p for p in doc["paths"][CREATE_JOB]["post"]["parameters"] if p["name"] == name)


def _wire_payload(service: Service, params: dict[str, Any]) -> dict[str, Any]:
    """Keyword arguments as the request payload by wire name; structures stay structured."""
    op = next(o for o in service.operations if o.name == "CreateJob")
    wire = {p.python_name: p.wire_name for p in op.parameters}
    return {wire[name]: value for name, value in params.items()}


def test_openapi_export_is_valid_openapi_3_1(openapi: dict[str, Any]) -> None:
    validate_openapi(openapi)
    assert openapi["openapi"].startswith("3.1")


def test_servers_come_from_the_endpoint_pattern(openapi: dict[str, Any]) -> None:
    server = openapi["servers"][0]
    assert server["url"] == "https://sae.{region}.aliyuncs.com"
    assert "default" in server["variables"]["region"]


def test_json_parameters_point_at_their_structure(openapi: dict[str, Any]) -> None:
    schema = _query(openapi, "Envs")["schema"]
    assert schema["contentMediaType"] == "application/json"
    assert schema["contentSchema"] == {"$ref": "#/components/schemas/EnvList"}
    assert "EnvList" in openapi["components"]["schemas"]


def test_body_parameters_are_a_form_request_body(openapi: dict[str, Any]) -> None:
    post = openapi["paths"][CREATE_JOB]["post"]
    form = post["requestBody"]["content"]["application/x-www-form-urlencoded"]["schema"]
    assert form["properties"]["OssAkSecret"]["writeOnly"] is True
    assert "OssAkSecret" not in {p["name"] for p in post["parameters"]}


def test_parameter_constraints_are_kept(openapi: dict[str, Any]) -> None:
    assert _query(openapi, "AppName")["schema"]["maxLength"] == 36
    assert _query(openapi, "AppName")["required"] is True
    assert _query(openapi, "Cpu")["schema"]["enum"] == [
        500,
        1000,
        2000,
        4000,
        8000,
        12000,
        16000,
        32000,
    ]
    assert _query(openapi, "Cpu")["example"] == 1000  # documented as text, exported as its type
    assert _query(openapi, "TerminationGracePeriodSeconds")["schema"]["default"] == 30


def test_errors_are_grouped_by_status(openapi: dict[str, Any]) -> None:
    responses = openapi["paths"][CREATE_JOB]["post"]["responses"]
    assert responses["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/CreateJobResponse"
    }
    bad_request = responses["400"]
    codes = [e["code"] for e in bad_request["x-error-codes"]]
    assert "InvalidParameter.NotEmpty" in codes and codes == sorted(codes)
    assert "InvalidParameter.NotEmpty" in bad_request["description"]
    assert "InvalidVpcId.NotFound" in [e["code"] for e in responses["404"]["x-error-codes"]]


def test_operation_extensions(openapi: dict[str, Any]) -> None:
    post = openapi["paths"][CREATE_JOB]["post"]
    assert (post["x-acs-action"], post["x-acs-version"], post["x-acs-idempotent"]) == (
        "CreateJob",
        "2019-05-06",
        False,
    )
    scheme = openapi["components"]["securitySchemes"]["ACS3-HMAC-SHA256"]
    assert scheme["type"] == "apiKey" and scheme["name"] == "Authorization"


def test_export_is_deterministic_and_yaml_says_the_same(service: Service, tmp_path: Any) -> None:
    first = render(openapi_document(service), None)
    assert first == render(openapi_document(load_model(SPEC)[0]), None)
    as_yaml = render(openapi_document(service), tmp_path / "api.yaml")
    assert "&id" not in as_yaml
    assert yaml.safe_load(as_yaml) == json.loads(first)


def test_rich_payload_is_valid_against_the_jsonschema_export(
    service: Service, create_job_schema: dict[str, Any]
) -> None:
    params = rich_create_job()
    assert validate_create_job(params) == []  # the client's own validator agrees
    jsonschema.Draft202012Validator(create_job_schema).validate(_wire_payload(service, params))


def test_broken_payload_fails_the_jsonschema_export(
    service: Service, create_job_schema: dict[str, Any]
) -> None:
    payload = _wire_payload(service, rich_create_job())
    payload["AppName"] = "x" * 37
    payload["Cpu"] = 3
    payload["Envs"] = [{"name": "MODE"}]  # neither a value nor a ConfigMap reference
    payload["Unknown"] = "1"
    errors = list(jsonschema.Draft202012Validator(create_job_schema).iter_errors(payload))
    assert {tuple(e.path)[:1] for e in errors} >= {("AppName",), ("Cpu",), ("Envs",), ()}


def test_the_whole_document_checks_one_operation_at_a_time(service: Service) -> None:
    document = requests_jsonschema(service)
    validator = jsonschema.Draft202012Validator(document)
    assert validator.is_valid({"CreateJob": _wire_payload(service, rich_create_job())})
    assert not validator.is_valid({"UpdateJob": {"AppId": "a"}, "CreateJob": {}})


def test_cli_writes_openapi_to_stdout_and_files(tmp_path: Any) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "generator.cli.export", "openapi"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    validate_openapi(json.loads(run.stdout))
    out = tmp_path / "requests.yaml"
    run = subprocess.run(
        [sys.executable, "-m", "generator.cli.export", "jsonschema", "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert "CreateJobRequest" in yaml.safe_load(out.read_text("utf-8"))["$defs"]


def test_cli_rejects_an_unknown_extension(tmp_path: Any) -> None:
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "generator.cli.export",
            "openapi",
            "--out",
            str(tmp_path / "api.txt"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 2 and ".json, .yaml or .yml" in run.stderr
