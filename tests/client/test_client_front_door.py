"""Issue 16.3: a typed front door. Constructors name every option, methods list every
documented parameter (inspect and mypy see them), and the extra-parameters escape hatch
(issue 13) sends what the spec does not know yet, signed and where the caller puts it."""

from __future__ import annotations

import asyncio
import inspect
import json
from pathlib import Path

import pytest
import sae_jobs
from sae_jobs import NOT_GIVEN, AsyncSaeJobsClient, SaeJobsClient
from sae_jobs._service import SERVICE

from tests.helpers import ROOT, mypy_snippet
from tests.recording_server import KEY_ID, SECRET, recording_server

CALL_OPTIONS = ["options", "extra_query", "extra_body", "extra_headers"]


def test_mypy_catches_misspelt_options_and_parameters(tmp_path: Path) -> None:
    good = mypy_snippet(
        """
        from sae_jobs import CLEAR, SaeJobsClient, Timeouts
        client = SaeJobsClient(region="cn-hangzhou", max_retries=3, timeout=Timeouts(1, 2), total_timeout=9.0)
        client.update_job(app_id="a", nas_id=CLEAR, extra_query={"EnableImageAccl": True})
        raw = client.with_raw_response.update_job(app_id="a")
        status: int = raw.status_code
        """,
        tmp_path,
    )
    assert good.returncode == 0, good.stdout
    bad = mypy_snippet(
        """
        from sae_jobs import CLEAR, SaeJobsClient
        client = SaeJobsClient(regoin="cn-hangzhou", max_retires=3)
        client.create_job(app_name="x", package_type="Image", replicas="2", workload="job")
        client.update_job(app_id="a", command=CLEAR)
        client.create_job(app_name="x", package_type="Image", replicas=1, app_nmae="y")
        client.with_raw_response.update_job(ap_id="a")
        """,
        tmp_path,
    )
    out = bad.stdout
    assert bad.returncode == 1
    for fragment in (
        '"regoin"',
        '"max_retires"',
        '"replicas"',
        '"command"',
        '"app_nmae"',
        '"ap_id"',
    ):
        assert fragment in out, (fragment, out)


@pytest.mark.parametrize("cls", [SaeJobsClient, AsyncSaeJobsClient])
def test_every_documented_parameter_is_in_the_signature(cls: type) -> None:
    client = cls(region="cn-hangzhou", access_key_id="i", access_key_secret="s")
    for op in SERVICE.operations.values():
        name = _python_name(op.name)
        for method in (getattr(client, name), getattr(client.with_raw_response, name)):
            parameters = inspect.signature(method).parameters
            documented = [p.python_name for p in op.table.params]
            assert list(parameters) == documented + CALL_OPTIONS
            for param in op.table.params:
                p = parameters[param.python_name]
                assert p.kind is inspect.Parameter.KEYWORD_ONLY
                assert (p.default is inspect.Parameter.empty) == param.required, param.python_name
                assert p.default is inspect.Parameter.empty or p.default is NOT_GIVEN
            doc = inspect.getdoc(method) or ""
            assert "Args:" in doc and all(f"\n    {n}: " in doc for n in documented + CALL_OPTIONS)


def _python_name(action: str) -> str:
    return "".join("_" + c.lower() if c.isupper() else c for c in action).lstrip("_")


def test_the_constructor_names_every_option() -> None:
    parameters = inspect.signature(SaeJobsClient).parameters
    assert "kwargs" not in parameters
    assert {
        "region",
        "endpoint",
        "timeout",
        "total_timeout",
        "max_retries",
        "max_response_bytes",
        "headers",
        "access_key_id",
        "credentials_provider",
    } <= set(parameters)
    with pytest.raises(TypeError):
        SaeJobsClient(regoin="cn-hangzhou")  # type: ignore[call-arg]


def test_omitted_parameters_stay_unsent_and_not_given_is_not_a_value() -> None:
    with (
        recording_server() as server,
        SaeJobsClient(
            endpoint=server.endpoint,
            allow_http=True,
            access_key_id=KEY_ID,
            access_key_secret=SECRET,
        ) as client,
    ):
        client.update_job(app_id="a", replicas=NOT_GIVEN)
    assert server.requests[0].query == {"AppId": "a"}
    assert repr(NOT_GIVEN) == "NOT_GIVEN" and not NOT_GIVEN and type(NOT_GIVEN)() is NOT_GIVEN


def test_docstring_examples_end_in_one_full_stop() -> None:
    text = (ROOT / "generated" / "sae_jobs" / "params.py").read_text() + inspect.getdoc(
        SaeJobsClient.create_job
    )
    assert "description.." not in text and "example: This is a test description." in text


def _extras_call(send_async: bool, endpoint: str) -> None:
    kwargs = {
        "app_name": "demo",
        "package_type": "Image",
        "image_url": "registry/x:1",
        "replicas": 1,
        "workload": "job",
        "extra_query": {"EnableImageAccl": True, "BestEffortType": "spot-only"},
        "extra_body": {"NasConfigs": [{"nasId": "n-1", "mountPath": "/mnt"}]},
        "extra_headers": {"X-Acs-Extra": "1"},
    }
    common = {
        "endpoint": endpoint,
        "allow_http": True,
        "access_key_id": KEY_ID,
        "access_key_secret": SECRET,
    }
    if send_async:

        async def run() -> None:
            async with AsyncSaeJobsClient(**common) as client:  # type: ignore[arg-type]
                await client.with_raw_response.create_job(**kwargs)  # type: ignore[arg-type]

        asyncio.run(run())
    else:
        with SaeJobsClient(**common) as client:  # type: ignore[arg-type]
            client.create_job(**kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize("send_async", [False, True], ids=["sync", "async"])
def test_extra_parameters_are_sent_where_placed_and_signed(send_async: bool) -> None:
    """CreateJob gained EnableImageAccl, BestEffortType and NasConfigs on 2025-09-08."""
    with recording_server() as server:
        _extras_call(send_async, server.endpoint)
    recorded = server.requests[0]
    assert recorded.signature_ok and recorded.content_hash_ok
    assert (
        recorded.query["EnableImageAccl"] == "True"
        and recorded.query["BestEffortType"] == "spot-only"
    )
    assert json.loads(recorded.body["NasConfigs"]) == [{"nasId": "n-1", "mountPath": "/mnt"}]
    assert (
        recorded.headers["x-acs-extra"] == "1"
        and "x-acs-extra" in recorded.headers["authorization"]
    )


def test_an_extra_parameter_may_not_shadow_a_documented_one() -> None:
    with (
        recording_server() as server,
        SaeJobsClient(
            endpoint=server.endpoint,
            allow_http=True,
            access_key_id=KEY_ID,
            access_key_secret=SECRET,
        ) as client,
    ):
        with pytest.raises(ValueError, match="documented parameter"):
            client.update_job(app_id="a", extra_query={"Replicas": 3})
    assert server.requests == []


def test_the_package_exports_the_sentinel() -> None:
    assert sae_jobs.NOT_GIVEN is NOT_GIVEN and "NotGiven" in sae_jobs.__all__
