"""gen owns only the package folders it writes (and its manifest) inside --out; generated
files change only when something they show changes, so branches merge cleanly."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import edit, run_gen, spec_copy, tree

SERVICE_DIR = Path("sae") / "2019-05-06"


def test_other_files_in_the_output_folder_are_kept(tmp_path: Path) -> None:
    spec, out = spec_copy(tmp_path, pages=False), tmp_path / "myapp" / "_vendor"
    (out / "otherlib").mkdir(parents=True)
    (out / "otherlib" / "__init__.py").write_text("VALUE = 1\n")
    (out / "README.txt").write_text("vendored here\n")
    for _ in range(2):
        result = run_gen("--spec", spec, "--out", out)
        assert result.returncode == 0, result.stderr
    assert (out / "otherlib" / "__init__.py").read_text() == "VALUE = 1\n"
    assert (out / "README.txt").read_text() == "vendored here\n"
    manifest = json.loads((out / ".gen-manifest.json").read_text())
    assert manifest["packages"] == {"sae_jobs": {"spec": "spec/sae/2019-05-06"}}
    assert run_gen("--spec", spec, "--out", out, "--check").returncode == 0


def test_a_renamed_package_replaces_the_one_gen_wrote_and_nothing_else(tmp_path: Path) -> None:
    spec, out = spec_copy(tmp_path, pages=False), tmp_path / "out"
    assert run_gen("--spec", spec, "--out", out).returncode == 0
    (out / "mine").mkdir()
    (out / "mine" / "keep.py").write_text("x = 1\n")
    edit(spec / SERVICE_DIR / "service.yaml", "package: sae_jobs", "package: sae_jobs_v2")
    result = run_gen("--spec", spec, "--out", out)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == [".gen-manifest.json", "mine", "sae_jobs_v2"]
    assert (out / "mine" / "keep.py").read_text() == "x = 1\n"


def test_a_folder_gen_did_not_write_is_never_replaced(tmp_path: Path) -> None:
    spec, out = spec_copy(tmp_path, pages=False), tmp_path / "out"
    (out / "sae_jobs").mkdir(parents=True)
    (out / "sae_jobs" / "__init__.py").write_text("# somebody else's package\n")
    before = tree(out)
    result = run_gen("--spec", spec, "--out", out)
    assert result.returncode == 2
    assert "gen did not write it" in result.stderr and "Traceback" not in result.stderr
    assert tree(out) == before


@pytest.mark.parametrize("where", ["spec itself", "inside spec", "contains spec", "a file"])
def test_an_output_folder_that_overlaps_the_specs_or_is_a_file_is_refused(
    tmp_path: Path, where: str
) -> None:
    spec = spec_copy(tmp_path, pages=False)
    out = {
        "spec itself": spec,
        "inside spec": spec / "sae" / "out",
        "contains spec": tmp_path,
        "a file": tmp_path / "file.txt",
    }[where]
    (tmp_path / "file.txt").write_text("not a folder\n")
    before = tree(tmp_path)
    result = run_gen("--spec", spec, "--out", out)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and ("overlap" in lines[0] or "is a file" in lines[0]), result.stderr
    assert tree(tmp_path) == before


def test_modes_follow_the_umask_and_what_was_there(tmp_path: Path) -> None:
    spec, out = spec_copy(tmp_path, pages=False), tmp_path / "out"
    script = (
        "import os, sys, runpy; os.umask(0o022); sys.argv = ['gen', '--spec', sys.argv[1], '--out', sys.argv[2]];"
        "runpy.run_module('generator.cli.main', run_name='__main__')"
    )

    def gen() -> None:
        result = subprocess.run(
            [sys.executable, "-c", script, str(spec), str(out)], capture_output=True, text=True
        )
        assert result.returncode == 0, result.stderr

    gen()
    assert (out.stat().st_mode & 0o777, (out / "sae_jobs").stat().st_mode & 0o777) == (0o755, 0o755)
    assert (out / "sae_jobs" / "client.py").stat().st_mode & 0o777 == 0o644
    os.chmod(out / "sae_jobs", 0o750)
    os.chmod(out / "sae_jobs" / "client.py", 0o640)
    edit(
        spec / SERVICE_DIR / "CreateJob.yaml",
        "summary: Create a job template.",
        "summary: Create a job.",
    )
    gen()
    assert (out / "sae_jobs").stat().st_mode & 0o777 == 0o750
    assert (out / "sae_jobs" / "client.py").stat().st_mode & 0o777 == 0o640
    assert "Create a job." in (out / "sae_jobs" / "client.py").read_text()


def test_an_edit_changes_only_the_files_that_show_it(tmp_path: Path) -> None:
    spec, out = spec_copy(tmp_path, pages=False), tmp_path / "out"
    assert run_gen("--spec", spec, "--out", out).returncode == 0
    before = tree(out)
    edit(
        spec / SERVICE_DIR / "CreateJob.yaml",
        "summary: Create a job template.",
        "summary: Create a zebra template.",
    )
    assert run_gen("--spec", spec, "--out", out).returncode == 0
    after = tree(out)
    changed = {name for name in after if after[name] != before.get(name)}
    showing = {name for name, data in after.items() if b"zebra" in data}
    assert changed == showing and changed, (changed, showing)
    assert not any(name.startswith("sae_jobs/_runtime/") for name in changed)


def _git(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.invalid",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.invalid",
    }
    return subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, env=env, check=False
    )


def test_branches_editing_different_operations_merge_without_conflict(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    spec_copy(repo, pages=False)
    assert _git(repo, "init", "-q", "-b", "main").returncode == 0
    assert run_gen("--spec", "spec", "--out", "generated", cwd=repo).returncode == 0
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "base")
    edits = {
        "a": (
            "CreateJob.yaml",
            "summary: Create a job template.",
            "summary: Create one job template.",
        ),
        "b": (
            "UpdateJob.yaml",
            "summary: Update a job template.",
            "summary: Update one job template.",
        ),
    }
    for branch, (name, old, new) in edits.items():
        _git(repo, "checkout", "-q", "-b", branch, "main")
        edit(repo / "spec" / SERVICE_DIR / name, old, new)
        assert run_gen("--spec", "spec", "--out", "generated", cwd=repo).returncode == 0
        _git(repo, "commit", "-qam", f"edit {name}")
    _git(repo, "checkout", "-q", "a")
    merged = _git(repo, "merge", "-q", "--no-edit", "b")
    assert merged.returncode == 0, merged.stdout + merged.stderr
    check = run_gen("--spec", "spec", "--out", "generated", "--check", cwd=repo)
    assert check.returncode == 0, check.stdout


def _identity(path: Path) -> tuple[int, int]:
    info = path.stat()
    return info.st_ino, info.st_mtime_ns


def test_a_regeneration_writes_only_what_differs(tmp_path: Path) -> None:
    """Unchanged files keep their inode and times (editors and build tools see no change), a
    file gen no longer writes goes, and what Python leaves behind in the package stays."""
    spec, out = spec_copy(tmp_path, pages=False), tmp_path / "out"
    assert run_gen("--spec", spec, "--out", out).returncode == 0
    package = out / "sae_jobs"
    (package / "stray.py").write_text("# not generated\n")
    (package / "__pycache__").mkdir(exist_ok=True)
    (package / "__pycache__" / "client.cpython-311.pyc").write_bytes(b"\0")
    before = {p: _identity(p) for p in package.rglob("*.py")}
    edit(spec / SERVICE_DIR / "CreateJob.yaml", "summary: Create a job template.", "summary: Z.")
    result = run_gen("--spec", spec, "--out", out)
    assert result.returncode == 0, result.stderr
    rewritten = {
        p.relative_to(package).as_posix()
        for p, was in before.items()
        if p.exists() and _identity(p) != was
    }
    assert rewritten == {"client.py"} and not (package / "stray.py").exists()
    assert (package / "__pycache__" / "client.cpython-311.pyc").exists()
    assert run_gen("--spec", spec, "--out", out, "--check").returncode == 0


def test_a_symbolic_link_inside_a_package_is_replaced_never_written_through(tmp_path: Path) -> None:
    spec, out = spec_copy(tmp_path, pages=False), tmp_path / "out"
    assert run_gen("--spec", spec, "--out", out).returncode == 0
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "_validation.py").write_text("# someone else's\n")
    shutil.rmtree(out / "sae_jobs" / "_runtime")
    (out / "sae_jobs" / "_runtime").symlink_to(elsewhere, target_is_directory=True)
    result = run_gen("--spec", spec, "--out", out)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in elsewhere.iterdir()) == ["_validation.py"]
    assert (elsewhere / "_validation.py").read_text() == "# someone else's\n"
    assert not (out / "sae_jobs" / "_runtime").is_symlink()
    assert run_gen("--spec", spec, "--out", out, "--check").returncode == 0


@pytest.mark.parametrize("failing", [1, 2, 4, 7])
def test_a_write_that_fails_half_way_puts_everything_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: int
) -> None:
    """The n-th rename of the write fails (a file set aside, or put into place): everything
    changed before it is put back, and the staging folder goes."""
    from generator.backend import pipeline

    spec, out = spec_copy(tmp_path, pages=False), tmp_path / "out"
    monkeypatch.setenv("GEN_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("GEN_SERIAL", "1")  # no fork inside the test runner's threaded process
    pipeline.generate(spec, out)
    (out / "sae_jobs" / "stray.py").write_text("# goes when gen succeeds\n")
    before = tree(out)
    edit(spec / SERVICE_DIR / "CreateJob.yaml", "summary: Create a job template.", "summary: Z.")
    edit(spec / SERVICE_DIR / "service.yaml", "title:", "title: Renamed")  # the README too
    renames = 0
    real = os.rename

    def rename(source: str | Path, target: str | Path) -> None:
        nonlocal renames
        renames += 1
        if renames == failing:
            raise OSError(28, "No space left on device")
        real(source, target)

    monkeypatch.setattr(os, "rename", rename)
    with pytest.raises(OSError, match="No space"):
        pipeline.generate(spec, out)
    monkeypatch.setattr(os, "rename", real)
    assert tree(out) == before
    assert not any(p.name.startswith(".gen-staging-") for p in out.iterdir())
