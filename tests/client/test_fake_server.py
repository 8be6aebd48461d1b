"""The generated test kit (`sae_jobs.testing`): state, validation, signatures, faults, records.

Everything goes through the generated package as a consumer would use it; raw requests
(built and signed here, then tampered with) check what no well-behaved client sends.
"""

from __future__ import annotations

import asyncio
import http.client
import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

import pytest
import sae_jobs.testing
from sae_jobs import (
    APIConnectionError,
    APITimeoutError,
    BadRequestError,
    ErrorCode,
    NotFoundError,
    RetryPolicy,
    SaeJobsError,
    ServerError,
    ThrottlingError,
    Timeouts,
)
from sae_jobs._runtime._signing import authorization, encode_pairs, sha256_hex
from sae_jobs._runtime._validation import validate
from sae_jobs._service import CREATE_JOB, SERVICE, UPDATE_JOB
from sae_jobs.testing import ACCESS_KEY_ID, ACCESS_KEY_SECRET, UNKNOWN_OPERATION, FakeServer

from tests.helpers import GENERATED, ROOT
from tests.payloads import rich_create_job

FAST = RetryPolicy(max_retries=2, initial_backoff=0.01, max_backoff=0.05)
JOB = {
    "app_name": "demo",
    "package_type": "Image",
    "image_url": "registry/x:1",
    "replicas": 1,
    "workload": "job",
}
OSS_SECRET = "OSS-SECRET-VALUE"  # what rich_create_job sends as oss_ak_secret

# The fixture, taken as a plain attribute (an import would be shadowed by the test argument).
fake_server = sae_jobs.testing.fake_server


@pytest.fixture
def server() -> Any:
    with FakeServer() as running:
        yield running


# --- raw requests: signed here so that tests can break them on purpose -----------------


class Raw(NamedTuple):
    path: str
    query: list[tuple[str, str]]
    headers: dict[str, str]
    body: bytes


def _signed(
    server: FakeServer,
    query: list[tuple[str, str]],
    form: list[tuple[str, str]] | None = None,
    *,
    action: str = "UpdateJob",
    path: str = UPDATE_JOB.path,
    age: float = 0.0,
    key_id: str = ACCESS_KEY_ID,
    secret: str = ACCESS_KEY_SECRET,
) -> Raw:
    body = encode_pairs(form).encode() if form else b""
    headers = {
        "host": f"127.0.0.1:{server.port}",
        SERVICE.action_header: action,
        SERVICE.version_header: SERVICE.api_version,
        SERVICE.date_header: time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() - age)),
        SERVICE.nonce_header: os.urandom(8).hex(),
        SERVICE.content_hash_header: sha256_hex(body),
    }
    if form:
        headers["content-type"] = SERVICE.form_content_type
    headers["authorization"] = authorization(
        algorithm=SERVICE.algorithm,
        method="POST",
        path=path,
        canonical_query=encode_pairs(query),
        headers=headers,
        payload_hash=sha256_hex(body),
        access_key_id=key_id,
        access_key_secret=secret,
    )
    return Raw(path, query, headers, body)


def _send(server: FakeServer, raw: Raw) -> tuple[int, dict[str, str], dict[str, Any]]:
    target = f"{raw.path}?{encode_pairs(raw.query)}" if raw.query else raw.path
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
    try:
        conn.request("POST", target, body=raw.body, headers=raw.headers)
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), json.loads(response.read())
    finally:
        conn.close()


# --- state -------------------------------------------------------------------------------


def test_create_then_update_keeps_the_job_under_a_fresh_id(server: FakeServer) -> None:
    with server.client() as client:
        created = client.create_job(**rich_create_job())
        app_id = created["Data"]["AppId"]
        updated = client.update_job(app_id=app_id, replicas="5", command_args=["--fast"])
    assert created["Success"] is True and updated["Data"]["AppId"] == app_id
    assert (
        created["Data"]["ChangeOrderId"] != updated["Data"]["ChangeOrderId"]
    ), "fresh_fields are new each time"
    job = server.get(app_id)
    assert job["replicas"] == "5" and job["command_args"] == [
        "--fast"
    ], "the update merged into the record"
    assert (
        job["app_name"] == "demo-job" and job["cpu"] == 1000 and job["slice_"] is True
    ), "typed back"
    assert job["envs"][1]["configMapId"] == 16 and job["oss_ak_secret"] == "<redacted>"
    assert list(server.resources) == [app_id]


