"""The whole job lifecycle, end to end, against the generated fake over real HTTP on
127.0.0.1: create, describe, list (paged, filtered), update, exec, status, suspend, delete,
then the documented not-found answers for the deleted id. Sync and async alike."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from sae_jobs import AsyncSaeJobsClient, ErrorCode, NotFoundError, SaeJobsClient
from sae_jobs.testing import FakeServer

JOB: dict[str, Any] = {
    "package_type": "Image",
    "image_url": "registry/x:1",
    "replicas": 2,
    "workload": "job",
    "cpu": 1000,
    "memory": 2048,
    "namespace_id": "cn-hangzhou:team",
}
NAMES = [f"job-{i:02d}" for i in range(7)]


def _sync_lifecycle(client: SaeJobsClient) -> list[Any]:
    ids = [client.create_job(app_name=name, **JOB)["Data"]["AppId"] for name in NAMES]
    first = ids[0]
    described = client.describe_job(app_id=first)["Data"]
    listed = [job["AppName"] for job in client.iter_list_jobs(page_size=3)]
    pages = [len(page["Data"]["Applications"]) for page in client.iter_list_jobs_pages(page_size=3)]
    by_name = [
        job["AppId"] for job in client.iter_list_jobs(field_type="appName", field_value="job-03")
    ]
    by_ids = [
        job["AppName"]
        for job in client.iter_list_jobs(field_type="appIds", field_value=f"{ids[1]},{ids[2]}")
    ]
    client.update_job(app_id=first, image_url="registry/x:2")
    updated = client.describe_job(app_id=first)["Data"]["ImageUrl"]
    run = client.exec_job(app_id=first)["Data"]["Data"]
    status = client.describe_job_status(app_id=first, job_id=run)["Data"]
    client.suspend_job(app_id=first, suspend=False)
    suspended = client.describe_job(app_id=first)["Data"]["Suspend"]
    client.delete_job(app_id=first)
    errors = []
    for call in (
        lambda: client.describe_job(app_id=first),
        lambda: client.delete_job(app_id=first),
        lambda: client.exec_job(app_id=first),
        lambda: client.describe_job(app_id="never-made"),
    ):
        with pytest.raises(NotFoundError) as caught:
            call()
        errors.append((caught.value.code, caught.value.status_code))
    remaining = [job["AppId"] for job in client.iter_list_jobs()]
    return [
        ids,
        described,
        listed,
        pages,
        by_name,
        by_ids,
        updated,
        run,
        status,
        suspended,
        errors,
        remaining,
    ]


async def _async_lifecycle(client: AsyncSaeJobsClient) -> list[Any]:
    ids = [(await client.create_job(app_name=name, **JOB))["Data"]["AppId"] for name in NAMES]
    first = ids[0]
    described = (await client.describe_job(app_id=first))["Data"]
    listed = [job["AppName"] async for job in client.iter_list_jobs(page_size=3)]
    pages = [
        len(page["Data"]["Applications"]) async for page in client.iter_list_jobs_pages(page_size=3)
    ]
    by_name = [
        job["AppId"]
        async for job in client.iter_list_jobs(field_type="appName", field_value="job-03")
    ]
    by_ids = [
        job["AppName"]
        async for job in client.iter_list_jobs(
            field_type="appIds", field_value=f"{ids[1]},{ids[2]}"
        )
    ]
    await client.update_job(app_id=first, image_url="registry/x:2")
    updated = (await client.describe_job(app_id=first))["Data"]["ImageUrl"]
    run = (await client.exec_job(app_id=first))["Data"]["Data"]
    status = (await client.describe_job_status(app_id=first, job_id=run))["Data"]
    await client.suspend_job(app_id=first, suspend=False)
    suspended = (await client.describe_job(app_id=first))["Data"]["Suspend"]
    await client.delete_job(app_id=first)
    errors = []
    for app_id in (first, first, first, "never-made"):
        call = {
            0: client.describe_job,
            1: client.delete_job,
            2: client.exec_job,
            3: client.describe_job,
        }[len(errors)]
        with pytest.raises(NotFoundError) as caught:
            await call(app_id=app_id)
        errors.append((caught.value.code, caught.value.status_code))
    remaining = [job["AppId"] async for job in client.iter_list_jobs()]
    return [
        ids,
        described,
        listed,
        pages,
        by_name,
        by_ids,
        updated,
        run,
        status,
        suspended,
        errors,
        remaining,
    ]


def _check(result: list[Any], server: FakeServer) -> None:
    (
        ids,
        described,
        listed,
        pages,
        by_name,
        by_ids,
        updated,
        run,
        status,
        suspended,
        errors,
        remaining,
    ) = result
    assert len(set(ids)) == len(NAMES)
    assert described["AppId"] == ids[0] and described["AppName"] == "job-00"
    assert (described["Cpu"], described["Memory"], described["Replicas"]) == (1000, 2048, 2)
    assert listed == NAMES and pages == [3, 3, 1]
    assert by_name == [ids[3]] and by_ids == ["job-01", "job-02"]
    assert updated == "registry/x:2"
    assert status["JobId"] == run and status["State"] == "1"
    assert suspended is False
    assert errors == [(ErrorCode.INVALID_APP_ID_NOT_FOUND, 404)] * 4
    assert remaining == ids[1:] and ids[0] not in server.resources
    list_calls = [r for r in server.requests if r.operation == "ListJobs"]
    assert [r.params.get("current_page") for r in list_calls[:3]] == [
        1,
        2,
        3,
    ], "pages asked for in order"


def test_the_whole_lifecycle_runs_against_the_fake() -> None:
    with FakeServer() as server, server.client() as client:
        _check(_sync_lifecycle(client), server)


def test_the_whole_lifecycle_runs_against_the_fake_async() -> None:
    async def run(server: FakeServer) -> list[Any]:
        async with server.async_client() as client:
            return await _async_lifecycle(client)

    with FakeServer() as server:
        _check(asyncio.run(run(server)), server)


def test_status_of_an_unknown_run_is_not_found_and_state_is_kept_per_fake() -> None:
    with (
        FakeServer() as one,
        FakeServer() as other,
        one.client() as client,
        other.client() as other_client,
    ):
        app_id = client.create_job(app_name="solo", **JOB)["Data"]["AppId"]
        with pytest.raises(NotFoundError):
            client.describe_job_status(app_id=app_id, job_id="no-such-run")
        with pytest.raises(NotFoundError):
            other_client.describe_job(app_id=app_id)  # state lives in one fake instance
        assert list(other_client.iter_list_jobs()) == []
