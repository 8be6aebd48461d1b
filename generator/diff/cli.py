"""`gen diff BASE [HEAD]`: compare two revisions of the specs and classify every change.

Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it, 2 usage error or a
side that does not load (never mistaken for a clean result).
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TextIO

import click

from generator.diff.compare import Finding, compare
from generator.diff.config import (
    ConfigError,
    DiffConfig,
    apply_config,
    config_path,
    diff_config_from_mapping,
    expired_waivers,
    read_config,
)
from generator.diff.report import (
    MARKDOWN_MAX_BYTES,
    Report,
    render_github,
    render_json,
    render_markdown,
    render_rules,
    render_text,
)
from generator.diff.rules import rank
from generator.diff.sources import Locator, Side, SourceError, load, resolve
from generator.diff.surface import owners, surface_diff
from generator.model import Service
from generator.problems import SpecError

FAIL_ON = ("breaking", "warning", "info", "never")


def exit_code(findings: list[Finding], fail_on: str) -> int:
    if fail_on == "never":
        return 0
    return 1 if any(rank(f.level) <= rank(fail_on) and not f.waived for f in findings) else 0


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
@click.option(
    "--spec",
    type=click.Path(path_type=Path),
    default=Path("spec"),
    show_default=True,
    help="The working tree's spec folder (HEAD when it is left out); also the folder read from revisions.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "markdown", "json", "github"]),
    default="text",
    show_default=True,
    help="github: workflow annotations (::error file=...,line=...::) for a GitHub Actions step.",
)
@click.option(
    "--fail-on",
    type=click.Choice(FAIL_ON),
    default="breaking",
    show_default=True,
    help="Exit 1 when a finding is at this level or worse.",
)
@click.option(
    "--show-doc",
    is_flag=True,
    help="Show doc-level findings in text, markdown and github (JSON always has them).",
)
@click.option(
    "--config",
    "config_file",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="Level overrides and waivers (default: [tool.gen.diff] in pyproject.toml, else .gen-diff.yaml at the repository root).",
)
@click.option(
    "--as-of",
    "as_of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="The day sunsets and waiver expiries are judged against (default: today, UTC).",
)
@click.option(
    "--max-bytes",
    type=click.IntRange(min=2000),
    default=MARKDOWN_MAX_BYTES,
    show_default=True,
    help="Markdown: cut the report to this many bytes, saying what was left out.",
)
@click.option(
    "--json-out",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Also write the full JSON report here (the markdown's cut note points to it).",
)
@click.option(
    "--rules",
    "list_rules",
    is_flag=True,
    help="List every rule id with its level and why, then exit.",
)
@click.pass_context
def diff_command(
    ctx: click.Context,
    base: str | None,
    head: str | None,
    spec: Path,
    fmt: str,
    fail_on: str,
    show_doc: bool,
    config_file: Path | None,
    as_of: object,
    max_bytes: int,
    json_out: Path | None,
    list_rules: bool,
) -> None:
    """Compare the specs at BASE with those at HEAD and classify every change by whom it breaks.

    BASE and HEAD are each a spec file, a spec folder, or a git revision (main, HEAD~1,
    origin/main; REV:path for another folder). HEAD defaults to the working tree (--spec).
    """
    cwd = Path.cwd()
    try:
        config = _config(ctx, config_file, cwd)
    except ConfigError as exc:
        click.echo(str(exc), err=True)
        ctx.exit(2)
    if list_rules:
        click.echo(
            render_rules(config.levels, "markdown" if fmt == "markdown" else "text"), nl=False
        )
        return
    if base is None:
        raise click.UsageError("Missing argument 'BASE' (or use --rules).")
    day = as_of.date() if isinstance(as_of, datetime) else _today()
    with diff_report(
        base, head, spec, cwd, config, day
    ) as report:  # the sides stay readable for locations
        if json_out is not None:
            json_out.write_text(render_json(report), encoding="utf-8")
        color = fmt == "text" and wants_color(sys.stdout)
        text = _render(report, fmt, show_doc, color, max_bytes, str(json_out) if json_out else "")
    click.echo(text, nl=False, color=color)
    ctx.exit(exit_code(report.findings, fail_on))


def _today() -> date:
    return datetime.now(UTC).date()


def _config(ctx: click.Context, config_file: Path | None, cwd: Path) -> DiffConfig:
    """--config, else the [tool.gen.diff] table gen found (see generator.config), else
    .gen-diff.yaml at the repository root."""
    from generator.config import Config

    project = ctx.meta.get("gen.config")
    if config_file is None and isinstance(project, Config) and project.diff:
        return diff_config_from_mapping(
            project.diff, str(project.file), prefix=("tool", "gen", "diff")
        )
    return read_config(config_path(config_file, cwd))


@contextmanager
def diff_report(
    base: str, head: str | None, spec: Path, cwd: Path, config: DiffConfig, as_of: date
) -> Iterator[Report]:
    """Compare the two sides; exits 2 after saying why when either cannot be read. The
    report finds a finding's file:line when it is rendered, while the sides still exist."""
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
        findings = apply_config(compare(old, new, as_of), config, as_of)
        base_at, head_at = Locator(sides[0], old), Locator(sides[1], new)
        yield Report(
            sides[0].label,
            sides[1].label,
            findings,
            surface_diff(old, new),
            as_of=as_of.isoformat(),
            locate=lambda f: (base_at(*_old_names(f)), head_at(*_new_names(f))),
            owners=owners(old) | owners(new),
            expired_waivers=tuple(
                (w.fingerprint, w.expires.isoformat())
                for w in expired_waivers(config, as_of)
                if w.expires
            ),
        )


def _old_names(f: Finding) -> tuple[str, str]:
    """Operation and path of a finding on the base side: a renamed operation had its old name."""
    return (str(f.old), f.path) if f.rule == "operation-renamed" else (f.operation, f.path)


def _new_names(f: Finding) -> tuple[str, str]:
    """On the head side a renamed parameter, rule or type has its new name."""
    renamed = f.rule in ("parameter-renamed", "rule-renamed", "type-renamed") and isinstance(
        f.new, str
    )
    return (
        (f.operation, ("types." if f.rule == "type-renamed" else "") + str(f.new))
        if renamed
        else (f.operation, f.path)
    )


def _render(
    report: Report, fmt: str, show_doc: bool, color: bool, max_bytes: int, full_report: str
) -> str:
    if fmt == "json":
        return render_json(report)
    if fmt == "github":
        return render_github(report, show_doc=show_doc)
    if fmt == "markdown":
        return render_markdown(
            report, show_doc=show_doc, max_bytes=max_bytes, full_report=full_report
        )
    return render_text(report, show_doc=show_doc, color=color)


if __name__ == "__main__":
    diff_command(prog_name="gen diff")
