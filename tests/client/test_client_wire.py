"""The client puts exactly the right bytes on the wire: checked against a real server on
127.0.0.1 and against the official SDK, whose own signing code recomputes every signature."""

from __future__ import annotations

import asyncio
import inspect
import json
from typing import Any

import pytest
import sae_jobs
from sae_jobs import CLEAR, AsyncSaeJobsClient, SaeJobsClient

from tests.payloads import TRICKY, rich_create_job
from tests.recording_server import KEY_ID, SECRET, recording_server

BODY_PARAMS = {
    "AcrInstanceId",
    "ConfigMapMountDesc",
    "EnableImageAccl",
    "OssAkId",
    "OssAkSecret",
    "OssMountDescs",
    "PhpConfig",
    "Php",
}


def _client(endpoint: str, **kwargs: Any) -> SaeJobsClient:
    return SaeJobsClient(
        endpoint=endpoint, allow_http=True, access_key_id=KEY_ID, access_key_secret=SECRET, **kwargs
    )


def _async_client(endpoint: str, **kwargs: Any) -> AsyncSaeJobsClient:
    return AsyncSaeJobsClient(
        endpoint=endpoint, allow_http=True, access_key_id=KEY_ID, access_key_secret=SECRET, **kwargs
    )


def _assert_rich_request_on_wire(recorded: Any) -> None:
    assert recorded.signature_ok, recorded.headers["authorization"]
    assert recorded.content_hash_ok
    assert recorded.method == "POST" and recorded.path == "/pop/v1/sam/job/createJob"
    q, b = recorded.query, recorded.body
    assert set(b) == {"ConfigMapMountDesc", "OssAkId", "OssAkSecret", "OssMountDescs"}
    assert not (set(q) & BODY_PARAMS)
    assert q["AppDescription"] == TRICKY
    assert json.loads(q["CommandArgs"]) == ["-jar", "/app/demo.jar", TRICKY]
    assert (
        q["Envs"]
        == '[{"name":"MODE","value":"prod"},{"name":"FROM_MAP","valueFrom":"configMapRef","configMapId":16,"key":"mode"}]'
    )
    assert q["AutoConfig"] == "False" and q["Slice"] == "True" and q["Cpu"] == "1000"
    assert b["OssAkSecret"] == "OSS-SECRET-VALUE"
    assert recorded.headers["content-type"] == "application/x-www-form-urlencoded"
    signed = recorded.headers["authorization"].split("SignedHeaders=")[1].split(",")[0].split(";")
    assert {
        "host",
        "x-acs-action",
        "x-acs-version",
        "x-acs-date",
        "x-acs-signature-nonce",
        "x-acs-content-sha256",
        "content-type",
    } <= set(signed)
    assert (
        recorded.headers["x-acs-action"] == "CreateJob"
        and recorded.headers["x-acs-version"] == "2019-05-06"
    )


def test_sync_client_sends_a_rich_create_job_correctly_signed() -> None:
    with recording_server() as server, _client(server.endpoint) as client:
        result = client.create_job(**rich_create_job())
    assert (
        result["Data"]["AppId"] == "app-1" and result["Code"] == 200 and result["ErrorCode"] is None
    )
    _assert_rich_request_on_wire(server.requests[0])


def test_async_client_sends_the_same_request() -> None:
    async def call(endpoint: str) -> Any:
        async with _async_client(endpoint) as client:
            return await client.create_job(**rich_create_job())

    with recording_server() as server:
        result = asyncio.run(call(server.endpoint))
    assert result["Data"]["ChangeOrderId"] == "co-1"
    _assert_rich_request_on_wire(server.requests[0])


