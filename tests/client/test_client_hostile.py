"""Issue 13: the client holds under hostile or odd answers. One test per class of input,
through the public interface, for the sync and the async client alike (real servers on
127.0.0.1, tests/recording_server.py)."""

from __future__ import annotations

import asyncio
import gzip
import time
import tracemalloc
import zlib
from collections.abc import Callable
from typing import Any

import pytest
from sae_jobs import (
    APIError,
    APITimeoutError,
    AsyncSaeJobsClient,
    NotFoundError,
    ResponseTooLargeError,
    RetryPolicy,
    SaeJobsClient,
    ServerError,
    ThrottlingError,
    Timeouts,
)
from sae_jobs.testing import FakeServer

from tests.recording_server import KEY_ID, SECRET, Recorded, Reply, ok_body, recording_server

FAST = RetryPolicy(max_retries=2, initial_backoff=0.01, max_backoff=0.05)
Call = Callable[..., Any]


def _settings(client_kwargs: dict[str, Any]) -> dict[str, Any]:
    fast = {} if "max_retries" in client_kwargs else {"retry_policy": FAST}
    return {**fast, **client_kwargs}


def _sync(
    endpoint: str, method: str, client_kwargs: dict[str, Any], call_kwargs: dict[str, Any]
) -> Any:
    with SaeJobsClient(
        endpoint=endpoint,
        allow_http=True,
        access_key_id=KEY_ID,
        access_key_secret=SECRET,
        **_settings(client_kwargs),
    ) as client:
        return getattr(client.with_raw_response, method)(**call_kwargs)


def _async(
    endpoint: str, method: str, client_kwargs: dict[str, Any], call_kwargs: dict[str, Any]
) -> Any:
    async def run() -> Any:
        async with AsyncSaeJobsClient(
            endpoint=endpoint,
            allow_http=True,
            access_key_id=KEY_ID,
            access_key_secret=SECRET,
            **_settings(client_kwargs),
        ) as client:
            return await getattr(client.with_raw_response, method)(**call_kwargs)

    return asyncio.run(run())


both = pytest.mark.parametrize("send", [_sync, _async], ids=["sync", "async"])


def _raises(
    send: Call,
    replies: list[Reply],
    error: type[BaseException] | tuple[type[BaseException], ...],
    client_kwargs: dict[str, Any] | None = None,
    method: str = "update_job",
    **call_kwargs: Any,
) -> tuple[Any, list[Recorded], float]:
    with recording_server(*replies) as server:
        start = time.monotonic()
        with pytest.raises(error) as info:
            send(server.endpoint, method, client_kwargs or {}, call_kwargs or {"app_id": "a"})
        return info.value, server.requests, time.monotonic() - start


def _throttled(retry_after: str | None) -> Reply:
    headers = {} if retry_after is None else {"x-acs-retry-after": retry_after}
    body = {"RequestId": "r", "Code": "Throttling.User", "Message": "m", "Success": False}
    return Reply(400, body, headers)


# --- x-acs-retry-after counts milliseconds -------------------------------------------------


@both
def test_retry_after_is_read_as_milliseconds(send: Call) -> None:
    error, requests, _ = _raises(send, [_throttled("1500")], ThrottlingError, {"max_retries": 0})
    assert error.retry_after == 1.5
    with recording_server(_throttled("300"), Reply()) as server:
        start = time.monotonic()
        response = send(server.endpoint, "update_job", {}, {"app_id": "a"})
        elapsed = time.monotonic() - start
    assert response.attempts == 2 and 0.3 <= elapsed < 3


@pytest.mark.parametrize("value", ["0", "-200", "1.5", "1e3", "soon", ""])
def test_a_retry_after_that_is_not_positive_whole_milliseconds_is_ignored(value: str) -> None:
    error, _, _ = _raises(_sync, [_throttled(value)], ThrottlingError, {"max_retries": 0})
    assert error.retry_after is None


def test_the_fake_server_sends_retry_after_in_milliseconds() -> None:
    with FakeServer() as server, SaeJobsClient(**server.client_kwargs(), max_retries=0) as client:
        server.fail_next("throttling", retry_after=1.5)
        with pytest.raises(ThrottlingError) as info:
            client.update_job(app_id="a")
    assert info.value.retry_after == 1.5


