"""Rendering details that the command-level tests do not pin down."""

from __future__ import annotations

from generator.diff.compare import Finding
from generator.diff.report import Report, render_markdown, render_text
from generator.diff.rules import CATALOGUE
from generator.diff.surface import KINDS, SurfaceChange

UNCHANGED = {kind: SurfaceChange((), ()) for kind in KINDS}


def finding(rule: str, path: str, old: str | None, new: str | None) -> Finding:
    info = CATALOGUE[rule]
    return Finding(rule, info.level, "CreateJob", path, old, new, info.why)


def test_long_texts_keep_the_part_that_changed() -> None:
    start = "The name of the job template. " * 5
    report = Report(
        "a",
        "b",
        [finding("description-changed", "AppName", start + "Old ending.", start + "New ending.")],
        UNCHANGED,
    )
    text = render_text(report, show_doc=True, color=False)
    assert "AppName: …of the job template. Old ending. -> …of the job template. New ending." in text


def test_markdown_cells_escape_pipes() -> None:
    report = Report(
        "a", "b", [finding("pattern-changed", "AppName", "^(a|b)$", "^(a|b|c)$")], UNCHANGED
    )
    row = next(
        line
        for line in render_markdown(report, show_doc=False).splitlines()
        if "pattern-changed" in line
    )
    assert row.startswith(
        "| warning | `pattern-changed` | `AppName` | `^(a\\|b)$` | `^(a\\|b\\|c)$` |"
    )
    assert row.count(" | ") == 7  # eight cells: the escaped pipes did not open new ones


def test_colour_codes_only_when_asked() -> None:
    report = Report(
        "a", "b", [finding("parameter-removed", "Timeout", "long in query", None)], UNCHANGED
    )
    assert "\x1b[" not in render_text(report, show_doc=False, color=False)
    assert "\x1b[31m\x1b[1mbreaking" in render_text(report, show_doc=False, color=True)


def test_surface_lines_in_text() -> None:
    surface = UNCHANGED | {"methods": SurfaceChange(("pkg.delete_job",), ("pkg.create_job",))}
    text = render_text(Report("a", "b", [], surface), show_doc=False, color=False)
    assert text.endswith("Public surface:\n  + method pkg.delete_job\n  - method pkg.create_job\n")
