"""The repository's configuration: the ``[tool.gen]`` table of the nearest pyproject.toml.

    [tool.gen]
    spec = "spec"            # the spec folder
    out = "generated"        # where the packages go
    docs = "docs"            # optional: the folder `source:` paths are relative to

    [tool.gen.diff]          # gen diff's rule levels and waivers (generator/diff/README.md)
    levels = { parameter-added-optional = "warning" }

The file is looked for from the working folder upward, stopping at the repository's root
(a folder holding .git). Paths are relative to the file's folder. Command-line flags win.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from generator.records import Record

FILE = "pyproject.toml"
KEYS = {
    "spec": "the spec folder",
    "out": "the output folder",
    "docs": "the folder of saved pages",
    "diff": "gen diff's settings (a table)",
}


class ConfigError(Exception):
    """The configuration cannot be used; the message names the file and the key."""


class Config(Record):  # not a dataclass: `gen --check` imports nothing it need not
    file: Path | None = None  # None: no [tool.gen] found, every default applies
    spec: Path = Path("spec")
    out: Path = Path("generated")
    docs: Path | None = None
    diff: dict[str, Any] = {}  # shared by every Config: never changed in place


def load(start: Path) -> Config:
    """The nearest pyproject.toml with a [tool.gen] table, from start up to the repository
    root (a folder holding .git); every default when there is none."""
    for folder in (start, *start.parents):
        candidate = folder / FILE
        if candidate.is_file():
            table = _table(candidate)
            if table is not None:
                return _config(candidate, table)
        if (folder / ".git").exists():
            break
    return Config()


def _table(path: Path) -> dict[str, Any] | None:
    import tomllib  # here: most runs find no pyproject.toml, or the same one, once

    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: {exc}") from exc
    tool = data.get("tool")
    table = tool.get("gen") if isinstance(tool, dict) else None
    if table is not None and not isinstance(table, dict):
        raise ConfigError(f"{path}: tool.gen must be a table ([tool.gen])")
    return table


def _config(path: Path, table: dict[str, Any]) -> Config:
    unknown = sorted(set(table) - set(KEYS))
    if unknown:
        known = ", ".join(f"{k} ({why})" for k, why in KEYS.items())
        raise ConfigError(f"{path}: [tool.gen] has no key {unknown[0]!r}; the keys are {known}")
    paths = {}
    for key in ("spec", "out", "docs"):
        if key in table:
            if not isinstance(table[key], str) or not table[key].strip():
                raise ConfigError(f"{path}: [tool.gen] {key} must be a folder path (a string)")
            paths[key] = Path(
                os.path.relpath(path.parent / table[key])
            )  # as the user would type it
    diff = table.get("diff", {})
    if not isinstance(diff, dict):
        raise ConfigError(f"{path}: [tool.gen] diff must be a table ([tool.gen.diff])")
    return Config(file=path, diff=diff, **paths)


def table_text(spec: str = "spec", out: str = "generated") -> str:
    """The [tool.gen] table `gen init` writes."""
    return f'\n[tool.gen]\nspec = "{spec}"\nout = "{out}"\n'
