"""Per-repository level overrides, read from .gen-diff.yaml at the repository root.

    levels:
      parameter-added-optional: warning   # this repository wants to review every new argument
      description-changed: off            # never report it

An unknown rule id or level is an error, so that a typo cannot silently keep a default.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from ..problems import Problem
from ..yamlload import load
from .compare import Finding, sort_findings
from .rules import CATALOGUE, LEVELS, OFF
from .sources import repo_root

CONFIG_NAME = ".gen-diff.yaml"
CHOICES = (*LEVELS, OFF)


class ConfigError(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def config_path(explicit: Path | None, cwd: Path) -> Path | None:
    if explicit is not None:
        return explicit
    candidate = (repo_root(cwd) or cwd) / CONFIG_NAME
    return candidate if candidate.is_file() else None


def read_levels(path: Path | None) -> dict[str, str]:
    """Rule id -> level (or off); empty when there is no config."""
    if path is None:
        return {}
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError([Problem(str(path), 1, 1, "", f"cannot read: {exc}")]) from exc
    doc, problems = load(text, str(path))
    if doc is None or problems:
        raise ConfigError(problems)
    data = doc.data
    if not isinstance(data, dict) or set(data) - {"levels"} or not isinstance(data.get("levels", {}), dict):
        raise ConfigError([doc.problem((), "expected a mapping with one key, levels: {rule-id: level}")])
    # YAML 1.1 reads a bare `off` as false; that is what a user writing off means.
    levels = {rule: OFF if level is False else level for rule, level in (data.get("levels") or {}).items()}
    found = [doc.problem(("levels", rule), message) for rule, message in _level_problems(levels)]
    if found:
        raise ConfigError(found)
    return {rule: str(level) for rule, level in levels.items()}


def _level_problems(levels: dict[str, object]) -> Iterable[tuple[str, str]]:
    for rule, level in levels.items():
        if rule not in CATALOGUE:
            yield rule, f"unknown rule id {rule!r} (gen diff --rules lists them)"
        elif level not in CHOICES:
            yield rule, f"level {level!r} is not one of {', '.join(CHOICES)}"


def apply_levels(findings: Iterable[Finding], levels: dict[str, str]) -> list[Finding]:
    kept = [replace(f, level=levels.get(f.rule, f.level)) for f in findings]
    return sort_findings(f for f in kept if f.level != OFF)
