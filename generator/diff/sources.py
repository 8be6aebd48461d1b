"""One side of a diff: a spec file, a spec folder, or a git revision of either.

A revision is exported with `git archive` into a scratch folder and then loaded exactly
like a folder on disk, so both sides go through the same loader and checks.
"""

from __future__ import annotations

import io
import posixpath
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

from ..loader import SERVICE_FILE
from ..model import Service
from ..problems import SpecError
from ..specs import read_services

DEFAULT_FOLDER = "spec"


class SourceError(Exception):
    """A side names nothing that can be loaded (usage error, not a spec problem)."""


@dataclass(frozen=True)
class Side:
    label: str
    root: Path  # what the loader reads: a spec folder or one spec file
    only: str | None = None  # file name of the one operation spec this side is limited to


def _git(repo: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, check=False)


def repo_root(cwd: Path) -> Path | None:
    result = _git(cwd, "rev-parse", "--show-toplevel")
    return Path(result.stdout.decode().strip()) if result.returncode == 0 else None


def resolve(text: str | None, spec: Path, cwd: Path, scratch: Path) -> Side:
    """What BASE or HEAD names; None is the working tree's spec folder."""
    if text is None:
        return _local(cwd / spec, str(spec))
    if (cwd / text).exists():  # a path on disk wins over a branch of the same name
        return _local(cwd / text, text)
    repo = repo_root(cwd)
    if repo is None:
        raise SourceError(f"{text!r} is not a file or folder, and {cwd} is not inside a git repository")
    rev, has_folder, folder = text.partition(":")
    if not has_folder:
        folder = _default_folder(repo, cwd / spec)
    return _from_git(repo, rev, folder.strip("/").removeprefix("./"), Path(tempfile.mkdtemp(dir=scratch)))


def _local(path: Path, label: str) -> Side:
    return Side(label, path, path.name if path.is_file() else None)


def _default_folder(repo: Path, spec: Path) -> str:
    # The --spec folder, as it sits in the repository, is what a revision is read from too;
    # from a folder without one (a subfolder, a fresh checkout) it is the root's spec/.
    if not spec.exists():
        return DEFAULT_FOLDER
    try:
        return spec.resolve().relative_to(repo.resolve()).as_posix()
    except ValueError:
        return DEFAULT_FOLDER


def _from_git(repo: Path, rev: str, folder: str, dest: Path) -> Side:
    label = f"{rev}:{folder}"
    if _git(repo, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}").returncode != 0:
        raise SourceError(f"{rev!r} is not a file, a folder or a git revision")
    kind = _git(repo, "cat-file", "-t", f"{rev}:{folder}").stdout.decode().strip()
    if kind == "blob":  # one spec file: its folder is needed for service.yaml
        tree, only = posixpath.dirname(folder), posixpath.basename(folder)
    elif kind == "tree":
        tree, only = folder, None
    else:
        raise SourceError(f"{folder!r} does not exist in {rev}")
    # Named like the folder, so that problems print as spec/... rather than a temp name.
    root = dest / (posixpath.basename(tree) or DEFAULT_FOLDER)
    _extract(repo, f"{rev}:{tree}", root)
    return Side(label, root / only if only else root, only)


def _extract(repo: Path, tree: str, dest: Path) -> None:
    result = _git(repo, "archive", "--format=tar", tree)
    if result.returncode != 0:
        raise SourceError(f"git archive {tree} failed: {result.stderr.decode().strip()}")
    dest.mkdir(parents=True)
    with tarfile.open(fileobj=io.BytesIO(result.stdout)) as tar:
        tar.extractall(dest, filter="data")


def load(side: Side) -> list[Service]:
    """The side's model; raises SpecError with every problem when it does not load."""
    services, problems = read_services(side.root)
    if problems:
        raise SpecError(problems)
    if side.only is None or side.only == SERVICE_FILE:
        return services
    return [_only(s, side.only) for s in services]


def _only(service: Service, file_name: str) -> Service:
    ops = tuple(op for op in service.operations if PurePosixPath(op.spec_file).name == file_name)
    return replace(service, operations=ops)
