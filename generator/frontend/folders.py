"""Where the service folders of a spec root are (no parsing: `gen --check` needs only this)."""

from __future__ import annotations

from pathlib import Path

SERVICE_FILE = "service.yaml"


def find_service_dirs(root: Path) -> list[Path]:
    if root.is_file():
        return [root.parent]
    return sorted(p.parent for p in root.rglob(SERVICE_FILE))
