"""Hashes over everything that decides gen's output, so that finished work can be reused.

The code fingerprint covers every template, gen's own source and the versions of the tools
whose output is embedded; the inputs fingerprint adds every file of the spec folders (with
the names that appear in headers).
"""

from __future__ import annotations

import os
import time
from functools import cache
from pathlib import Path

import gen_templates

from generator.backend.cache import entry, read_entry, write_entry
from generator.frontend.folders import find_service_dirs
from generator.hashing import blake2b
from generator.versions import tool_versions

GENERATOR = Path(__file__).resolve().parents[1]
# runtime.TEMPLATES, without importing the runtime modules (gen --check needs none of them).
TEMPLATES = gen_templates.FOLDER


def _files(folder: Path) -> list[tuple[str, str]]:
    """(relative POSIX path, full path) of every file under folder but bytecode, sorted."""
    found: list[tuple[str, str]] = []
    for here, folders, files in os.walk(folder):  # a third of rglob's cost
        folders[:] = [f for f in folders if f != "__pycache__"]
        relative = os.path.relpath(here, folder).replace(os.sep, "/")
        prefix = "" if relative == "." else relative + "/"
        found.extend((prefix + name, os.path.join(here, name)) for name in files)
    return sorted(found)


def _read(path: str) -> bytes:
    """A file's bytes by the operating system's calls: a third of open()'s cost, which counts
    on the hundred files this reads in every process of every run."""
    fd = os.open(path, os.O_RDONLY)
    try:
        chunks = []
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


class _Digest:
    def __init__(self) -> None:
        self.digest = blake2b()

    def add(self, label: str, data: bytes) -> None:
        self.digest.update(f"{label}\0{len(data)}\0".encode())
        self.digest.update(data)


@cache
def code_fingerprint() -> str:
    """Templates, gen's source and the tools' versions: what turns the same specs into
    different output.

    Hashing the hundred files takes 3-4 ms, in each process of every run; so the hash is kept
    in the cache under the files' identities as the system reports them (inode, size, and
    the modification and change times in nanoseconds: a write sets the change time to the
    clock's present, and nothing can set it back), as git's index keeps them. A file changed
    within the last two seconds could be changed again within the same tick of that clock
    (git calls such entries racy): then the hash is computed and not kept."""
    files = [
        (f"{label}:{name}", path)
        for root, label in ((TEMPLATES, "template"), (GENERATOR, "generator"))
        for name, path in _files(root)
    ]
    versions = sorted(tool_versions().items())
    identities, recent = _identities(files)
    where = entry("code-fingerprints", [identities, repr(versions)])
    known = read_entry(where)
    if known:
        return known
    digest = _Digest()
    for label, path in files:
        digest.add(label, _read(path))
    for tool, number in versions:
        digest.add(f"tool:{tool}", number.encode())
    made = digest.digest.hexdigest()
    if not recent:
        write_entry(where, made)
    return made


_RACY_NS = 2_000_000_000


def _identities(files: list[tuple[str, str]]) -> tuple[str, bool]:
    """Each file's label, inode, size, modification and change times; and whether one of
    them changed too recently for these to stand for its content."""
    lines = []
    newest = 0
    for label, path in files:
        st = os.stat(path)
        lines.append(f"{label}\0{st.st_ino}\0{st.st_size}\0{st.st_mtime_ns}\0{st.st_ctime_ns}")
        newest = max(newest, st.st_mtime_ns, st.st_ctime_ns)
    return "\n".join(lines), newest > time.time_ns() - _RACY_NS


def inputs_fingerprint(spec: Path) -> str:
    digest = _Digest()
    base = spec.parent if spec.is_file() else spec
    for folder in find_service_dirs(spec):
        for path in sorted(folder.glob("*.yaml")):
            try:
                data = path.read_bytes()
            except OSError as exc:  # unreadable: loading the specs reports it with its name
                data = f"\0unreadable: {exc.__class__.__name__}".encode()
            digest.add(f"spec:{path.relative_to(base.parent).as_posix()}", data)
    digest.add("code", code_fingerprint().encode())
    return digest.digest.hexdigest()