def test_update_of_an_unknown_id_answers_the_documented_not_found(server: FakeServer) -> None:
    with server.client(retry_policy=FAST) as client, pytest.raises(NotFoundError) as info:
        client.update_job(app_id="no-such-app")
    error = info.value
    assert error.code is ErrorCode.INVALID_APPLICATION_NOT_FOUND and error.attempts == 1
    assert error.status_code == ErrorCode.INVALID_APPLICATION_NOT_FOUND.http_status
    assert error.message == ErrorCode.INVALID_APPLICATION_NOT_FOUND.message_template
    assert server.resources == {}


def test_seeded_resources_can_be_updated_and_reset_forgets_everything(server: FakeServer) -> None:
    app_id = server.add_resource({"app_name": "seeded"}, "app-7")
    with server.client() as client:
        client.update_job(app_id=app_id, timezone="UTC")
    assert server.get("app-7") == {"app_name": "seeded", "app_id": "app-7", "timezone": "UTC"}
    server.reset()
    assert server.resources == {} and server.requests == []
    with pytest.raises(KeyError):
        server.get("app-7")


@pytest.mark.parametrize(
    ("configured", "on_the_wire"), [("200", '"Code":"200"'), (200, '"Code":200')]
)
def test_success_body_has_the_documented_shape(configured: str | int, on_the_wire: str) -> None:
    with FakeServer(success_code=configured) as server:
        server.add_resource({}, "app-1")
        status, headers, body = _send(server, _signed(server, [("AppId", "app-1")]))
    assert status == 200 and on_the_wire in json.dumps(body, separators=(",", ":"))
    assert set(body) == {
        "RequestId",
        "Message",
        "TraceId",
        "Data",
        "Code",
        "Success",
    }, "no ErrorCode on success"
    assert body["Message"] == "success" and body["Success"] is True and body["TraceId"]
    assert body["Data"]["AppId"] == "app-1" and body["Data"]["ChangeOrderId"]
    assert headers[SERVICE.request_id_header] == body["RequestId"]


# --- validation ----------------------------------------------------------------------------

INVALID = {
    "missing AppName": {k: v for k, v in JOB.items() if k != "app_name"},
    "unknown package type": {**JOB, "package_type": "Zip"},
    "War without Jdk": {
        **JOB,
        "package_type": "War",
        "package_url": "u",
        "package_version": "1",
        "web_container": "apache-tomcat-8.5.42",
        "image_url": None,
    },
    "bad host alias ip": {**JOB, "custom_host_alias": [{"hostName": "db", "ip": "300.1.1.1"}]},
    "tomcat port too low": {**JOB, "tomcat_config": {"port": 80}},
    "envs not JSON": {**JOB, "envs": "[{"},
    "boolean as text": {**JOB, "auto_config": "yes"},
    "integer as text": {**JOB, "timeout": "soon"},
    "cpu/memory pair": {**JOB, "cpu": 500, "memory": 65536},
}


@pytest.mark.parametrize("case", INVALID)
def test_invalid_requests_get_the_code_and_message_the_client_validator_would_give(
    server: FakeServer, case: str
) -> None:
    params = {k: v for k, v in INVALID[case].items() if v is not None}
    expected = validate(CREATE_JOB.table, params, SERVICE.codes)
    assert len(expected) == 1, expected  # one violation, so "the first" is unambiguous
    with server.client(validate=False) as client, pytest.raises(BadRequestError) as info:
        # The method itself requires AppName (a TypeError, and a mypy error, without it);
        # the one request path under it can still send a request that leaves it out.
        client._call(CREATE_JOB, params, None)
    error = info.value
    assert (error.code, error.message) == (expected[0].code, expected[0].message)
    assert error.status_code == ErrorCode(expected[0].code).http_status and error.attempts == 1
    assert (
        error.body["ErrorCode"] == error.body["Code"] == expected[0].code
        and error.body["Success"] is False
    )
    assert server.resources == {}, "a refused create stores nothing"


def test_unknown_and_misplaced_parameters_are_refused(server: FakeServer) -> None:
    server.add_resource({}, "app-1")
    status, _, body = _send(server, _signed(server, [("AppId", "app-1"), ("Colour", "blue")]))
    assert (status, body["Code"]) == (400, SERVICE.codes.unknown) and "Colour" in body["Message"]
    status, _, body = _send(server, _signed(server, [("AppId", "app-1"), ("OssAkSecret", "s")]))
    assert (status, body["Code"]) == (
        400,
        SERVICE.codes.invalid,
    ) and "must be sent in the body" in body["Message"]


