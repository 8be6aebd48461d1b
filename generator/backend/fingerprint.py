"""Hashes over everything that decides gen's output, so that finished work can be reused.

The code fingerprint covers every template, gen's own source and the versions of the tools
whose output is embedded; the inputs fingerprint adds every file of the spec folders (with
the names that appear in headers).
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

import gen_templates

from generator.frontend.folders import find_service_dirs
from generator.versions import tool_versions

GENERATOR = Path(__file__).resolve().parents[1]
# runtime.TEMPLATES, without importing the runtime modules (gen --check needs none of them).
TEMPLATES = Path(gen_templates.__file__).resolve().parent


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


class _Digest:
    def __init__(self) -> None:
        self.digest = hashlib.sha256()

    def add(self, label: str, data: bytes) -> None:
        self.digest.update(f"{label}\0{len(data)}\0".encode())
        self.digest.update(data)


@cache
def code_fingerprint() -> str:
    """Templates, gen's source and the tools' versions: what turns the same specs into
    different output."""
    digest = _Digest()
    for root, label in ((TEMPLATES, "template"), (GENERATOR, "generator")):
        for path in _files(root):
            digest.add(f"{label}:{path.relative_to(root).as_posix()}", path.read_bytes())
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