# --- caller headers are merged by name and signed -------------------------------------------


@both
def test_caller_headers_merge_case_insensitively_and_are_signed(send: Call) -> None:
    with recording_server() as server:
        send(
            server.endpoint,
            "update_job",
            {"headers": {"X-Acs-Trace": "client", "X-Team": "a"}},
            {"app_id": "a", "options": {"headers": {"x-acs-trace": "call"}}},
        )
    recorded = server.requests[0]
    signed = recorded.headers["authorization"].split("SignedHeaders=")[1].split(",")[0].split(";")
    assert (
        recorded.signature_ok
        and recorded.headers["x-acs-trace"] == "call"
        and recorded.headers["x-team"] == "a"
    )
    assert {"x-acs-trace", "x-team", "user-agent", "accept"} <= set(signed)


@pytest.mark.parametrize(
    "name", ["Content-Type", "x-acs-action", "X-ACS-Date", "Authorization", "host"]
)
def test_headers_the_client_signs_with_cannot_be_replaced(name: str) -> None:
    with pytest.raises(ValueError, match="set by the client"):
        SaeJobsClient(
            region="cn-hangzhou", access_key_id="i", access_key_secret="s", headers={name: "x"}
        )
    with (
        recording_server() as server,
        SaeJobsClient(
            endpoint=server.endpoint,
            allow_http=True,
            access_key_id=KEY_ID,
            access_key_secret=SECRET,
        ) as client,
    ):
        with pytest.raises(ValueError, match="set by the client"):
            client.update_job(app_id="a", options={"headers": {name: "x"}})
    assert server.requests == []


# --- every attempt has a deadline; the whole call may have one ------------------------------


@both
def test_a_server_dripping_its_answer_cannot_outlast_the_timeout(send: Call) -> None:
    # 200 bytes, one every 0.1 s: 20 s of answer, each read well inside the read timeout.
    body = b'{"Padding": "' + b"x" * 180 + b'"}'
    _, requests, elapsed = _raises(
        send, [Reply(200, body, drip=0.1)], APITimeoutError, {"timeout": 1.0, "max_retries": 0}
    )
    assert elapsed < 2.5 and len(requests) == 1


@both
def test_total_timeout_bounds_the_call_across_retries(send: Call) -> None:
    # Throttled again and again, 0.4 s apart: five retries would take 2 s and more. The
    # last attempt may run out of time itself (APITimeoutError) on a loaded machine.
    late_or_throttled = (ThrottlingError, APITimeoutError)
    error, requests, elapsed = _raises(
        send,
        [_throttled("400") for _ in range(6)],
        late_or_throttled,
        {"retry_policy": RetryPolicy(max_retries=5), "total_timeout": 1.0},
    )
    assert elapsed < 1.5 and 2 <= len(requests) <= 3 and error.attempts == len(requests)
    # Per call, too.
    error, requests, elapsed = _raises(
        send,
        [_throttled("400") for _ in range(6)],
        late_or_throttled,
        {"retry_policy": RetryPolicy(max_retries=5)},
        app_id="a",
        options={"total_timeout": 0.5},
    )
    assert elapsed < 1.0 and 1 <= len(requests) <= 2


def test_timeouts_bound_an_attempt_by_connect_plus_read_unless_told() -> None:
    assert Timeouts(2, 3).per_attempt == 5 and Timeouts(2, 3, 4).per_attempt == 4
    assert Timeouts.of(2) == Timeouts(2.0, 2.0, 2.0)


# --- answers are capped in size, compressed or not -----------------------------------------


def _big_json(size: int) -> bytes:
    return b'{"Padding": "' + b"x" * size + b'"}'