def test_requests_for_no_operation_get_the_fakes_own_code(server: FakeServer) -> None:
    status, _, body = _send(server, _signed(server, [], action="DeleteJob"))
    assert (status, body["Code"]) == (404, UNKNOWN_OPERATION) and "DeleteJob" in body["Message"]
    status, _, body = _send(server, _signed(server, [], action="CreateJob", path=UPDATE_JOB.path))
    assert body["Code"] == UNKNOWN_OPERATION and server.requests[-1].operation is None


# --- signatures --------------------------------------------------------------------------


def test_a_wrong_secret_is_refused_with_the_signature_code(server: FakeServer) -> None:
    with server.client(access_key_secret="not-the-secret", retry_policy=FAST) as client:
        with pytest.raises(BadRequestError) as info:
            client.update_job(app_id="app-1")
    assert info.value.code is ErrorCode.SIGNATURE_DOES_NOT_MATCH and info.value.status_code == 400
    assert (
        info.value.attempts == 1
        and server.requests[-1].detail == "the signature does not match the request"
    )


def test_an_unknown_key_id_gets_the_documented_code_and_status(server: FakeServer) -> None:
    with (
        server.client(access_key_id="someone-else") as client,
        pytest.raises(NotFoundError) as info,
    ):
        client.update_job(app_id="app-1")
    code = ErrorCode(SERVICE.fake["unknown_key_error"])
    assert info.value.code is code and info.value.status_code == code.http_status


def _tamper_query(raw: Raw) -> Raw:
    return raw._replace(query=[("AppId", "app-2")])


def _add_query(raw: Raw) -> Raw:
    return raw._replace(query=[*raw.query, ("Timezone", "UTC")])


def _tamper_body_and_hash(raw: Raw) -> Raw:
    body = encode_pairs([("OssAkId", "other")]).encode()
    return raw._replace(
        body=body, headers={**raw.headers, SERVICE.content_hash_header: sha256_hex(body)}
    )


def _tamper_body_only(raw: Raw) -> Raw:
    return raw._replace(body=encode_pairs([("OssAkId", "other")]).encode())


def _tamper_signed_header(raw: Raw) -> Raw:
    return raw._replace(headers={**raw.headers, SERVICE.nonce_header: "replayed"})


def _drop_authorization(raw: Raw) -> Raw:
    return raw._replace(headers={k: v for k, v in raw.headers.items() if k != "authorization"})


@pytest.mark.parametrize(
    "tamper",
    [
        _tamper_query,
        _add_query,
        _tamper_body_and_hash,
        _tamper_body_only,
        _tamper_signed_header,
        _drop_authorization,
    ],
    ids=lambda f: f.__name__,
)
def test_a_tampered_request_is_refused(server: FakeServer, tamper: Callable[[Raw], Raw]) -> None:
    server.add_resource({}, "app-1")
    raw = _signed(server, [("AppId", "app-1")], [("OssAkId", "id")])
    assert _send(server, raw)[0] == 200, "the untouched request is accepted"
    status, _, body = _send(server, tamper(raw))
    assert (status, body["Code"], body["Success"]) == (400, SERVICE.fake["signature_error"], False)
    assert server.get("app-1") == {"app_id": "app-1", "oss_ak_id": "id"}, "nothing changed"


@pytest.mark.parametrize(
    ("age", "accepted"), [(14 * 60, True), (16 * 60, False), (-16 * 60, False)]
)
def test_the_request_date_must_be_within_15_minutes(
    server: FakeServer, age: float, accepted: bool
) -> None:
    server.add_resource({}, "app-1")
    status, _, body = _send(server, _signed(server, [("AppId", "app-1")], age=age))
    assert (status == 200) is accepted
    if not accepted:
        assert (
            body["Code"] == SERVICE.fake["signature_error"]
            and "x-acs-date" in server.requests[-1].detail
        )


def test_a_configured_security_token_is_required_and_must_match() -> None:
    with FakeServer(security_token="STS-TOKEN") as server:
        server.add_resource({}, "app-1")
        with server.client() as client:
            assert client.update_job(app_id="app-1")["Success"] is True
        for token in (None, "OTHER-TOKEN"):
            with (
                server.client(security_token=token) as client,
                pytest.raises(BadRequestError) as info,
            ):
                client.update_job(app_id="app-1")
            assert info.value.code is ErrorCode.SIGNATURE_DOES_NOT_MATCH


