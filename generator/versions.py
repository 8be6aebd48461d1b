"""Versions of the tools whose output gen embeds, looked up once per process.

importlib.metadata.version() scans every path entry on each call (about 12 ms here), and
reading every distribution's metadata once costs 0.1 s. The names of the installed
`*.dist-info` folders carry name and version already (PEP 427/376), so listing the
folders on sys.path is enough.
"""

from __future__ import annotations

import os
import sys
from functools import cache

TOOLS = ("black", "ruff", "datamodel-code-generator", "jinja2", "pyyaml")


def _normal(name: str) -> str:
    return name.lower().replace("_", "-")


@cache
def tool_versions() -> dict[str, str]:
    found: dict[str, str] = {}
    for entry in sys.path:  # first match wins, as for imports
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for folder in names:
            if not folder.endswith(".dist-info"):
                continue
            name, _, number = folder[: -len(".dist-info")].partition("-")
            if _normal(name) in TOOLS and _normal(name) not in found:
                found[_normal(name)] = number
    missing = [t for t in TOOLS if t not in found]
    if missing:
        raise RuntimeError(f"gen needs these installed: {', '.join(missing)}")
    return found


def tool_version(name: str) -> str:
    return tool_versions()[_normal(name)]
