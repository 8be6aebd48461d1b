"""Hashes over everything that decides gen's output, so that finished work can be reused.

The code fingerprint covers every template, gen's own source and the versions of the tools
whose output is embedded; the inputs fingerprint adds every file of the spec folders (with
the names that appear in headers).
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

import gen_templates

from generator.frontend.folders import find_service_dirs
from generator.hashing import fingerprint
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
        self.digest = fingerprint()

    def add(self, label: str, data: bytes) -> None:
        self.digest.update(f"{label}\0{len(data)}\0".encode())
        self.digest.update(data)


@cache
def code_fingerprint() -> str:
    """Templates, gen's source and the tools' versions: what turns the same specs into
    different output."""
    digest = _Digest()
    for root, label in ((TEMPLATES, "template"), (GENERATOR, "generator")):
        for name, path in _files(root):
            digest.add(f"{label}:{name}", _read(path))
    for tool, number in sorted(tool_versions().items()):
        digest.add(f"tool:{tool}", number.encode())
    return digest.digest.hexdigest()


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
