"""Failures a program can handle: each fault asserts the exception type and the attempts."""

from __future__ import annotations

import asyncio
import pickle
import time
from typing import Any

import pytest
from sae_jobs import (
    APIConnectionError,
    APIError,
    APITimeoutError,
    AsyncSaeJobsClient,
    BadRequestError,
    ErrorCode,
    NotFoundError,
    RetryPolicy,
    SaeJobsClient,
    SaeJobsError,
    ServerError,
    ThrottlingError,
    Timeouts,
)

from tests.recording_server import KEY_ID, SECRET, Reply, ok_body, recording_server, refused_port

FAST = RetryPolicy(max_retries=2, initial_backoff=0.01, max_backoff=0.05)
JOB = {
    "app_name": "demo",
    "package_type": "Image",
    "image_url": "registry/x:1",
    "replicas": 1,
    "workload": "job",
}


def _client(endpoint: str, **kwargs: Any) -> SaeJobsClient:
    kwargs.setdefault("retry_policy", FAST)
    return SaeJobsClient(
        endpoint=endpoint, allow_http=True, access_key_id=KEY_ID, access_key_secret=SECRET, **kwargs
    )


def _error(status: int, code: str, message: str = "m") -> Reply:
    return Reply(
        status, {"RequestId": "req-err", "Code": code, "Message": message, "Success": False}
    )


def test_503_then_200_is_retried_for_an_idempotent_call() -> None:
    with (
        recording_server(_error(503, "ServiceUnavailable"), Reply()) as server,
        _client(server.endpoint) as client,
    ):
        response = client.with_raw_response.update_job(app_id="a")
    assert response.attempts == 2 and len(server.requests) == 2
    nonces = {r.headers["x-acs-signature-nonce"] for r in server.requests}
    assert len(nonces) == 2, "every attempt is signed afresh"


def test_503_is_not_retried_for_create_job_unless_the_caller_opts_in() -> None:
    with (
        recording_server(_error(503, "ServiceUnavailable"), Reply()) as server,
        _client(server.endpoint) as client,
    ):
        with pytest.raises(ServerError) as info:
            client.create_job(**JOB)
        assert info.value.attempts == 1 and len(server.requests) == 1
        result = client.create_job(**JOB, options={"retry_non_idempotent": True})
    assert result["Success"] is True


def test_throttling_is_retried_even_for_create_job_and_honours_retry_after() -> None:
    throttled = _error(400, "Throttling.User", "Request was denied due to user flow control.")
    throttled.headers = {"x-acs-retry-after": "300"}  # milliseconds
    with recording_server(throttled, Reply()) as server, _client(server.endpoint) as client:
        start = time.monotonic()
        response = client.with_raw_response.create_job(**JOB)
        elapsed = time.monotonic() - start
    assert response.attempts == 2 and elapsed >= 0.3


def test_throttling_that_persists_raises_throttling_error_after_bounded_attempts() -> None:
    replies = [_error(400, "Throttling.User") for _ in range(5)]
    with recording_server(*replies) as server, _client(server.endpoint) as client:
        with pytest.raises(ThrottlingError) as info:
            client.update_job(app_id="a")
    assert info.value.attempts == 3 and len(server.requests) == 3
    assert info.value.code is ErrorCode.THROTTLING_USER and info.value.status_code == 400


def test_502_with_an_html_body_keeps_its_status() -> None:
    html = Reply(502, b"<html><body>Bad Gateway</body></html>")
    with (
        recording_server(html) as server,
        _client(server.endpoint, max_retries=0, retry_policy=None) as client,
    ):
        with pytest.raises(ServerError) as info:
            client.update_job(app_id="a")
    assert (
        info.value.status_code == 502
        and "Bad Gateway" in info.value.message
        and info.value.code is None
    )


def test_http_200_with_success_false_raises_the_documented_error() -> None:
    body = {
        "RequestId": "r9",
        "Code": "400",
        "ErrorCode": "InvalidInstanceSpecification.Unsupported",
        "Message": "The instance specification is not supported: CPU [3], memory [5].",
        "Success": False,
    }
    with recording_server(Reply(200, body)) as server, _client(server.endpoint) as client:
        with pytest.raises(BadRequestError) as info:
            client.update_job(app_id="a")
    error = info.value
    assert error.code is ErrorCode.INVALID_INSTANCE_SPECIFICATION_UNSUPPORTED
    # The body's Code is the status the service meant (HTTP says 200).
    assert error.status_code == 400 and error.request_id == "r9" and error.body["Success"] is False


