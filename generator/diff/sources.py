"""One side of a diff: a spec file, a spec folder, or a git revision of either.

A revision is exported with `git archive` into a scratch folder and then loaded exactly
like a folder on disk, so both sides go through the same loader and checks.
"""

from __future__ import annotations

import io
import posixpath
import re
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from generator.frontend.entry import read_services
from generator.frontend.located import Located
from generator.frontend.located import Path as YamlPath
from generator.frontend.located import load as load_yaml
from generator.frontend.read import SERVICE_FILE
from generator.model import Service
from generator.problems import SpecError

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
        raise SourceError(
            f"{text!r} is not a file or folder, and {cwd} is not inside a git repository"
        )
    rev, has_folder, folder = text.partition(":")
    if not has_folder:
        folder = _default_folder(repo, cwd / spec)
    return _from_git(
        repo, rev, folder.strip("/").removeprefix("./"), Path(tempfile.mkdtemp(dir=scratch))
    )


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
        raise SourceError(f"{rev!r} is not a file, a folder or a git revision{_shallow_hint(repo)}")
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


def _shallow_hint(repo: Path) -> str:
    """Why a revision may be missing: CI checkouts are often shallow (one commit, one branch)."""
    shallow = _git(repo, "rev-parse", "--is-shallow-repository").stdout.decode().strip() == "true"
    if not shallow:
        return ""
    return (
        " (this clone is shallow, so older commits and other branches are not in it: fetch them, e.g."
        " `git fetch --unshallow` or `git fetch origin main`, or check out with fetch-depth: 0)"
    )


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
    return service._replace(operations=ops)


class Locator:
    """Where a finding sits in one side's YAML: `file:line`, found from the finding's
    operation and path (a structure field inside a JSON parameter points at the parameter)."""

    def __init__(self, side: Side, services: list[Service]) -> None:
        # Files are named as the loader names them: relative to the spec folder's parent.
        self.top = (side.root.parent if side.root.is_file() else side.root).parent
        self.service_files = {
            s.name: f.path
            for s in services
            for f in s.files
            if PurePosixPath(f.path).name == SERVICE_FILE
        }
        self.operation_files = {op.name: op.spec_file for s in services for op in s.operations}
        self.error_files = {e.code: e.source for s in services for e in s.errors}
        self.docs: dict[str, Located | None] = {}

    def doc(self, file: str | None) -> Located | None:
        """One spec file, read again with its positions, only when a finding is in it."""
        if file is None:
            return None
        if file not in self.docs:
            try:
                self.docs[file] = load_yaml((self.top / file).read_text("utf-8"), file)[0]
            except (OSError, UnicodeDecodeError):
                self.docs[file] = None
        return self.docs[file]

    def __call__(self, operation: str, path: str) -> str | None:
        found = (
            self._service(operation.removeprefix("service:"), path)
            if operation.startswith("service:")
            else self._operation(operation, path)
        )
        if found is None:
            return None
        doc, key = found
        return f"{doc.file}:{doc.position(key)[0]}"

    def _service(self, name: str, path: str) -> tuple[Located, YamlPath] | None:
        doc = self.doc(self.service_files.get(name))
        if doc is None:
            return None
        if path == name or path in (
            "package",
            "client_class",
            "api_version",
            "title",
            "style",
            "notes",
        ):
            return doc, ("service", "name" if path == name else path)
        if path.startswith("types."):
            return doc, ("types", path.removeprefix("types."))
        if path.split(".")[0] in doc.data and path.split(".")[0] != "errors":
            return doc, tuple(path.split("."))
        defined = self.doc(self.error_files.get(path))  # an error code: where it is defined
        at = _index(defined.data.get("errors", []), "code", path) if defined else None
        return (defined, ("errors", at)) if defined and at is not None else None

    def _operation(self, name: str, path: str) -> tuple[Located, YamlPath] | None:
        doc = self.doc(self.operation_files.get(name))
        if doc is None:
            return None
        data = doc.data
        head = re.split(r"[.\[=]", path, maxsplit=1)[0]
        for section, field in (
            ("parameters", "name"),
            ("rules", "id"),
            ("errors", "code"),
            ("errors", "ref"),
        ):
            at = _index(data.get(section, []), field, head if section == "parameters" else path)
            if at is not None:
                return doc, (section, at)
        key: YamlPath = ("response", "fields")
        for part in path.split("."):
            at = _index(_get(data, *key) or [], "name", part)
            if at is None:
                break
            key += (at, "fields")
        else:
            return doc, key[:-1]
        if path in data.get("operation", {}) or path == name:
            return doc, ("operation", "name" if path == name else path)
        return None  # not on this side (an added or removed part)


def _get(data: Any, *keys: str | int) -> Any:
    for key in keys:
        data = data.get(key) if isinstance(data, dict) else None
    return data


def _index(items: Any, key: str, value: str) -> int | None:
    if not isinstance(items, list):
        return None
    return next(
        (i for i, item in enumerate(items) if isinstance(item, dict) and item.get(key) == value),
        None,
    )
