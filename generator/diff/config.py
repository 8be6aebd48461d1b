"""Per-repository configuration of `gen diff`: level overrides and waivers.

    levels:
      parameter-added-optional: warning   # this repository wants to review every new argument
      description-changed: off            # never report it
    waivers:
      - fingerprint: 437e4fb4b5a63069     # from the JSON report or the markdown table
        reason: Timeout was never sent by any caller (checked in the access logs).
        expires: "2026-12-31"             # optional: the waiver stops applying after this date

The configuration is a plain mapping. `.gen-diff.yaml` at the repository root (or
--config FILE) is one source; `diff_config_from_mapping` takes the same mapping from any
other (a `[tool.gen.diff]` table, say). An unknown key, rule id or level is an error naming
the file and key, so that a typo cannot silently keep a default.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from generator.diff.compare import Finding, sort_findings
from generator.diff.rules import CATALOGUE, LEVELS, OFF
from generator.diff.sources import repo_root
from generator.frontend.located import dotted, load
from generator.problems import Problem

CONFIG_NAME = ".gen-diff.yaml"
CHOICES = (*LEVELS, OFF)
KEYS = ("levels", "waivers")
_WAIVER_KEYS = ("fingerprint", "reason", "expires")
_FINGERPRINT = re.compile(r"^[0-9a-f]{16}$")
Key = tuple[str | int, ...]


class ConfigError(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass(frozen=True)
class Waiver:
    fingerprint: str
    reason: str
    expires: date | None = None

    def applies(self, as_of: date) -> bool:
        return self.expires is None or as_of <= self.expires


@dataclass(frozen=True)
class DiffConfig:
    levels: dict[str, str] = field(default_factory=dict)  # rule id -> level or off
    waivers: tuple[Waiver, ...] = ()


def config_path(explicit: Path | None, cwd: Path) -> Path | None:
    if explicit is not None:
        return explicit
    candidate = (repo_root(cwd) or cwd) / CONFIG_NAME
    return candidate if candidate.is_file() else None


def read_config(path: Path | None) -> DiffConfig:
    """The configuration in a YAML file; the empty one when there is no file."""
    if path is None:
        return DiffConfig()
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError([Problem(str(path), 1, 1, "", f"cannot read: {exc}")]) from exc
    doc, problems = load(text, str(path))
    if doc is None or problems:
        raise ConfigError(problems)
    return diff_config_from_mapping(doc.data, str(path), position=doc.position)


def diff_config_from_mapping(
    data: object,
    origin: str,
    *,
    prefix: Key = (),
    position: Callable[[Key], tuple[int, int]] | None = None,
) -> DiffConfig:
    """The configuration in a mapping with the keys `levels` and `waivers` (both optional).

    origin names where it came from in error messages (a file name); prefix is the mapping's
    own key there (("tool", "gen", "diff") for a pyproject table), so that a problem reads
    `pyproject.toml:1:1: tool.gen.diff.levels.x: ...`; position gives the line and column of
    a key path when known. Raises ConfigError with every problem.
    """
    found: list[Problem] = []

    def problem(key: Key, message: str) -> None:
        line, column = position(key) if position else (1, 1)
        found.append(Problem(origin, line, column, dotted(prefix + key), message))

    if not isinstance(data, dict):
        problem((), "expected a mapping with the keys levels and waivers")
        raise ConfigError(found)
    for key in data:
        if key not in KEYS:
            problem((key,), f"unknown key {key!r} (expected {' or '.join(KEYS)})")
    levels = _levels(data.get("levels") or {}, problem)
    waivers = _waivers(data.get("waivers") or [], problem)
    if found:
        raise ConfigError(found)
    return DiffConfig(levels, waivers)


def _levels(raw: object, problem: Callable[[Key, str], None]) -> dict[str, str]:
    if not isinstance(raw, dict):
        problem(("levels",), "expected a mapping {rule-id: level}")
        return {}
    # YAML 1.1 reads a bare `off` as false; that is what a user writing off means.
    levels = {rule: OFF if level is False else level for rule, level in raw.items()}
    for rule, message in _level_problems(levels):
        problem(("levels", rule), message)
    return {rule: str(level) for rule, level in levels.items()}


def _level_problems(levels: dict[str, object]) -> Iterable[tuple[str, str]]:
    for rule, level in levels.items():
        if rule not in CATALOGUE:
            yield rule, f"unknown rule id {rule!r} (gen diff --rules lists them)"
        elif level not in CHOICES:
            yield rule, f"level {level!r} is not one of {', '.join(CHOICES)}"


def _waivers(raw: object, problem: Callable[[Key, str], None]) -> tuple[Waiver, ...]:
    if not isinstance(raw, list):
        problem(("waivers",), "expected a list of {fingerprint, reason, expires}")
        return ()
    out = []
    for i, entry in enumerate(raw):
        where: Key = ("waivers", i)
        if not isinstance(entry, dict):
            problem(where, "expected a mapping {fingerprint, reason, expires}")
            continue
        for key in entry:
            if key not in _WAIVER_KEYS:
                problem(where + (key,), f"unknown key {key!r} (expected {', '.join(_WAIVER_KEYS)})")
        fingerprint, reason = entry.get("fingerprint"), entry.get("reason")
        if not isinstance(fingerprint, str) or not _FINGERPRINT.match(fingerprint):
            problem(
                where + ("fingerprint",), "expected the 16 hex digits of a finding's fingerprint"
            )
        if not isinstance(reason, str) or not reason.strip():
            problem(where + ("reason",), "a waiver needs a reason")
        expires = _date(entry.get("expires"), problem, where + ("expires",))
        if isinstance(fingerprint, str) and isinstance(reason, str):
            out.append(Waiver(fingerprint, reason.strip(), expires))
    return tuple(out)


def _date(value: Any, problem: Callable[[Key, str], None], where: Key) -> date | None:
    if value is None or isinstance(value, date):  # YAML reads an unquoted date as a date
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        problem(where, f"{value!r} is not a date (YYYY-MM-DD)")
        return None


def apply_config(findings: Iterable[Finding], config: DiffConfig, as_of: date) -> list[Finding]:
    """Findings with the configured levels (off ones dropped) and their waivers' reasons."""
    waived = {w.fingerprint: w.reason for w in config.waivers if w.applies(as_of)}
    kept = [
        replace(f, level=config.levels.get(f.rule, f.level), waived=waived.get(f.fingerprint))
        for f in findings
    ]
    return sort_findings(f for f in kept if f.level != OFF)


def expired_waivers(config: DiffConfig, as_of: date) -> list[Waiver]:
    return [w for w in config.waivers if not w.applies(as_of)]
