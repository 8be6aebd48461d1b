"""A consumer vendors the generated package under its own namespace and tests against the kit.

The consumer gets a fresh virtualenv with only the package's declared dependencies (httpx
for the async client, pytest for its tests): nothing from this repository's environment can
make the kit work by accident, and the vendored path proves that no module imports the
package by its own top-level name.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import GENERATED

DEPENDENCIES = ["httpx==0.28.1", "pytest==9.2.0"]

CONFTEST = """\
pytest_plugins = ["vendor.thirdparty.sae_jobs.testing"]
"""

CONSUMER_TESTS = """\
import asyncio

import pytest

from vendor.thirdparty.sae_jobs import RetryPolicy, SaeJobsClient, ThrottlingError
from vendor.thirdparty.sae_jobs.testing import FakeServer

FAST = RetryPolicy(max_retries=1, initial_backoff=0.01, max_backoff=0.02)
JOB = {"app_name": "nightly", "package_type": "Image", "image_url": "registry/n:1", "replicas": 1,
       "workload": "job"}


def test_create_and_update_with_the_fixture(fake_server):
    with SaeJobsClient(**fake_server.client_kwargs()) as client:
        app_id = client.create_job(**JOB)["Data"]["AppId"]
        updated = client.update_job(app_id=app_id, replicas="4")
    assert updated["Success"] is True and updated["Data"]["AppId"] == app_id
    assert fake_server.get(app_id)["replicas"] == "4"
    assert [r.operation for r in fake_server.requests] == ["CreateJob", "UpdateJob"]


def test_scripted_throttling_with_the_context_manager():
    with FakeServer() as server, server.client(retry_policy=FAST) as client:
        server.fail_next("throttling", times=2)
        with pytest.raises(ThrottlingError) as info:
            client.create_job(**JOB)
        assert info.value.attempts == 2
        assert client.create_job(**JOB)["Success"] is True


def test_the_async_client(fake_server):
    async def run():
        async with fake_server.async_client() as client:
            return await client.create_job(**JOB)

    assert asyncio.run(run())["Data"]["AppId"] in fake_server.resources
"""


@pytest.fixture(scope="module")
def consumer_python(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtualenv with the declared dependencies only; skips when they cannot be installed."""
    venv = tmp_path_factory.mktemp("consumer-venv")
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, capture_output=True)
    python = venv / ("Scripts" if os.name == "nt" else "bin") / "python"
    install = subprocess.run(
        [
            str(python),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            *DEPENDENCIES,
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if install.returncode:
        pytest.skip(f"could not install {' '.join(DEPENDENCIES)}: {install.stderr.strip()[-500:]}")
    return python


def _consumer_project(root: Path) -> Path:
    project = root / "proj"
    vendored = project / "vendor" / "thirdparty"
    vendored.mkdir(parents=True)
    for package in (project / "vendor", vendored):
        (package / "__init__.py").write_text("")
    shutil.copytree(
        GENERATED / "sae_jobs", vendored / "sae_jobs", ignore=shutil.ignore_patterns("__pycache__")
    )
    (project / "conftest.py").write_text(CONFTEST)
    (project / "test_jobs.py").write_text(CONSUMER_TESTS)
    return project


@pytest.mark.slow
def test_a_vendored_copy_tests_its_consumer_in_a_clean_virtualenv(
    consumer_python: Path, tmp_path: Path
) -> None:
    project = _consumer_project(tmp_path)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    result = subprocess.run(
        [str(consumer_python), "-m", "pytest", "-q", "-p", "no:cacheprovider", "-W", "error"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 passed" in result.stdout