def test_unknown_error_codes_keep_the_raw_string_and_not_found_is_typed() -> None:
    with recording_server(
        _error(400, "Brand.New.Code"), _error(400, "InvalidApplication.NotFound")
    ) as server:
        client = _client(server.endpoint)
        with pytest.raises(BadRequestError) as unknown:
            client.update_job(app_id="a")
        with pytest.raises(NotFoundError):
            client.update_job(app_id="a")
    assert unknown.value.code == "Brand.New.Code" and not isinstance(unknown.value.code, ErrorCode)


def test_retryable_try_again_later_codes_are_retried() -> None:
    with (
        recording_server(_error(400, "System.Upgrading"), Reply()) as server,
        _client(server.endpoint) as client,
    ):
        assert client.with_raw_response.create_job(**JOB).attempts == 2
    assert (
        ErrorCode.SYSTEM_UPGRADING.retryable and not ErrorCode.INVALID_PARAMETER_NOT_EMPTY.retryable
    )


def test_a_server_slower_than_the_read_timeout() -> None:
    with recording_server(Reply(delay=1.0), Reply(delay=1.0), Reply(delay=1.0)) as server:
        client = _client(server.endpoint, timeout=Timeouts(connect=1.0, read=0.2))
        with pytest.raises(APITimeoutError) as info:
            client.update_job(app_id="a")
    assert info.value.sent and info.value.attempts == 3


def test_create_job_after_a_read_timeout_is_not_repeated() -> None:
    with recording_server(Reply(delay=1.0), Reply()) as server:
        client = _client(server.endpoint, timeout=Timeouts(connect=1.0, read=0.2))
        with pytest.raises(APITimeoutError) as info:
            client.create_job(**JOB)
        time.sleep(1.0)
    assert info.value.attempts == 1 and len(server.requests) == 1


def test_connection_refused_is_retried_then_raised() -> None:
    client = _client(f"http://127.0.0.1:{refused_port()}")
    with pytest.raises(APIConnectionError) as info:
        client.create_job(**JOB)
    assert (
        not info.value.sent
        and info.value.attempts == 3
        and not isinstance(info.value, APITimeoutError)
    )


def test_a_dropped_connection_on_a_non_idempotent_call_is_not_repeated() -> None:
    with recording_server(Reply(drop=True), Reply()) as server, _client(server.endpoint) as client:
        with pytest.raises(APIConnectionError) as info:
            client.create_job(**JOB)
    assert info.value.sent and info.value.attempts == 1 and len(server.requests) == 1


def test_async_client_retries_and_raises_the_same_way() -> None:
    async def run(endpoint: str) -> tuple[int, type[BaseException]]:
        async with AsyncSaeJobsClient(
            endpoint=endpoint,
            allow_http=True,
            access_key_id=KEY_ID,
            access_key_secret=SECRET,
            retry_policy=FAST,
        ) as client:
            ok = await client.with_raw_response.update_job(app_id="a")
            try:
                await client.create_job(**JOB)
            except SaeJobsError as exc:
                return ok.attempts, type(exc)
        raise AssertionError("no error")

    with recording_server(
        _error(503, "ServiceUnavailable"), Reply(), _error(503, "ServiceUnavailable")
    ) as server:
        attempts, error_type = asyncio.run(run(server.endpoint))
    assert attempts == 2 and error_type is ServerError and len(server.requests) == 3


def test_exceptions_pickle_with_type_and_fields() -> None:
    with (
        recording_server(_error(400, "InvalidParameter.NotEmpty")) as server,
        _client(server.endpoint) as client,
    ):
        with pytest.raises(APIError) as info:
            client.update_job(app_id="a")
    copy = pickle.loads(pickle.dumps(info.value))
    assert type(copy) is type(info.value) and copy.code is ErrorCode.INVALID_PARAMETER_NOT_EMPTY
    assert (copy.status_code, copy.request_id, copy.attempts, str(copy)) == (
        400,
        "req-err",
        1,
        str(info.value),
    )
    conn = pickle.loads(pickle.dumps(APITimeoutError("slow", sent=True, attempts=2)))
    assert isinstance(conn, APITimeoutError) and conn.sent and conn.attempts == 2


def test_ok_body_round_trips_unknown_fields_and_code_forms() -> None:
    body = {**ok_body(), "Code": 200, "ErrorCode": "Null\n", "NewField": {"x": 1}}
    with recording_server(Reply(200, body)) as server, _client(server.endpoint) as client:
        result = client.update_job(app_id="a")
    assert result["Code"] == 200 and result["ErrorCode"] is None


def test_an_idle_connection_the_server_closed_is_replaced_not_failed() -> None:
    with (
        recording_server(Reply(close_after=True), Reply()) as server,
        _client(server.endpoint) as client,
    ):
        client.update_job(app_id="a")
        time.sleep(0.2)  # the server has closed the idle keep-alive connection by now
        response = client.with_raw_response.create_job(**JOB)
    assert response.attempts == 1 and len(server.requests) == 2