@pytest.mark.parametrize(
    "value", ["", " ", "+&/?#*~'\"%", "中文 ✓ e\u0301", "a=b&c=d", "%2F%20", "\t\n"]
)
def test_any_text_is_encoded_and_signed(value: str) -> None:
    with recording_server() as server, _client(server.endpoint, validate=False) as client:
        client.update_job(app_id="app-1", jar_start_args=value, php_config=value, mount_host=CLEAR)
    recorded = server.requests[0]
    assert recorded.signature_ok and recorded.content_hash_ok
    assert recorded.query["JarStartArgs"] == value and recorded.body["PhpConfig"] == value
    assert recorded.query["MountHost"] == ""


def test_security_token_goes_in_a_signed_header_and_credentials_never_in_url_or_body() -> None:
    with recording_server() as server:
        client = _client(server.endpoint, security_token="STS-TOKEN")
        client.update_job(app_id="app-1", oss_ak_secret="x")
    recorded = server.requests[0]
    assert recorded.headers["x-acs-security-token"] == "STS-TOKEN"
    assert "x-acs-security-token" in recorded.headers["authorization"]
    assert recorded.signature_ok
    wire = recorded.raw_body.decode() + json.dumps(recorded.query)
    assert SECRET not in wire and "STS-TOKEN" not in wire and KEY_ID not in wire


def test_omitted_parameters_are_not_sent_and_clear_sends_empty() -> None:
    with recording_server() as server, _client(server.endpoint) as client:
        client.update_job(app_id="app-1", nas_id=CLEAR, sls_configs=CLEAR, tomcat_config="{}")
    assert server.requests[0].query == {
        "AppId": "app-1",
        "NasId": "",
        "SlsConfigs": "",
        "TomcatConfig": "{}",
    }


def test_raw_json_strings_are_sent_verbatim() -> None:
    raw = '[{"name": "A", "value": "1"}]'
    with recording_server() as server, _client(server.endpoint) as client:
        client.update_job(app_id="app-1", envs=raw)
    assert server.requests[0].query["Envs"] == raw


def test_official_sdk_sends_the_same_decoded_parameters() -> None:
    from alibabacloud_sae20190506.client import Client
    from alibabacloud_sae20190506.models import CreateJobRequest
    from alibabacloud_tea_openapi.models import Config
    from darabonba.runtime import RuntimeOptions

    params = rich_create_job()
    # The SDK takes JSON parameters as strings and calls the shard flag `slice`.
    sdk_params = {
        ("slice" if k == "slice_" else k): (
            v
            if isinstance(v, (str, int, bool))
            else json.dumps(v, ensure_ascii=False, separators=(",", ":"))
        )
        for k, v in params.items()
    }
    with recording_server() as server:
        _client(server.endpoint).create_job(**params)
        config = Config(
            access_key_id=KEY_ID,
            access_key_secret=SECRET,
            endpoint=f"127.0.0.1:{server.port}",
            protocol="http",
        )
        Client(config).create_job_with_options(CreateJobRequest(**sdk_params), {}, RuntimeOptions())
    ours, theirs = server.requests
    assert theirs.signature_ok, "the oracle must accept the SDK's own signature"
    assert ours.query == theirs.query
    assert ours.body == theirs.body


def test_sync_and_async_clients_have_identical_signatures() -> None:
    for cls_pair in ((SaeJobsClient, AsyncSaeJobsClient),):
        sync_cls, async_cls = cls_pair
        names = [
            n for n, f in inspect.getmembers(sync_cls, inspect.isfunction) if not n.startswith("_")
        ]
        assert {
            "create_job",
            "update_job",
            "list_jobs",
            "iter_list_jobs",
            "iter_list_jobs_pages",
        } <= set(names)
        for name in names + ["__init__"]:
            a, b = getattr(sync_cls, name), getattr(async_cls, name)
            if name in ("close",):
                assert inspect.iscoroutinefunction(b)
                continue
            if name.startswith("iter_"):  # iterators: the same parameters, an async iterator
                sig_a, sig_b = inspect.signature(a), inspect.signature(b)
                assert sig_a.parameters == sig_b.parameters, name
                assert sig_b.return_annotation == f"Async{sig_a.return_annotation}", name
                assert not inspect.iscoroutinefunction(b) and not inspect.iscoroutinefunction(
                    a
                ), name
                continue
            assert inspect.signature(a) == inspect.signature(b), name
            if name != "__init__":
                assert inspect.iscoroutinefunction(b) and not inspect.iscoroutinefunction(a), name
    raw_sync = sae_jobs.client._SaeJobsClientRaw
    raw_async = sae_jobs.client._AsyncSaeJobsClientRaw
    for name in ("create_job", "update_job"):
        assert inspect.signature(getattr(raw_sync, name)) == inspect.signature(
            getattr(raw_async, name)
        )


