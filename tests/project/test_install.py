"""gen as other repositories get it: a wheel built from this checkout, installed in a fresh
virtual environment, used in a separate git repository that has only its own specs; and
this repository's pre-commit hooks tried from such a repository."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from tests.helpers import ROOT, SPEC

pytestmark = pytest.mark.slow

SERVICE = Path("sae") / "2019-05-06"


def _run(
    *args: str | Path, cwd: Path, env: dict[str, str] | None = None, timeout: float = 600
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(a) for a in args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=timeout,
    )


def _clean_env(**extra: str) -> dict[str, str]:
    """The environment of a user's shell: nothing of this checkout on the import path."""
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV", "GEN_"))
    }
    env.update(
        GIT_AUTHOR_NAME="t",
        GIT_AUTHOR_EMAIL="t@example.invalid",
        GIT_COMMITTER_NAME="t",
        GIT_COMMITTER_EMAIL="t@example.invalid",
        **extra,
    )
    return env


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    built = _run(
        sys.executable, "-m", "build", "--wheel", "--sdist", "--outdir", out, ROOT, cwd=ROOT
    )
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    return out


@pytest.fixture(scope="module")
def installed_gen(dist: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("gen-venv")
    venv.EnvBuilder(with_pip=True).create(folder)
    wheel = next(dist.glob("*.whl"))
    install = _run(
        folder / "bin" / "python",
        "-m",
        "pip",
        "install",
        "--quiet",
        "--disable-pip-version-check",
        wheel,
        cwd=folder,
        env=_clean_env(),
    )
    assert install.returncode == 0, install.stderr[-3000:]
    return folder / "bin" / "gen"


def test_the_wheel_and_sdist_carry_everything_gen_reads_at_run_time(dist: Path) -> None:
    wheel = next(dist.glob("doctable_gen-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    templates = {
        p.relative_to(ROOT / "templates").as_posix()
        for p in (ROOT / "templates").rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }
    assert {f"gen_templates/{t}" for t in templates} <= names
    schemas = {
        f"generator/spec_format/{p.name}"
        for p in (ROOT / "generator" / "spec_format").glob("*.json")
    }
    assert schemas <= names
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    sdist = next(dist.glob("doctable_gen-*.tar.gz"))
    listed = subprocess.run(
        ["tar", "-tzf", sdist], capture_output=True, text=True, check=True
    ).stdout
    assert "/templates/runtime/_validation.py" in listed and "/LICENSE" in listed


def test_installed_gen_works_in_a_repository_of_its_own(
    installed_gen: Path, tmp_path: Path
) -> None:
    repo = tmp_path / "consumer"
    repo.mkdir()
    env = _clean_env()

    def gen(*args: str, expect: int = 0) -> subprocess.CompletedProcess[str]:
        result = _run(installed_gen, *args, cwd=repo, env=env)
        assert (
            result.returncode == expect
        ), f"gen {' '.join(args)}: {result.stdout[-2000:]}{result.stderr[-2000:]}"
        return result

    version = gen("--version").stdout
    assert re.match(r"gen \d+\.\d+\.\d+ \(doctable-gen\)", version) and "black" in version
    assert _run("git", "init", "-q", "-b", "main", cwd=repo).returncode == 0
    gen("init", "--service", "sae", "--api-version", "2019-05-06", "--package", "sae_jobs")
    skeleton = repo / "spec" / SERVICE / "service.yaml"
    schema_ref = re.search(r"\$schema=(\S+)", skeleton.read_text())
    assert schema_ref and (skeleton.parent / schema_ref.group(1)).resolve().is_file()
    assert "[tool.gen]" in (repo / "pyproject.toml").read_text()
    assert "gen --check" in (repo / ".pre-commit-config.yaml").read_text()
    # The repository's own specs: this project's SAE specs and their saved pages.
    shutil.rmtree(repo / "spec" / SERVICE)
    shutil.copytree(SPEC / SERVICE, repo / "spec" / SERVICE)
    gen("lint")
    gen()
    gen("--check")
    assert json.loads(gen("inspect", "--json").stdout)
    gen("docs-check")
    assert _run("git", "add", "-A", cwd=repo, env=env).returncode == 0
    assert _run("git", "commit", "-qm", "specs", cwd=repo, env=env).returncode == 0
    create = repo / "spec" / SERVICE / "CreateJob.yaml"
    create.write_text(
        create.read_text().replace("summary: Create a job template.", "summary: Create a job.")
    )
    assert "CreateJob" in gen("diff", "HEAD").stdout + gen("diff", "HEAD", "--show-doc").stdout
    assert json.loads(gen("export", "openapi").stdout)["openapi"].startswith("3.")
    from_subfolder = _run(
        installed_gen, "--check", cwd=repo / "spec", env=env
    )  # [tool.gen] is found upward
    assert from_subfolder.returncode == 1 and "stale" in from_subfolder.stderr
    assert not any(p.name in ("generator", "gen_templates") for p in repo.iterdir())


def test_the_hooks_install_and_run_from_this_repository(tmp_path: Path) -> None:
    """`pre-commit try-repo` installs gen from this checkout the way a consumer's hooks do."""
    repo = tmp_path / "consumer"
    shutil.copytree(SPEC, repo / "spec", ignore=shutil.ignore_patterns("pages"))
    env = _clean_env(PRE_COMMIT_HOME=str(tmp_path / "pre-commit-home"))
    assert _run("git", "init", "-q", "-b", "main", cwd=repo, env=env).returncode == 0
    assert (
        _run(
            sys.executable,
            "-m",
            "generator.cli.main",
            "--spec",
            repo / "spec",
            "--out",
            repo / "generated",
            cwd=ROOT,
        ).returncode
        == 0
    )
    _run("git", "add", "-A", cwd=repo, env=env)
    tried = _run(
        sys.executable,
        "-m",
        "pre_commit",
        "try-repo",
        ROOT,
        "--all-files",
        cwd=repo,
        env=env,
        timeout=900,
    )
    output = tried.stdout + tried.stderr
    assert tried.returncode == 0, output[-4000:]
    assert re.search(r"gen --check.*Passed", output) and re.search(
        r"gen lint.*Passed", output
    ), output[-4000:]
    create = repo / "spec" / SERVICE / "CreateJob.yaml"
    create.write_text(
        create.read_text().replace("summary: Create a job template.", "summary: Create a job.")
    )
    _run("git", "add", "-A", cwd=repo, env=env)
    stale = _run(
        sys.executable,
        "-m",
        "pre_commit",
        "try-repo",
        ROOT,
        "gen-check",
        "--all-files",
        cwd=repo,
        env=env,
        timeout=900,
    )
    assert stale.returncode == 1 and "stale" in stale.stdout + stale.stderr
