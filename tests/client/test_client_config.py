"""Client construction: endpoints, credentials (resolved at build time, before any I/O),
secrets kept out of repr, str, logs and exceptions, and opt-in logging."""

from __future__ import annotations

import logging
import pickle
import subprocess
import sys
from typing import Any

import pytest
from sae_jobs import Credentials, CredentialsError, SaeJobsClient, ValidationError

from tests.helpers import GENERATED
from tests.recording_server import KEY_ID, SECRET, recording_server

ENV = (
    "ALIBABA_CLOUD_ACCESS_KEY_ID",
    "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
    "ALIBABA_CLOUD_SECURITY_TOKEN",
)


@pytest.fixture(autouse=True)
def _no_env_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ENV:
        monkeypatch.delenv(name, raising=False)


def test_region_and_network_pick_the_documented_endpoint() -> None:
    assert (
        SaeJobsClient(region="cn-hangzhou", access_key_id="a", access_key_secret="b").endpoint
        == "https://sae.cn-hangzhou.aliyuncs.com"
    )
    vpc = SaeJobsClient(
        region="cn-beijing", network="vpc", access_key_id="a", access_key_secret="b"
    )
    assert vpc.endpoint == "https://sae-vpc.cn-beijing.aliyuncs.com"
    assert (
        SaeJobsClient(
            endpoint="sae.example.test", access_key_id="a", access_key_secret="b"
        ).endpoint
        == "https://sae.example.test"
    )


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({}, "give region"),
        ({"region": "x", "network": "internet"}, "network must be one of public, vpc"),
        ({"endpoint": "http://127.0.0.1:9"}, "allow_http=True"),
        ({"endpoint": "ftp://host"}, r"not a host or an http\(s\) URL"),
    ],
)
def test_bad_endpoint_settings_fail_before_any_io(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        SaeJobsClient(access_key_id="a", access_key_secret="b", **kwargs)


def test_credentials_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", KEY_ID)
    monkeypatch.setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", SECRET)
    monkeypatch.setenv("ALIBABA_CLOUD_SECURITY_TOKEN", "ENV-TOKEN")
    with recording_server() as server:
        SaeJobsClient(endpoint=server.endpoint, allow_http=True).update_job(app_id="a")
    recorded = server.requests[0]
    assert recorded.signature_ok and recorded.headers["x-acs-security-token"] == "ENV-TOKEN"


def test_a_provider_is_asked_on_every_request() -> None:
    calls = []

    class Rotating:
        def get_credentials(self) -> Credentials:
            calls.append(1)
            return Credentials(KEY_ID, SECRET, f"token-{len(calls)}")

    with recording_server() as server:
        client = SaeJobsClient(
            endpoint=server.endpoint, allow_http=True, credentials_provider=Rotating()
        )
        client.update_job(app_id="a")
        client.update_job(app_id="a")
    assert [r.headers["x-acs-security-token"] for r in server.requests] == ["token-1", "token-2"]
    assert all(r.signature_ok for r in server.requests)


def test_no_credentials_is_a_clear_error_listing_what_was_tried() -> None:
    with pytest.raises(CredentialsError) as info:
        SaeJobsClient(region="cn-hangzhou")
    text = str(info.value)
    assert "ALIBABA_CLOUD_ACCESS_KEY_ID" in text and "ALIBABA_CLOUD_ACCESS_KEY_SECRET" in text
    assert "access_key_id/access_key_secret arguments" in text and "credentials_provider" in text
    with pytest.raises(CredentialsError, match="together"):
        SaeJobsClient(region="cn-hangzhou", access_key_id="only-id")


def test_secrets_stay_out_of_repr_str_and_pickles() -> None:
    creds = Credentials("id", "THE-SECRET", "THE-TOKEN")
    assert "THE-SECRET" not in repr(creds) and "THE-TOKEN" not in str(creds)
    client = SaeJobsClient(
        region="cn-hangzhou",
        access_key_id="id",
        access_key_secret="THE-SECRET",
        security_token="THE-TOKEN",
    )
    assert "THE-SECRET" not in repr(client) and "THE-TOKEN" not in repr(vars(client))
    with pytest.raises(TypeError):
        pickle.dumps(creds)


def test_secret_parameters_stay_out_of_logs_and_errors(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="sae_jobs")
    with recording_server() as server:
        client = SaeJobsClient(
            endpoint=server.endpoint,
            allow_http=True,
            access_key_id=KEY_ID,
            access_key_secret=SECRET,
            security_token="STS-SECRET-TOKEN",
        )
        client.update_job(app_id="a", oss_ak_secret="OSS SECRET/+&")
        with pytest.raises(ValidationError) as info:
            client.update_job(
                app_id="a", oss_ak_secret=12345, timezone="x", envs="not json OSS SECRET"
            )
    logs = caplog.text
    assert "UpdateJob attempt 1" in logs and "<redacted>" in logs
    for secret in (SECRET, "STS-SECRET-TOKEN", "OSS SECRET", "OSS%20SECRET", "Signature="):
        assert secret not in logs, secret
    assert "12345" not in str(info.value)


def test_logging_is_opt_in_through_an_environment_variable() -> None:
    code = (
        "import sae_jobs, sys\n"
        "from tests.recording_server import recording_server\n"
        "with recording_server() as s:\n"
        "    c = sae_jobs.SaeJobsClient(endpoint=s.endpoint, allow_http=True, access_key_id='id', access_key_secret='SECRET-XYZ')\n"
        "    c.update_job(app_id='a')\n"
    )
    quiet = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=_env(), check=True
    )
    loud = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=_env(SAE_JOBS_LOG="debug"),
        check=True,
    )
    assert quiet.stderr == ""
    assert (
        "UpdateJob attempt 1" in loud.stderr
        and "SECRET-XYZ" not in loud.stderr
        and "authorization': '<redacted>'" in loud.stderr
    )


def _env(**extra: str) -> dict[str, str]:
    import os

    from tests.helpers import ROOT

    return {**os.environ, "PYTHONPATH": f"{GENERATED}{os.pathsep}{ROOT}", **extra}