# --- scripted faults, seen through both clients -----------------------------------------


class Outcome(NamedTuple):
    error: type[BaseException] | None
    attempts: int


def _call(server: FakeServer, use_async: bool, operation: str, **client_kwargs: Any) -> Outcome:
    """One call through the sync or the async client: the exception type and attempts."""
    method, params = (
        ("create_job", JOB) if operation == "CreateJob" else ("update_job", {"app_id": "app-1"})
    )
    kwargs = {"retry_policy": FAST, **client_kwargs}

    async def run_async() -> Any:
        async with server.async_client(**kwargs) as client:
            return await getattr(client.with_raw_response, method)(**params)

    def run_sync() -> Any:
        with server.client(**kwargs) as client:
            return getattr(client.with_raw_response, method)(**params)

    try:
        response = asyncio.run(run_async()) if use_async else run_sync()
    except SaeJobsError as exc:
        return Outcome(type(exc), getattr(exc, "attempts", 0))
    return Outcome(None, response.attempts)


SLOW = Timeouts(connect=1.0, read=0.2)
FAULTS = {
    # id: (fail_next arguments, operation, client settings, expected outcome)
    "throttled once": (("throttling",), {}, "CreateJob", {}, Outcome(None, 2)),
    "throttled always": (("throttling", 5), {}, "UpdateJob", {}, Outcome(ThrottlingError, 3)),
    "5xx on update": (("server_error",), {}, "UpdateJob", {}, Outcome(None, 2)),
    "5xx on create": (("server_error",), {}, "CreateJob", {}, Outcome(ServerError, 1)),
    "success false": (
        ("success_false",),
        {"code": "InvalidComponent.NotFound"},
        "UpdateJob",
        {},
        Outcome(BadRequestError, 1),
    ),
    "success false, retryable": (
        ("success_false",),
        {"code": "System.Upgrading"},
        "CreateJob",
        {},
        Outcome(None, 2),
    ),
    "slow update": (
        ("slow", 3),
        {"delay": 0.5},
        "UpdateJob",
        {"timeout": SLOW},
        Outcome(APITimeoutError, 3),
    ),
    "slow create": (
        ("slow",),
        {"delay": 0.5},
        "CreateJob",
        {"timeout": SLOW},
        Outcome(APITimeoutError, 1),
    ),
    "slow within the timeout": (("slow",), {"delay": 0.1}, "UpdateJob", {}, Outcome(None, 1)),
    "dropped update": (("drop",), {}, "UpdateJob", {}, Outcome(None, 2)),
    "dropped create": (("drop",), {}, "CreateJob", {}, Outcome(APIConnectionError, 1)),
}


@pytest.mark.parametrize("use_async", [False, True], ids=["sync", "async"])
@pytest.mark.parametrize("case", FAULTS)
def test_each_fault_gives_the_client_error_and_attempts(
    server: FakeServer, case: str, use_async: bool
) -> None:
    args, kwargs, operation, client_kwargs, expected = FAULTS[case]
    server.add_resource({}, "app-1")
    server.fail_next(*args, **kwargs)
    assert _call(server, use_async, operation, **client_kwargs) == expected
    faulted = [r for r in server.requests if r.fault is not None]
    assert faulted and all(r.fault == args[0] for r in faulted)


def test_fault_answers_carry_the_documented_code_status_and_retry_after(server: FakeServer) -> None:
    server.fail_next("throttling", retry_after=0.25)
    server.fail_next("server_error", status=500, code="InternalError")
    server.fail_next("success_false", code="InvalidComponent.NotFound", message="no such JDK")
    first, second, third = (_send(server, _signed(server, [("AppId", "x")])) for _ in range(3))
    throttling = ErrorCode(SERVICE.fake["throttling_error"])
    assert (first[0], first[2]["Code"]) == (throttling.http_status, throttling.value)
    assert first[1][SERVICE.retry_after_header] == "250"  # milliseconds, as the service sends
    assert (second[0], second[2]["Code"]) == (500, "InternalError")
    assert third[0] == 200 and third[2]["Success"] is False and third[2]["Message"] == "no such JDK"
    assert third[2]["ErrorCode"] == "InvalidComponent.NotFound" and third[2]["Code"] == "400"


