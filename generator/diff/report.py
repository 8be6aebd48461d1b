"""Render a diff as text (coloured on a terminal), markdown (for a pull request), GitHub
workflow annotations or JSON.

Doc-level findings are left out of text, markdown and annotations unless asked for; JSON
always has them, since tools filter better than people scroll. Markdown is cut to a size
(a pull-request comment holds 65,536 characters) and says what it left out; JSON never is.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import groupby
from typing import Any

import click

from generator.diff.compare import Finding, Value
from generator.diff.rules import CATALOGUE, LEVELS, rank
from generator.diff.surface import KINDS, SurfaceChange

SCHEMA_VERSION = 2
MARKDOWN_MAX_BYTES = 60_000  # a pull-request comment holds 65,536 characters; room for a header
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
    as_of: str = ""  # the ISO date sunsets and waiver expiries were judged against
    # A finding -> its file:line on the base side and on the head side (None where absent);
    # asked only for the findings a format prints, since it reads the spec files again.
    locate: Callable[[Finding], tuple[str | None, str | None]] | None = None
    owners: dict[str, str] = field(default_factory=dict)  # surface name -> the method it belongs to
    expired_waivers: tuple[
        tuple[str, str], ...
    ] = ()  # (fingerprint, expiry) of waivers no longer applied

    def counts(self) -> dict[str, int]:
        """Findings per level, waived ones counted apart: they never fail a run."""
        counts = {
            level: sum(f.level == level and not f.waived for f in self.findings) for level in LEVELS
        }
        return counts | {"waived": sum(bool(f.waived) for f in self.findings)}

    def shown(self, show_doc: bool) -> list[Finding]:
        return [f for f in self.findings if show_doc or f.level != "doc"]

    def locations(self, f: Finding) -> tuple[str | None, str | None]:
        return self.locate(f) if self.locate else (None, None)

    def where(self, f: Finding) -> str:
        base, head = self.locations(f)
        if base and head and base != head:
            return f"{base} -> {head}"
        return head or base or ""


def summary_line(report: Report, show_doc: bool) -> str:
    counts = report.counts()
    text = ", ".join(f"{counts[level]} {level}" for level in LEVELS)
    if counts["waived"]:
        text += f", {counts['waived']} waived"
    if counts["doc"] and not show_doc:
        text += " (doc hidden; --show-doc shows them)"
    return text


def _expired_lines(report: Report) -> list[str]:
    return [
        f"Waiver {fp} expired on {day}; it no longer applies." for fp, day in report.expired_waivers
    ]


def _by_operation(findings: list[Finding]) -> list[tuple[str, list[Finding]]]:
    """Operations with their findings, the operation with the worst finding first."""
    ordered = sorted(findings, key=lambda f: f.operation)
    groups = [(op, list(items)) for op, items in groupby(ordered, key=lambda f: f.operation)]
    return sorted(groups, key=lambda g: (min(rank(f.level) for f in g[1]), g[0]))


def _shorten(value: Value) -> str:
    if value is None:
        return "—"
    text = (
        json.dumps(value, ensure_ascii=False) if not isinstance(value, str) or not value else value
    )
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


def _surface_rows(report: Report) -> list[tuple[str, str, str]]:
    """(change, kind, name) rows; an added or removed method is one row that stands for its
    keyword arguments and classes too, so that new operations do not flood a review."""
    surface, owners = report.surface, report.owners
    rows = []
    for change in ("added", "removed"):
        methods = set(getattr(surface["methods"], change))
        members: dict[str, int] = dict.fromkeys(methods, 0)
        for kind in KINDS[1:]:
            for name in getattr(surface[kind], change):
                if owners.get(name) in methods:
                    members[owners[name]] += 1
        for name in sorted(methods):
            suffix = (
                f" (and its {members[name]} keyword arguments and classes)" if members[name] else ""
            )
            rows.append((change, "method", name + suffix))
    for kind in KINDS[1:]:
        for change in ("added", "removed"):
            methods = set(getattr(surface["methods"], change))
            rows += [
                (change, _KIND_LABELS[kind], n)
                for n in getattr(surface[kind], change)
                if owners.get(n) not in methods
            ]
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
            where = report.where(f)
            lines.append(f"            {where + '  ' if where else ''}[{f.fingerprint}]")
            if f.waived:
                lines.append(f"            waived: {f.waived}")
    if len(lines) == 1:
        lines.append("No changes." if not report.findings else "No changes above doc level.")
    lines += _expired_lines(report)
    lines.append(f"Summary: {summary_line(report, show_doc)}")
    rows = _surface_rows(report)
    lines.append("Public surface:" + ("" if rows else " unchanged"))
    lines += [f"  {'+' if change == 'added' else '-'} {kind} {name}" for change, kind, name in rows]
    return "\n".join(lines) + "\n"


# -- markdown --------------------------------------------------------------------------------
def _pipes(text: str) -> str:
    """Inside a table a pipe ends the cell, even in a code span."""
    return text.replace("|", "\\|")


def _code(value: str) -> str:
    value = _pipes(value)
    fence = "``" if "`" in value else "`"
    pad = " " if fence == "``" else ""
    return f"{fence}{pad}{value}{pad}{fence}"


def _cell(text: str) -> str:
    return text if text == "—" else _code(text)


def _row(report: Report, f: Finding) -> str:
    old, new = _pair(f.old, f.new)
    why = _pipes(f"**Waived:** {f.waived} ({f.why})" if f.waived else f.why)
    level = f"waived {f.level}" if f.waived else f.level
    where = report.where(f)
    return (
        f"| {level} | {_code(f.rule)} | {_code(f.path)} | {_cell(old)} | {_cell(new)} | {why} "
        f"| {_code(where) if where else '—'} | {_code(f.fingerprint)} |"
    )


class _Budget:
    """Lines up to a size in bytes; what does not fit is counted instead of written."""

    def __init__(self, max_bytes: int) -> None:
        self.lines: list[str] = []
        self.left = max_bytes
        self.dropped: dict[str, int] = {}

    def fits(self, *lines: str) -> bool:
        return sum(len(line.encode("utf-8")) + 1 for line in lines) <= self.left

    def add(self, *lines: str, what: str = "") -> bool:
        if what and (self.dropped or not self.fits(*lines)):
            self.dropped[what] = self.dropped.get(what, 0) + 1
            return False
        self.lines += lines
        self.left -= sum(len(line.encode("utf-8")) + 1 for line in lines)
        return True


_FOOTER_ROOM = 600  # bytes kept for the note that says what was cut


def render_markdown(
    report: Report, *, show_doc: bool, max_bytes: int = MARKDOWN_MAX_BYTES, full_report: str = ""
) -> str:
    """At most max_bytes of UTF-8; findings go worst first, so a cut drops the mildest."""
    counts = report.counts()
    bold = f"**{counts['breaking']} breaking**" if counts["breaking"] else "0 breaking"
    summary = summary_line(report, show_doc).replace(f"{counts['breaking']} breaking", bold, 1)
    out = _Budget(max_bytes - _FOOTER_ROOM)
    out.add(f"**gen diff** {_code(report.base)} → {_code(report.head)}: {summary}", "")
    if report.expired_waivers:
        out.add(*_expired_lines(report), "")
    header = [
        "| Level | Rule | Path | Old | New | Why | Where | Fingerprint |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for op, findings in _by_operation(report.shown(show_doc)):
        # Rows are made only while there is room: each one locates its finding in the files.
        started = not out.dropped and out.fits(
            f"#### {op}", "", *header, _row(report, findings[0]), ""
        )
        if started:
            out.add(f"#### {op}", "", *header)
        for f in findings:
            if started and not out.dropped:
                out.add(_row(report, f), what=f.level)  # counted as left out when it does not fit
            else:
                out.dropped[f.level] = out.dropped.get(f.level, 0) + 1
        if started:
            out.add("")
    surface = _surface_rows(report)
    out.add("#### Public surface", "")
    if surface:
        out.add("| Change | Kind | Name |", "|---|---|---|")
        for change, kind, name in surface:
            out.add(f"| {change} | {kind} | {_code(name)} |", what="surface")
    else:
        out.add("Unchanged.")
    lines = out.lines
    if out.dropped:
        left = ", ".join(
            f"{n} {level}"
            for level, n in sorted(out.dropped.items(), key=lambda i: _drop_order(i[0]))
        )
        where = f"`{full_report}`" if full_report else "`gen diff` with `--format json`"
        lines += [
            "",
            f"_Cut to fit {max_bytes:,} bytes: left out {left} (findings by level; surface rows). "
            f"The full report: {where}._",
        ]
    return "\n".join(lines) + "\n"


def _drop_order(what: str) -> int:
    return rank(what) if what in LEVELS else len(LEVELS)


# -- GitHub workflow annotations ---------------------------------------------------------------
_ANNOTATION = {"breaking": "error", "warning": "warning", "info": "notice", "doc": "notice"}


def render_github(report: Report, *, show_doc: bool) -> str:
    """One `::error|warning|notice file=...,line=...::` workflow command per finding, at its
    head side (or its base side for what was removed); waived findings are notices."""
    lines = []
    for f in report.shown(show_doc):
        base, head = report.locations(f)
        props = [f"title={_escape_property(f'gen diff: {f.rule} ({f.level})')}"]
        where = head or base
        if where:
            file, _, line = where.rpartition(":")
            props = [f"file={_escape_property(file)}", f"line={line}"] + props
        old, new = _pair(f.old, f.new)
        message = f"{f.operation} {f.path}: {old} -> {new}. {f.why} [{f.fingerprint}]"
        if f.waived:
            message += f" Waived: {f.waived}"
        command = "notice" if f.waived else _ANNOTATION[f.level]
        lines.append(f"::{command} {','.join(props)}::{_escape_data(message)}")
    lines += [f"::warning::{_escape_data(line)}" for line in _expired_lines(report)]
    lines.append(f"::notice title=gen diff::{_escape_data(summary_line(report, show_doc))}")
    return "\n".join(lines) + "\n"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


# -- JSON ------------------------------------------------------------------------------------
def report_dict(report: Report) -> dict[str, Any]:
    counts = report.counts()
    return {
        "schema_version": SCHEMA_VERSION,
        "base": report.base,
        "head": report.head,
        "as_of": report.as_of,
        "summary": {**counts, "total": len(report.findings)},
        "findings": [_finding_dict(report, f) for f in report.findings],
        "surface": {
            kind: {"added": list(c.added), "removed": list(c.removed)}
            for kind, c in report.surface.items()
        },
        "expired_waivers": [
            {"fingerprint": fp, "expires": day} for fp, day in report.expired_waivers
        ],
    }


def _finding_dict(report: Report, f: Finding) -> dict[str, Any]:
    base, head = report.locations(f)
    return {
        "rule": f.rule,
        "level": f.level,
        "operation": f.operation,
        "path": f.path,
        "old": f.old,
        "new": f.new,
        "why": f.why,
        "fingerprint": f.fingerprint,
        "waived": f.waived,
        "base_location": base,
        "head_location": head,
    }


def render_json(report: Report) -> str:
    return json.dumps(report_dict(report), indent=2, ensure_ascii=False) + "\n"


# -- the catalogue ---------------------------------------------------------------------------
def render_rules(levels: dict[str, str], fmt: str = "text") -> str:
    """Every rule id with its default level (and the configured one, where it differs);
    fmt markdown gives the table that generator/diff/README.md shows."""
    if fmt == "markdown":
        rows = [
            f"| {_code(rule)} | {_configured(info.level, levels.get(rule, info.level))} | {_pipes(info.why)} |"
            for rule, info in CATALOGUE.items()
        ]
        return "\n".join(["| Rule | Level | Why |", "|---|---|---|", *rows]) + "\n"
    width = max(len(rule) for rule in CATALOGUE)
    lines = []
    for rule, info in CATALOGUE.items():
        level = _configured(info.level, levels.get(rule, info.level))
        lines.append(f"{rule.ljust(width)}  {level.ljust(8)}  {info.why}")
    return "\n".join(lines) + "\n"


def _configured(default: str, level: str) -> str:
    return default if level == default else f"{default}->{level}"
