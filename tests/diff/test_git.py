"""Git revisions as sides, in a throwaway repository with two commits."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.helpers import SPEC, run_gen

from .cases import materialize
from .support import keyed, run_cli, run_module

REMOVED = ("parameter-removed", "breaking", "CreateJob", "Timeout")


def git(repo: Path, *args: str) -> None:
    identity = [
        "-c",
        "user.name=gen diff test",
        "-c",
        "user.email=diff@example.com",
        "-c",
        "init.defaultBranch=main",
    ]
    subprocess.run(["git", *identity, *args], cwd=repo, check=True, capture_output=True)


def commit_spec(repo: Path, source: Path, message: str) -> None:
    shutil.rmtree(repo / "spec", ignore_errors=True)
    shutil.copytree(source, repo / "spec")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """First commit: the parameter-removed fixture's base; second commit: its head."""
    case = materialize("parameter-removed", tmp_path / "case")
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    commit_spec(repo, case / "base", "spec")
    commit_spec(repo, case / "head", "drop Timeout")
    return repo


def test_previous_commit_against_head_from_inside_the_repo(repo: Path) -> None:
    result = run_module("HEAD~1", "HEAD", "--format", "json", cwd=repo)
    assert result.returncode == 1, result.stderr
    assert REMOVED in keyed(result.stdout)
    assert '"base": "HEAD~1:spec"' in result.stdout and '"head": "HEAD:spec"' in result.stdout


def test_revisions_from_a_subfolder(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo / "spec" / "sae")
    result = run_cli("main~1", "main", "--format", "json")
    assert result.exit_code == 1
    assert REMOVED in keyed(result.stdout)


def test_head_defaults_to_the_working_tree(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.rmtree(repo / "spec")
    shutil.copytree(
        materialize("parameter-added-optional", tmp_path / "other") / "head", repo / "spec"
    )  # not committed
    monkeypatch.chdir(repo)
    result = run_cli("HEAD", "--format", "json")
    assert result.exit_code == 0
    # The working tree has Timeout back and BestEffortType added.
    assert keyed(result.stdout) == {
        ("parameter-added-optional", "info", "CreateJob", name)
        for name in ("BestEffortType", "Timeout")
    }


def test_rev_colon_path_names_one_spec_file(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo)
    result = run_cli(
        "HEAD~1:spec/sae/CreateJob.yaml", "HEAD:spec/sae/CreateJob.yaml", "--format", "json"
    )
    assert result.exit_code == 1
    assert REMOVED in keyed(result.stdout)


def test_unknown_revision_is_a_usage_error(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo)
    result = run_cli("no-such-branch")
    assert result.exit_code == 2
    assert "'no-such-branch' is not a file, a folder or a git revision" in result.stderr
    assert result.stdout == ""


def test_missing_folder_in_a_revision_is_a_usage_error(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(repo)
    result = run_cli("HEAD:specs")
    assert result.exit_code == 2
    assert "'specs' does not exist in HEAD" in result.stderr


def test_a_revision_that_does_not_load_exits_2(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (repo / "spec" / "sae" / "CreateJob.yaml").write_text(
        "format: 1\noperation: [unclosed\n", encoding="utf-8"
    )
    git(repo, "commit", "-q", "-am", "break it")
    monkeypatch.chdir(repo)
    result = run_cli("HEAD~1", "HEAD")
    assert result.exit_code == 2
    assert "head HEAD:spec does not load:" in result.stderr
    assert (
        "spec/sae/CreateJob.yaml:" in result.stderr
    )  # named as in the repository, not the temp folder
    assert result.stdout == ""


def test_outside_a_repository_a_revision_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run_cli("main", str(materialize("parameter-removed", tmp_path / "case") / "head"))
    assert result.exit_code == 2
    assert "not inside a git repository" in result.stderr


def test_a_revision_missing_from_a_shallow_clone_names_the_likely_cause(tmp_path: Path) -> None:
    origin = tmp_path / "origin"
    origin.mkdir()
    shutil.copytree(SPEC, origin / "spec", ignore=shutil.ignore_patterns("pages"))
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.invalid",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.invalid",
    }
    for args in (
        ["init", "-q", "-b", "main"],
        ["add", "-A"],
        ["commit", "-qm", "one"],
        ["commit", "-q", "--allow-empty", "-m", "two"],
    ):
        subprocess.run(["git", "-C", str(origin), *args], env=env, check=True, capture_output=True)
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{origin}", str(clone)],
        check=True,
        capture_output=True,
    )
    result = run_gen("diff", "HEAD~1", cwd=clone)
    assert result.returncode == 2
    assert "shallow" in result.stderr and "Traceback" not in result.stderr
