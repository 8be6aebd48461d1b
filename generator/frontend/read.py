"""Find spec files, parse them and check them against the format schema."""

from __future__ import annotations

import marshal
from functools import partial
from pathlib import Path
from typing import Protocol

from generator.frontend.folders import (
    SERVICE_FILE as SERVICE_FILE,
)  # re-exported: gen diff reads it here
from generator.frontend.folders import find_service_dirs as find_service_dirs
from generator.frontend.located import Located, load
from generator.frontend.shape import check_format
from generator.hashing import sha256
from generator.parallel import ordered_map
from generator.problems import Problem
from generator.records import Record


class Memo(Protocol):
    """Where the front end keeps what it found, by key (the backend's cache): what reading a
    file found, keyed by its schema, name and content, and the names the generated client
    has for itself (entry._client_names). The keeper adds gen's own version to every key."""

    def get(self, key: tuple[str, ...]) -> bytes | None: ...

    def put(self, key: tuple[str, ...], data: bytes) -> None: ...


class RawService(Record):
    """The parsed files of one service folder, before any meaning is given to them."""

    service: Located
    operations: tuple[Located, ...]
    hashes: dict[str, str]


def _display(path: Path, root: Path) -> str:
    base = root.parent if root.is_file() else root
    try:
        return path.relative_to(base.parent).as_posix()
    except ValueError:
        return path.as_posix()


def _identity(path: Path, root: Path) -> str:
    """The file's name in headers and manifests: relative to the spec folder's parent, the
    same whichever working folder gen runs from."""
    base = (root.parent if root.is_file() else root).resolve()
    try:
        return path.resolve().relative_to(base.parent).as_posix()
    except (
        ValueError,
        OSError,
        RuntimeError,
    ):  # RuntimeError: a symlink loop (reported on reading)
        return _display(path, root)


def _read(
    path: Path, root: Path, schema: str, memo: Memo | None = None
) -> tuple[Located | None, str, list[Problem]]:
    name = _display(path, root)
    try:
        raw = path.read_bytes()
    except OSError as exc:  # a folder, a symlink loop or a dangling symlink named *.yaml
        return None, "", [Problem(name, 1, 1, "", f"cannot read: {exc.strerror or exc}")]
    digest = sha256(raw).hexdigest()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - raw.rfind(b"\n", 0, exc.start)
        return (
            None,
            digest,
            [
                Problem(
                    name, line, column, "", f"not UTF-8: byte 0x{raw[exc.start]:02x} ({exc.reason})"
                )
            ],
        )
    key = (schema, name, digest)
    recalled = _recall(memo.get(key), name, raw) if memo is not None else None
    if recalled is not None:
        return recalled[0], digest, recalled[1]
    doc, problems = load(text, name)
    if doc is not None:
        problems = [*problems, *check_format(doc, schema)]
    if memo is not None:
        kept = (doc is not None, doc.data if doc else None, [tuple(p) for p in problems])
        try:
            memo.put(key, marshal.dumps(kept))
        except ValueError:  # a value marshal cannot hold (a YAML date, say): not kept
            pass
    return doc, digest, problems


def _recall(
    kept: bytes | None, name: str, raw: bytes
) -> tuple[Located | None, list[Problem]] | None:
    """What an earlier reading of exactly this file found (None: nothing usable kept)."""
    if kept is None:
        return None
    try:
        has_doc, data, problems = marshal.loads(kept)
        return (
            Located(name, data, raw) if has_doc else None,
            [Problem(*problem) for problem in problems],
        )
    except (EOFError, ValueError, TypeError):
        return None


def _read_operation(
    root: Path, memo: Memo | None, path: Path
) -> tuple[Located | None, str, list[Problem]]:
    return _read(path, root, "operation.schema.json", memo)


def load_service_dir(
    folder: Path, root: Path, problems: list[Problem], memo: Memo | None = None
) -> RawService | None:
    hashes: dict[str, str] = {}
    service_path = folder / SERVICE_FILE
    service, digest, found = _read(service_path, root, "service.schema.json", memo)
    problems.extend(found)
    hashes[_identity(service_path, root)] = digest
    operations = []
    paths = [path for path in sorted(folder.glob("*.yaml")) if path.name != SERVICE_FILE]
    # Files parse independently: spread over the cores, results in file order.
    for path, (doc, digest, found) in zip(
        paths, ordered_map(partial(_read_operation, root, memo), paths, 8), strict=True
    ):
        problems.extend(found)
        hashes[_identity(path, root)] = digest
        if doc is not None:
            operations.append(doc)
    if service is None:
        return None
    return RawService(service, tuple(operations), hashes)


def load_specs(root: Path, memo: Memo | None = None) -> tuple[list[RawService], list[Problem]]:
    problems: list[Problem] = []
    if not root.exists():
        return [], [Problem(root.as_posix(), 1, 1, "", "no such file or folder")]
    folders = find_service_dirs(root)
    if not folders:
        problems.append(Problem(root.as_posix(), 1, 1, "", f"no {SERVICE_FILE} found"))
    services = [s for f in folders if (s := load_service_dir(f, root, problems, memo)) is not None]
    return services, problems
