"""Render a diff as text (coloured on a terminal), markdown (for a pull request) or JSON.

Doc-level findings are left out of text and markdown unless asked for; JSON always has
them, since tools filter better than people scroll.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from itertools import groupby
from typing import Any

import click

from .compare import Finding, Value
from .rules import CATALOGUE, LEVELS, rank
from .surface import KINDS, SurfaceChange

SCHEMA_VERSION = 1
_COLOURS = {"breaking": "red", "warning": "yellow", "info": "cyan", "doc": "bright_black"}
_KIND_LABELS = {
    "methods": "method",
    "keyword_arguments": "keyword argument",
    "classes": "class",
    "error_members": "error enum member",
    "exception_classes": "exception class",
}
_WIDTH = 80  # longer values (descriptions) are cut in text and markdown, never in JSON
_CONTEXT = 20  # characters kept before the first difference of two long texts


@dataclass(frozen=True)
class Report:
    base: str
    head: str
    findings: list[Finding]
    surface: dict[str, SurfaceChange]

    def counts(self) -> dict[str, int]:
        return {level: sum(f.level == level for f in self.findings) for level in LEVELS}

    def shown(self, show_doc: bool) -> list[Finding]:
        return [f for f in self.findings if show_doc or f.level != "doc"]


def summary_line(report: Report, show_doc: bool) -> str:
    counts = report.counts()
    text = ", ".join(f"{counts[level]} {level}" for level in LEVELS)
    if counts["doc"] and not show_doc:
        text += " (doc hidden; --show-doc shows them)"
    return text


def _by_operation(findings: list[Finding]) -> list[tuple[str, list[Finding]]]:
    """Operations with their findings, the operation with the worst finding first."""
    ordered = sorted(findings, key=lambda f: f.operation)
    groups = [(op, list(items)) for op, items in groupby(ordered, key=lambda f: f.operation)]
    return sorted(groups, key=lambda g: (min(rank(f.level) for f in g[1]), g[0]))


def _shorten(value: Value) -> str:
    if value is None:
        return "—"
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) or not value else value
    text = " ".join(text.split())
    return text if len(text) <= _WIDTH else text[: _WIDTH - 1] + "…"


def _pair(old: Value, new: Value) -> tuple[str, str]:
    """Both values, shortened; two long texts first lose the start they share, where
    nothing changed, so that what is left shows the edit."""
    if isinstance(old, str) and isinstance(new, str) and max(len(old), len(new)) > _WIDTH:
        start = max(len(os.path.commonprefix([old, new])) - _CONTEXT, 0)
        start = old.rfind(" ", 0, start) + 1 or start  # begin at a word
        if start:
            return _shorten("…" + old[start:]), _shorten("…" + new[start:])
    return _shorten(old), _shorten(new)


def _surface_rows(surface: dict[str, SurfaceChange]) -> list[tuple[str, str, str]]:
    rows = []
    for kind in KINDS:
        rows += [("added", _KIND_LABELS[kind], name) for name in surface[kind].added]
        rows += [("removed", _KIND_LABELS[kind], name) for name in surface[kind].removed]
    return rows


# -- text ------------------------------------------------------------------------------------
def render_text(report: Report, *, show_doc: bool, color: bool) -> str:
    def paint(text: str, level: str) -> str:
        return click.style(text, fg=_COLOURS[level], bold=level == "breaking") if color else text

    lines = [f"gen diff {report.base} -> {report.head}"]
    for op, findings in _by_operation(report.shown(show_doc)):
        lines.append(click.style(op, bold=True) if color else op)
        for f in findings:
            change = " -> ".join(_pair(f.old, f.new))
            lines.append(f"  {paint(f.level.ljust(8), f.level)}  {f.rule}  {f.path}: {change}")
            lines.append(f"            {f.why}")
    if len(lines) == 1:
        lines.append("No changes." if not report.findings else "No changes above doc level.")
    lines.append(f"Summary: {summary_line(report, show_doc)}")
    rows = _surface_rows(report.surface)
    lines.append("Public surface:" + ("" if rows else " unchanged"))
    lines += [f"  {'+' if change == 'added' else '-'} {kind} {name}" for change, kind, name in rows]
    return "\n".join(lines) + "\n"


# -- markdown --------------------------------------------------------------------------------
def _code(value: str) -> str:
    # Inside a table a pipe ends the cell even in a code span, so it is escaped there too.
    value = value.replace("|", "\\|")
    fence = "``" if "`" in value else "`"
    pad = " " if fence == "``" else ""
    return f"{fence}{pad}{value}{pad}{fence}"


def _cell(text: str) -> str:
    return text if text == "—" else _code(text)


def _row(f: Finding) -> str:
    old, new = _pair(f.old, f.new)
    why = f.why.replace("|", "\\|")
    return f"| {f.level} | {_code(f.rule)} | {_code(f.path)} | {_cell(old)} | {_cell(new)} | {why} |"


def render_markdown(report: Report, *, show_doc: bool) -> str:
    counts = report.counts()
    bold = f"**{counts['breaking']} breaking**" if counts["breaking"] else "0 breaking"
    summary = summary_line(report, show_doc).replace(f"{counts['breaking']} breaking", bold, 1)
    lines = [f"**gen diff** {_code(report.base)} → {_code(report.head)}: {summary}", ""]
    for op, findings in _by_operation(report.shown(show_doc)):
        lines += [f"#### {op}", "", "| Level | Rule | Path | Old | New | Why |", "|---|---|---|---|---|---|"]
        lines += [_row(f) for f in findings]
        lines.append("")
    lines += ["#### Public surface", ""]
    rows = _surface_rows(report.surface)
    if rows:
        lines += ["| Change | Kind | Name |", "|---|---|---|"]
        lines += [f"| {change} | {kind} | {_code(name)} |" for change, kind, name in rows]
    else:
        lines.append("Unchanged.")
    return "\n".join(lines) + "\n"


# -- JSON ------------------------------------------------------------------------------------
def report_dict(report: Report) -> dict[str, Any]:
    counts = report.counts()
    return {
        "schema_version": SCHEMA_VERSION,
        "base": report.base,
        "head": report.head,
        "summary": {**counts, "total": len(report.findings)},
        "findings": [_finding_dict(f) for f in report.findings],
        "surface": {kind: {"added": list(c.added), "removed": list(c.removed)} for kind, c in report.surface.items()},
    }


def _finding_dict(f: Finding) -> dict[str, Any]:
    return {
        "rule": f.rule,
        "level": f.level,
        "operation": f.operation,
        "path": f.path,
        "old": f.old,
        "new": f.new,
        "why": f.why,
        "fingerprint": f.fingerprint,
    }


def render_json(report: Report) -> str:
    return json.dumps(report_dict(report), indent=2, ensure_ascii=False) + "\n"


# -- the catalogue ---------------------------------------------------------------------------
def render_rules(levels: dict[str, str]) -> str:
    """Every rule id with its default level (and the configured one, where it differs)."""
    width = max(len(rule) for rule in CATALOGUE)
    lines = []
    for rule, info in CATALOGUE.items():
        level = info.level if levels.get(rule, info.level) == info.level else f"{info.level}->{levels[rule]}"
        lines.append(f"{rule.ljust(width)}  {level.ljust(8)}  {info.why}")
    return "\n".join(lines) + "\n"
