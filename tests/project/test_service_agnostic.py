"""gen knows nothing of any one service: no code in generator/ or templates/ names SAE (only
the diff README's worked example does), and a new operation (a describe and a list) needs
only new YAML, in a copy of the project."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from tests.helpers import ROOT, SPEC, run_gen

SAE_SPEC = SPEC / "sae" / "2019-05-06"


def _sae_words() -> set[str]:
    service = yaml.safe_load((SAE_SPEC / "service.yaml").read_text("utf-8"))["service"]
    ops = {
        yaml.safe_load(p.read_text("utf-8"))["operation"]["name"]
        for p in SAE_SPEC.glob("*.yaml")
        if p.name != "service.yaml"
    }
    return {
        "sae",
        "serverless app engine",
        service["package"].lower(),
        service["client_class"].lower(),
        *map(str.lower, ops),
    }


def test_generator_and_templates_name_nothing_of_sae() -> None:
    words = _sae_words()
    assert {"sae", "createjob", "listjobs"} <= words
    pattern = re.compile(
        r"(?<![a-z0-9_])(" + "|".join(map(re.escape, sorted(words))) + r")(?![a-z0-9_])"
    )
    found = []
    for folder in ("generator", "templates"):
        for path in sorted((ROOT / folder).rglob("*")):
            if (
                path.is_file()
                and path.suffix in (".py", ".j2", ".json", ".yaml")
                and "__pycache__" not in path.parts
            ):
                for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
                    if pattern.search(line.lower()):
                        found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not found, "\n".join(found)


def _copy_project(tmp_path: Path) -> Path:
    copy = tmp_path / "project"
    ignore = shutil.ignore_patterns(
        ".venv", ".git", "__pycache__", "generated", "tests", "bench", "*.egg-info"
    )
    shutil.copytree(ROOT, copy, ignore=ignore)
    return copy


def _renamed(source: str, name: str, path: str) -> str:
    text = (SAE_SPEC / f"{source}.yaml").read_text("utf-8")
    old_path = re.search(r"^  path: (\S+)$", text, re.M)
    assert old_path is not None
    return text.replace(f"  name: {source}\n", f"  name: {name}\n", 1).replace(
        f"  path: {old_path[1]}\n", f"  path: {path}\n", 1
    )


def test_a_describe_and_a_list_operation_need_only_yaml(tmp_path: Path) -> None:
    project = _copy_project(tmp_path)
    folder = project / "spec" / "sae" / "2019-05-06"
    (folder / "ShowJob.yaml").write_text(
        _renamed("DescribeJob", "ShowJob", "/pop/v1/sam/job/showJob"), "utf-8"
    )
    (folder / "BrowseJobs.yaml").write_text(
        _renamed("ListJobs", "BrowseJobs", "/pop/v1/sam/job/browseJobs"), "utf-8"
    )
    lint = run_gen("lint", cwd=project)
    assert lint.returncode == 0, lint.stdout + lint.stderr
    generated = run_gen(cwd=project)
    assert generated.returncode == 0, generated.stderr
    script = """
from sae_jobs.testing import FakeServer
with FakeServer() as server, server.client() as client:
    ids = [client.create_job(app_name=f"j{i}", package_type="Image", image_url="r/x:1", replicas=1, workload="job")["Data"]["AppId"] for i in range(3)]
    assert client.show_job(app_id=ids[1])["Data"]["AppName"] == "j1"
    assert [j["AppId"] for j in client.iter_browse_jobs(page_size=2)] == ids
    print("ok")
"""
    run = subprocess.run(
        [sys.executable, "-c", script],
        cwd=project / "generated",
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0 and run.stdout.strip() == "ok", run.stdout + run.stderr
    mypy = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--cache-dir",
            str(tmp_path / "mypy"),
            "-p",
            "sae_jobs",
        ],
        cwd=project / "generated",
        capture_output=True,
        text=True,
        check=False,
    )
    assert mypy.returncode == 0, mypy.stdout
