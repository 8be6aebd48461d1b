"""`gen diff BASE [HEAD]`: compare two revisions of the specs and classify every change.

Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it, 2 usage error or a
side that does not load (never mistaken for a clean result).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import TextIO

import click

from ..model import Service
from ..problems import SpecError
from .compare import Finding, compare
from .config import ConfigError, apply_levels, config_path, read_levels
from .report import Report, render_json, render_markdown, render_rules, render_text
from .rules import rank
from .sources import Side, SourceError, load, resolve
from .surface import surface_diff

FAIL_ON = ("breaking", "warning", "info", "never")


def exit_code(findings: list[Finding], fail_on: str) -> int:
    if fail_on == "never":
        return 0
    return 1 if any(rank(f.level) <= rank(fail_on) for f in findings) else 0


def wants_color(stream: TextIO) -> bool:
    return stream.isatty() and "NO_COLOR" not in os.environ


def _load_sides(sides: list[Side]) -> list[list[Service]] | None:
    """Both models, or None after printing every problem of every side that failed."""
    models: list[list[Service]] = []
    for name, side in zip(("base", "head"), sides, strict=True):
        try:
            models.append(load(side))
        except SpecError as exc:
            click.echo(f"{name} {side.label} does not load:", err=True)
            for problem in exc.problems:
                click.echo(f"  {problem}", err=True)
    return models if len(models) == len(sides) else None


@click.command("diff", context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("base", required=False)
@click.argument("head", required=False)
@click.option("--spec", type=click.Path(path_type=Path), default=Path("spec"), show_default=True,
              help="The working tree's spec folder (HEAD when it is left out); also the folder read from revisions.")
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "json"]), default="text", show_default=True)
@click.option("--fail-on", type=click.Choice(FAIL_ON), default="breaking", show_default=True,
              help="Exit 1 when a finding is at this level or worse.")
@click.option("--show-doc", is_flag=True, help="Show doc-level findings in text and markdown (JSON always has them).")
@click.option("--config", "config_file", type=click.Path(path_type=Path, dir_okay=False, exists=True),
              help="Level overrides (default: .gen-diff.yaml at the repository root).")
@click.option("--rules", "list_rules", is_flag=True, help="List every rule id with its level and why, then exit.")
@click.pass_context
def diff_command(ctx: click.Context, base: str | None, head: str | None, spec: Path, fmt: str, fail_on: str,
                 show_doc: bool, config_file: Path | None, list_rules: bool) -> None:
    """Compare the specs at BASE with those at HEAD and classify every change by whom it breaks.

    BASE and HEAD are each a spec file, a spec folder, or a git revision (main, HEAD~1,
    origin/main; REV:path for another folder). HEAD defaults to the working tree (--spec).
    """
    cwd = Path.cwd()
    try:
        levels = read_levels(config_path(config_file, cwd))
    except ConfigError as exc:
        click.echo(str(exc), err=True)
        ctx.exit(2)
    if list_rules:
        click.echo(render_rules(levels), nl=False)
        return
    if base is None:
        raise click.UsageError("Missing argument 'BASE' (or use --rules).")
    report = _report(base, head, spec, cwd, levels)
    color = fmt == "text" and wants_color(sys.stdout)
    click.echo(_render(report, fmt, show_doc, color), nl=False, color=color)
    ctx.exit(exit_code(report.findings, fail_on))


def _report(base: str, head: str | None, spec: Path, cwd: Path, levels: dict[str, str]) -> Report:
    """Compare the two sides; exits 2 after saying why when either cannot be read."""
    with tempfile.TemporaryDirectory(prefix="gen-diff-") as scratch:
        try:
            sides = [resolve(text, spec, cwd, Path(scratch)) for text in (base, head)]
        except SourceError as exc:
            click.echo(f"Error: {exc}", err=True)
            raise click.exceptions.Exit(2) from exc
        models = _load_sides(sides)
    if models is None:
        raise click.exceptions.Exit(2)
    old, new = models
    return Report(sides[0].label, sides[1].label, apply_levels(compare(old, new), levels), surface_diff(old, new))


def _render(report: Report, fmt: str, show_doc: bool, color: bool) -> str:
    if fmt == "json":
        return render_json(report)
    if fmt == "markdown":
        return render_markdown(report, show_doc=show_doc)
    return render_text(report, show_doc=show_doc, color=color)


if __name__ == "__main__":
    diff_command(prog_name="gen diff")
