"""Responses type-check as users write them: mypy --strict accepts reading Required keys and
iterating typed lists, and rejects a misspelt key or a wrong item type."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import mypy_snippet

GOOD = """
from sae_jobs import SaeJobsClient

def use(client: SaeJobsClient) -> list[str]:
    job = client.describe_job(app_id="a")
    app_id: str = job["Data"]["AppId"]
    resp = client.list_jobs(page_size=20)
    names = [app["AppName"] + app["AppId"] for app in resp["Data"]["Applications"]]
    total: int = resp["Data"]["TotalSize"]
    tags = [tag.get("Key", "") for app in resp["Data"]["Applications"] for tag in app.get("Tags", [])]
    mounts = [m.get("MountPath", "") for m in job["Data"].get("ConfigMapMountDesc", [])]
    hooks: list[str] = job["Data"].get("PublicWebHookUrls", [])
    run: str = client.exec_job(app_id=app_id)["Data"]["Data"]
    state: str = client.describe_job_status(app_id=app_id, job_id=run)["Data"]["State"]
    ids = [app["AppId"] for app in client.iter_list_jobs(namespace_id="ns")]
    pages = [page["Data"]["CurrentPage"] + total for page in client.iter_list_jobs_pages()]
    return names + tags + mounts + hooks + ids + [state] + [str(p) for p in pages]
"""

BAD = """
from sae_jobs import SaeJobsClient

def use(client: SaeJobsClient) -> None:
    resp = client.list_jobs()
    resp["Data"]["Applications"][0]["AppIdd"]
    count: str = resp["Data"]["TotalSize"]
    for app in client.iter_list_jobs():
        app["Nope"]
    client.describe_job(app_id="a")["Data"]["NoSuchKey"]
"""


def test_reading_typed_responses_passes_mypy_strict(tmp_path: Path) -> None:
    result = mypy_snippet(GOOD, tmp_path, name="user.py")
    assert result.returncode == 0, result.stdout


def test_misreading_them_is_a_type_error(tmp_path: Path) -> None:
    result = mypy_snippet(BAD, tmp_path, name="user.py")
    assert result.returncode == 1
    for line in (6, 7, 9, 10):
        assert f"user.py:{line}: error" in result.stdout, result.stdout
