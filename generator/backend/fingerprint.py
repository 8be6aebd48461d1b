"""One hash over everything that decides gen's output, so a finished tree can be reused.

Inputs: every file of the spec folders (with the names that appear in headers), every
template, gen's own source, and the versions of the tools whose output is embedded.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import gen_templates

from generator.frontend.folders import find_service_dirs
from generator.versions import tool_versions

GENERATOR = Path(__file__).resolve().parents[1]
# runtime.TEMPLATES, without importing the runtime modules (gen --check needs none of them).
TEMPLATES = Path(gen_templates.__file__).resolve().parent


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


def inputs_fingerprint(spec: Path) -> str:
    digest = hashlib.sha256()

    def add(label: str, data: bytes) -> None:
        digest.update(f"{label}\0{len(data)}\0".encode())
        digest.update(data)

    base = spec.parent if spec.is_file() else spec
    for folder in find_service_dirs(spec):
        for path in sorted(folder.glob("*.yaml")):
            try:
                data = path.read_bytes()
            except OSError as exc:  # unreadable: loading the specs reports it with its name
                data = f"\0unreadable: {exc.__class__.__name__}".encode()
            add(f"spec:{path.relative_to(base.parent).as_posix()}", data)
    for root, label in ((TEMPLATES, "template"), (GENERATOR, "generator")):
        for path in _files(root):
            add(f"{label}:{path.relative_to(root).as_posix()}", path.read_bytes())
    for tool, number in sorted(tool_versions().items()):
        add(f"tool:{tool}", number.encode())
    return digest.hexdigest()