def test_raw_response_gives_status_headers_and_request_id() -> None:
    with recording_server() as server, _client(server.endpoint) as client:
        response = client.with_raw_response.update_job(app_id="app-1")
    assert response.status_code == 200 and response.request_id == "req-1"
    assert response.headers["content-type"] == "application/json" and response.attempts == 1
    assert response.parsed["Success"] is True


def test_the_oracle_rejects_a_request_signed_with_another_secret() -> None:
    with (
        recording_server(secret="not-the-client-secret") as server,
        _client(server.endpoint) as client,
    ):
        client.update_job(app_id="app-1")
    assert not server.requests[0].signature_ok


def _sdk_client(port: int) -> Any:
    from alibabacloud_sae20190506.client import Client
    from alibabacloud_tea_openapi.models import Config

    return Client(
        Config(
            access_key_id=KEY_ID,
            access_key_secret=SECRET,
            endpoint=f"127.0.0.1:{port}",
            protocol="http",
        )
    )


def test_a_get_with_query_parameters_matches_the_official_sdk() -> None:
    from alibabacloud_sae20190506.models import ListJobsRequest
    from darabonba.runtime import RuntimeOptions

    tags = [{"key": "team", "value": TRICKY}]
    with recording_server() as server:
        _client(server.endpoint).list_jobs(
            current_page=2,
            page_size=50,
            app_name=TRICKY,
            tags=tags,
            reverse=True,
            field_type="appName",
            field_value="demo",
            workload="job",
        )
        sdk_tags = json.dumps(tags, ensure_ascii=False, separators=(",", ":"))
        request = ListJobsRequest(
            current_page=2,
            page_size=50,
            app_name=TRICKY,
            tags=sdk_tags,
            reverse=True,
            field_type="appName",
            field_value="demo",
            workload="job",
        )
        _sdk_client(server.port).list_jobs_with_options(request, {}, RuntimeOptions())
    ours, theirs = server.requests
    assert theirs.signature_ok and ours.signature_ok and ours.content_hash_ok
    assert (
        (ours.method, ours.path)
        == (theirs.method, theirs.path)
        == ("GET", "/pop/v1/sam/job/listJobs")
    )
    assert (
        ours.query == theirs.query
        and ours.query["CurrentPage"] == "2"
        and ours.query["Reverse"] == "True"
    )
    assert ours.raw_body == theirs.raw_body == b"" and "content-type" not in ours.headers
    assert ours.headers["x-acs-action"] == theirs.headers["x-acs-action"] == "ListJobs"


def test_a_delete_matches_the_official_sdk() -> None:
    from alibabacloud_sae20190506.models import DeleteJobRequest
    from darabonba.runtime import RuntimeOptions

    with recording_server() as server:
        _client(server.endpoint).delete_job(app_id="app-1")
        _sdk_client(server.port).delete_job_with_options(
            DeleteJobRequest(app_id="app-1"), {}, RuntimeOptions()
        )
    ours, theirs = server.requests
    assert theirs.signature_ok and ours.signature_ok and ours.content_hash_ok
    assert (
        (ours.method, ours.path)
        == (theirs.method, theirs.path)
        == ("DELETE", "/pop/v1/sam/job/deleteJob")
    )
    assert (
        ours.query == theirs.query == {"AppId": "app-1"} and ours.raw_body == theirs.raw_body == b""
    )
