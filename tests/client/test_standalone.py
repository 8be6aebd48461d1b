"""The generated package stands alone: vendored under another import path into a fresh
virtual environment holding only its declared runtime requirements, it imports and works."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
import venv
from pathlib import Path

import pytest

from tests.helpers import GENERATED
from tests.recording_server import KEY_ID, SECRET, recording_server

PACKAGE = GENERATED / "sae_jobs"

CONSUMER = textwrap.dedent("""
    import asyncio, sys
    from vendor.thirdparty import sae_jobs
    from vendor.thirdparty.sae_jobs.validators import validate_create_job

    assert validate_create_job({"app_name": "1"}), "the validator works offline"
    endpoint, key_id, secret = sys.argv[1:4]
    with sae_jobs.SaeJobsClient(endpoint=endpoint, allow_http=True, access_key_id=key_id, access_key_secret=secret) as c:
        assert c.update_job(app_id="a", envs=[{"name": "A", "value": "1"}])["Success"] is True

    async def main():
        async with sae_jobs.AsyncSaeJobsClient(endpoint=endpoint, allow_http=True, access_key_id=key_id,
                                               access_key_secret=secret) as c:
            return await c.create_job(app_name="demo", package_type="Image", image_url="r/x:1", replicas=1, workload="job")

    assert asyncio.run(main())["Data"]["AppId"]
    try:
        sae_jobs.SaeJobsClient(region="cn-hangzhou")
    except sae_jobs.CredentialsError:
        pass
    foreign = sorted(m for m in sys.modules if m.split(".")[0] in ("generator", "jinja2", "yaml", "click", "pydantic", "sae_jobs"))
    assert not foreign, foreign
    print("ok")
""")


@pytest.fixture(scope="module")
def runtime_venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("runtime-venv")
    venv.EnvBuilder(with_pip=True).create(folder)
    python = folder / "bin" / "python"
    install = subprocess.run(
        [
            python,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "-r",
            PACKAGE / "requirements.txt",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if install.returncode:
        pytest.fail(f"could not install the declared runtime requirements:\n{install.stderr}")
    return python


def test_vendored_copy_imports_and_works_with_only_declared_requirements(
    runtime_venv: Path, tmp_path: Path
) -> None:
    project = tmp_path / "project"
    target = project / "vendor" / "thirdparty" / "sae_jobs"
    shutil.copytree(PACKAGE, target)
    for init in (
        project / "vendor" / "__init__.py",
        project / "vendor" / "thirdparty" / "__init__.py",
    ):
        init.write_text("")
    (project / "consumer.py").write_text(CONSUMER)
    installed = subprocess.run(
        [runtime_venv, "-m", "pip", "list", "--format=freeze"],
        capture_output=True,
        text=True,
        check=True,
    )
    names = {line.split("==")[0].lower() for line in installed.stdout.split()}
    assert {"httpx"} <= names and not names & {"jinja2", "pyyaml", "click", "black", "pydantic"}
    with recording_server() as server:
        result = subprocess.run(
            [runtime_venv, "consumer.py", server.endpoint, KEY_ID, SECRET],
            cwd=project,
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )
    assert result.returncode == 0 and result.stdout.strip() == "ok", result.stderr
    assert len(server.requests) == 2 and all(r.signature_ok for r in server.requests)


def test_package_uses_relative_imports_only() -> None:
    for path in PACKAGE.glob("*.py"):
        for line in path.read_text().splitlines():
            stripped = line.strip()
            if stripped.startswith(("from sae_jobs", "import sae_jobs")):
                pytest.fail(f"{path.name}: absolute import of itself: {stripped}")
    assert sys.version_info >= (3, 11)
