"""The client's own behaviour, run against the generated fake instead of a scripted server.

Where tests/client/test_client_faults.py scripts raw answers, these tests let the fake decide them
from the spec (status, code, message, retry-after) and check what the client makes of them.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from typing import Any

import pytest
from sae_jobs import (
    APIConnectionError,
    APITimeoutError,
    BadRequestError,
    ErrorCode,
    RetryPolicy,
    SaeJobsClient,
    ServerError,
    ThrottlingError,
    Timeouts,
)
from sae_jobs._service import SERVICE
from sae_jobs.testing import FakeServer

FAST = RetryPolicy(max_retries=2, initial_backoff=0.01, max_backoff=0.05)
JOB = {
    "app_name": "demo",
    "package_type": "Image",
    "image_url": "registry/x:1",
    "replicas": 1,
    "workload": "job",
}
SLOW = Timeouts(connect=1.0, read=0.2)


@pytest.fixture
def server() -> Iterator[FakeServer]:
    with FakeServer() as running:
        running.add_resource({"app_name": "demo"}, "app-1")
        yield running


@pytest.fixture
def client(server: FakeServer) -> Iterator[SaeJobsClient]:
    with SaeJobsClient(**server.client_kwargs(), retry_policy=FAST) as built:
        yield built


def test_update_job_is_retried_after_a_5xx_and_every_attempt_is_signed_afresh(
    server: FakeServer, client: SaeJobsClient
) -> None:
    server.fail_next("server_error", operation="UpdateJob")
    response = client.with_raw_response.update_job(app_id="app-1")
    assert response.attempts == 2 and response.parsed["Success"] is True
    first, second = server.requests
    assert (first.status, first.code) == (
        503,
        SERVICE.fake["server_error"],
    ) and second.status == 200
    assert first.headers[SERVICE.nonce_header] != second.headers[SERVICE.nonce_header]


def test_create_job_is_not_retried_after_a_5xx_unless_the_caller_opts_in(
    server: FakeServer, client: SaeJobsClient
) -> None:
    server.fail_next("server_error", 2)
    with pytest.raises(ServerError) as info:
        client.create_job(**JOB)
    assert info.value.attempts == 1 and info.value.code is ErrorCode.SERVICE_UNAVAILABLE
    assert info.value.status_code == 503 and server.resources.keys() == {"app-1"}
    response = client.with_raw_response.create_job(**JOB, options={"retry_non_idempotent": True})
    assert response.attempts == 2 and len(server.resources) == 2


def test_throttling_is_retried_even_for_create_job_and_honours_retry_after(
    server: FakeServer, client: SaeJobsClient
) -> None:
    server.fail_next("throttling", retry_after=0.3)
    start = time.monotonic()
    response = client.with_raw_response.create_job(**JOB)
    assert response.attempts == 2 and time.monotonic() - start >= 0.3


def test_persistent_throttling_raises_after_bounded_attempts(
    server: FakeServer, client: SaeJobsClient
) -> None:
    server.fail_next("throttling", None)
    with pytest.raises(ThrottlingError) as info:
        client.update_job(app_id="app-1")
    assert info.value.attempts == 3 and len(server.requests) == 3
    assert info.value.code is ErrorCode.THROTTLING_USER and info.value.status_code == 400


def test_http_200_with_success_false_raises_the_documented_error(
    server: FakeServer, client: SaeJobsClient
) -> None:
    server.fail_next("success_false", code="InvalidInstanceSpecification.Unsupported")
    with pytest.raises(BadRequestError) as info:
        client.update_job(app_id="app-1")
    error = info.value
    # Status from the body's Code (the documented 400), not the HTTP 200 it came with.
    assert (
        error.code is ErrorCode.INVALID_INSTANCE_SPECIFICATION_UNSUPPORTED
        and error.status_code == 400
    )
    assert error.request_id and error.request_id == error.body["RequestId"]
    # No values to fill in: the documented placeholders stay empty, as the validator leaves them.
    assert (
        error.message
        == ErrorCode.INVALID_INSTANCE_SPECIFICATION_UNSUPPORTED.message_template.replace("%s", "")
    )
    assert error.body["Success"] is False and error.attempts == 1


def test_retryable_try_again_later_answers_are_retried(
    server: FakeServer, client: SaeJobsClient
) -> None:
    server.fail_next("success_false", code="Application.ChangerOrderRunning")
    assert client.with_raw_response.create_job(**JOB).attempts == 2


def test_a_server_slower_than_the_read_timeout_is_retried_for_update_job(
    server: FakeServer,
) -> None:
    server.fail_next("slow", 3, delay=0.6)
    with SaeJobsClient(**server.client_kwargs(), retry_policy=FAST, timeout=SLOW) as client:
        with pytest.raises(APITimeoutError) as info:
            client.update_job(app_id="app-1")
    assert info.value.sent and info.value.attempts == 3


def test_create_job_after_a_read_timeout_is_not_repeated(server: FakeServer) -> None:
    server.fail_next("slow", delay=0.6)
    with SaeJobsClient(**server.client_kwargs(), retry_policy=FAST, timeout=SLOW) as client:
        with pytest.raises(APITimeoutError) as info:
            client.create_job(**JOB)
    assert info.value.attempts == 1 and len(server.requests) == 1


def test_a_dropped_connection_on_a_fresh_connection_is_not_repeated_for_create_job(
    server: FakeServer,
) -> None:
    server.fail_next("drop")
    with SaeJobsClient(**server.client_kwargs(), retry_policy=FAST) as client:
        with pytest.raises(APIConnectionError) as info:
            client.create_job(**JOB)
    assert info.value.sent and info.value.attempts == 1 and len(server.requests) == 1


def test_a_dropped_reused_connection_is_not_silently_repeated_for_create_job(
    server: FakeServer, client: SaeJobsClient
) -> None:
    client.update_job(app_id="app-1")  # leaves a keep-alive connection in the pool
    server.fail_next("drop")
    with pytest.raises(APIConnectionError):
        client.create_job(**JOB)
    assert [r.operation for r in server.requests].count("CreateJob") == 1


def test_the_async_client_retries_and_raises_the_same_way(server: FakeServer) -> None:
    async def run() -> tuple[int, BaseException | None]:
        async with server.async_client(retry_policy=FAST) as client:
            server.fail_next("server_error")
            ok = await client.with_raw_response.update_job(app_id="app-1")
            server.fail_next("server_error")
            try:
                await client.create_job(**JOB)
            except ServerError as exc:
                return ok.attempts, exc
        return ok.attempts, None

    attempts, error = asyncio.run(run())
    assert attempts == 2 and isinstance(error, ServerError) and error.attempts == 1
    assert len(server.requests) == 3


def test_the_code_field_is_normalised_in_either_form() -> None:
    for configured in ("200", 200):
        with FakeServer(success_code=configured) as server, server.client() as client:
            result: Any = client.create_job(**JOB)
        assert result["Code"] == 200 and "ErrorCode" not in result