@both
@pytest.mark.parametrize("encoding", ["identity", "gzip"])
def test_an_answer_larger_than_max_response_bytes_is_refused(send: Call, encoding: str) -> None:
    data = _big_json(300_000)
    headers = {"content-type": "application/json"}
    if encoding == "gzip":
        data, headers["content-encoding"] = gzip.compress(data), "gzip"
    error, requests, _ = _raises(
        send, [Reply(200, data, headers)], ResponseTooLargeError, {"max_response_bytes": 100_000}
    )
    assert len(requests) == 1, "the same answer would come again: not retried"
    assert "max_response_bytes=100000" in str(error)


def _gzip_bomb(megabytes: int = 64) -> bytes:
    """64 MB of spaces in about 64 KB of gzip, built without holding the 64 MB."""
    squeeze = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = b" " * (1024 * 1024)
    return b"".join([*(squeeze.compress(block) for _ in range(megabytes)), squeeze.flush()])


@both
def test_a_gzip_bomb_is_not_inflated(send: Call) -> None:
    bomb = _gzip_bomb()
    assert len(bomb) < 100_000
    tracemalloc.start()
    try:
        _raises(send, [Reply(200, bomb, {"content-encoding": "gzip"})], ResponseTooLargeError)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 24 * 1024 * 1024, f"peak {peak / 1e6:.0f} MB"  # the default cap is 8 MiB


@both
def test_a_compressed_answer_within_the_cap_is_read(send: Call) -> None:
    data = gzip.compress(b'{"RequestId": "r", "Success": true, "Data": {"AppId": "z"}}')
    with recording_server(Reply(200, data, {"content-encoding": "gzip"})) as server:
        response = send(server.endpoint, "update_job", {}, {"app_id": "a"})
    assert response.parsed["Data"]["AppId"] == "z"


# --- secrets the server echoes stay out of the exception ------------------------------------


@both
def test_secrets_echoed_by_the_server_are_redacted(send: Call) -> None:
    oss_secret = "OSS SECRET/+&値"
    echo = f"bad OssAkSecret={oss_secret} encoded=OSS%20SECRET%2F%2B%26%E5%80%A4 key={SECRET} token=STS-TOKEN-1"
    body = {
        "RequestId": "r",
        "Code": "InvalidParameter",
        "Message": echo,
        "Success": False,
        "Data": {"Echo": [oss_secret], oss_secret: 1},
    }
    error, _, _ = _raises(
        send,
        [Reply(400, body)],
        APIError,
        {"security_token": "STS-TOKEN-1"},
        app_id="a",
        oss_ak_secret=oss_secret,
    )
    shown = " ".join([str(error), repr(error), error.message, repr(error.body), repr(error.args)])
    for secret in (oss_secret, "OSS%20SECRET", SECRET, "STS-TOKEN-1"):
        assert secret not in shown, secret
    assert "<redacted>" in error.message and error.body["Data"]["Echo"] == ["<redacted>"]


@both
def test_secrets_echoed_in_a_non_json_answer_are_redacted(send: Call) -> None:
    error, _, _ = _raises(
        send, [Reply(502, f"<html>upstream saw {SECRET}</html>")], ServerError, {"max_retries": 0}
    )
    assert SECRET not in str(error) and "<redacted>" in str(error)


# --- HTTP 200 with Success false takes its status from the body -----------------------------


@both
@pytest.mark.parametrize(
    ("code", "status", "error_type"),
    [
        ("404", 404, NotFoundError),
        (500, 500, ServerError),
        ("429", 429, ThrottlingError),
        (None, 200, APIError),
    ],
)
def test_success_false_with_an_unknown_code_takes_the_body_status(
    send: Call, code: Any, status: int, error_type: type[APIError]
) -> None:
    body = {
        "RequestId": "r",
        "Code": code,
        "ErrorCode": "Not.Documented.Yet",
        "Message": "m",
        "Success": False,
    }
    error, _, _ = _raises(send, [Reply(200, body)], APIError, {"max_retries": 0})
    assert (
        type(error) is error_type
        and error.status_code == status
        and error.code == "Not.Documented.Yet"
    )


def test_an_ok_answer_is_untouched() -> None:
    with recording_server(Reply(200, ok_body("k"))) as server:
        assert (
            _sync(server.endpoint, "update_job", {}, {"app_id": "a"}).parsed["Data"]["AppId"] == "k"
        )