def test_faults_can_target_one_operation_and_last_until_cleared(server: FakeServer) -> None:
    server.add_resource({}, "app-1")
    server.fail_next("server_error", None, operation="CreateJob")
    assert _call(server, False, "UpdateJob") == Outcome(None, 1), "other operations are untouched"
    assert _call(server, False, "CreateJob", retry_non_idempotent=True) == Outcome(ServerError, 3)
    server.clear_faults()
    assert _call(server, False, "CreateJob") == Outcome(None, 1)


def test_a_slow_answer_is_still_performed_like_on_the_real_service(server: FakeServer) -> None:
    server.fail_next("slow", delay=0.6)
    assert _call(server, False, "CreateJob", timeout=SLOW) == Outcome(APITimeoutError, 1)
    assert len(server.resources) == 1, "the job exists although the client gave up waiting"


def test_fail_next_rejects_what_it_cannot_do(server: FakeServer) -> None:
    for kind, kwargs in [
        ("flood", {}),
        ("throttling", {"operation": "NoSuchOperation"}),
        ("success_false", {}),
        ("drop", {"times": 0}),
    ]:
        with pytest.raises(ValueError):
            server.fail_next(kind, **kwargs)  # type: ignore[arg-type]


# --- records and secrets -----------------------------------------------------------------


def test_requests_are_recorded_with_secrets_redacted() -> None:
    with FakeServer(security_token="STS-TOKEN-VALUE") as server:
        with server.client() as client:
            app_id = client.create_job(**rich_create_job())["Data"]["AppId"]
            client.update_job(app_id=app_id, oss_ak_secret="ANOTHER-OSS-SECRET")
        with (
            server.client(access_key_secret="WRONG-SECRET-VALUE") as client,
            pytest.raises(BadRequestError),
        ):
            client.update_job(app_id=app_id, oss_ak_secret="THIRD-OSS-SECRET")
        created, updated, refused = server.requests
        shown = [repr(server), str(server), repr(server.requests), repr(server.resources)]
    assert (created.operation, created.status, created.code) == ("CreateJob", 200, None)
    assert created.params["app_description"] == rich_create_job()["app_description"], "decoded"
    assert created.params["oss_ak_secret"] == updated.params["oss_ak_secret"] == "<redacted>"
    assert (
        created.headers["authorization"]
        == created.headers[SERVICE.security_token_header]
        == "<redacted>"
    )
    assert created.headers[SERVICE.action_header] == "CreateJob"
    assert (refused.status, refused.code) == (400, SERVICE.fake["signature_error"])
    for secret in (
        OSS_SECRET,
        "ANOTHER-OSS-SECRET",
        "THIRD-OSS-SECRET",
        "STS-TOKEN-VALUE",
        ACCESS_KEY_SECRET,
        "WRONG-SECRET-VALUE",
    ):
        assert not any(secret in text for text in shown), secret


def test_server_lifecycle(server: FakeServer) -> None:
    assert server.endpoint == f"http://127.0.0.1:{server.port}" and "endpoint=" in repr(server)
    with server.client() as client:
        for _ in range(5):
            with pytest.raises(NotFoundError):
                client.update_job(app_id="x")
    assert server.connections == 1, "the client kept its one connection alive"
    server.stop()
    server.stop()  # idempotent
    assert "stopped" in repr(server)
    with pytest.raises(RuntimeError):
        _ = server.endpoint


def test_the_pytest_fixture_gives_a_running_server(fake_server: FakeServer) -> None:
    with fake_server.client() as client:
        job = client.create_job(**JOB)
    assert fake_server.get(job["Data"]["AppId"])["app_name"] == "demo"


def test_a_package_whose_spec_has_no_fake_section_refuses_clearly(
    fixture_output: Callable[[str], Path],
) -> None:
    code = (
        "import edge_pkg.testing as t\n"
        "try:\n    t.FakeServer()\nexcept RuntimeError as e:\n    print(e)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(fixture_output("edge_cases"))}
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "no fake server" in result.stdout and "signature_error" in result.stdout


# --- the benchmark script, as CI can afford it ---------------------------------------------


def test_the_fake_server_benchmark_runs_without_errors() -> None:
    env = {**os.environ, "PYTHONPATH": str(GENERATED)}
    result = subprocess.run(
        [sys.executable, "-m", "bench.fake_server", "--requests", "50"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r"^errors\s+0$", result.stdout, re.MULTILINE) and "requests/s" in result.stdout
