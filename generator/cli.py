"""The `gen` command line. Exit codes: 0 ok, 1 findings (stale output, lint problems,
drift, breaking changes), 2 usage or input error."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .problems import Problem, SpecError

DEFAULT_SPEC = Path("spec")
DEFAULT_OUT = Path("generated")

spec_option = click.option(
    "--spec", "spec", type=click.Path(path_type=Path), default=DEFAULT_SPEC, show_default=True,
    help="Spec folder (or one service's folder).",
)


def _print_problems(problems: list[Problem]) -> None:
    for problem in problems:
        click.echo(str(problem), err=True)
    click.echo(f"{len(problems)} problem(s) found.", err=True)


class LazyGroup(click.Group):
    """Subcommands that live in their own modules are imported only when they are run,
    so `gen` and `gen --check` do not pay for `gen diff` or `gen export`."""

    lazy = {"diff": "generator.diff.cli:diff_command", "export": "generator.export_cli:export_command"}

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *self.lazy])

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in self.lazy:
            return super().get_command(ctx, name)
        import importlib

        module, _, attr = self.lazy[name].partition(":")
        try:
            command = getattr(importlib.import_module(module), attr)
        except ImportError:
            return None
        return command if isinstance(command, click.Command) else None


@click.group(cls=LazyGroup, invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@spec_option
@click.option("--out", type=click.Path(path_type=Path), default=DEFAULT_OUT, show_default=True, help="Output folder.")
@click.option("--check", is_flag=True, help="Do not write; exit 1 with a diff when the output folder is stale.")
@click.pass_context
def main(ctx: click.Context, spec: Path, out: Path, check: bool) -> None:
    """Generate typed API clients from the YAML specs under --spec into --out."""
    if ctx.invoked_subcommand is not None:
        return
    from .pipeline import check_output, generate

    try:
        if check:
            diff = check_output(spec, out)
            if diff:
                sys.stdout.write(diff)
                click.echo(f"{out} is stale: run `gen` to regenerate.", err=True)
                ctx.exit(1)
            click.echo(f"{out} is up to date.", err=True)
            return
        written = generate(spec, out)
    except SpecError as exc:
        _print_problems(exc.problems)
        click.echo(f"Nothing written; {out} is unchanged.", err=True)
        ctx.exit(2)
    click.echo(f"Generated {written} file(s) into {out}.", err=True)


@main.command()
@spec_option
@click.pass_context
def lint(ctx: click.Context, spec: Path) -> None:
    """Check every spec and report all problems at once (exit 1 if any)."""
    from .specs import read_services

    services, problems = read_services(spec)
    if problems:
        _print_problems(problems)
        ctx.exit(1)
    ops = sum(len(s.operations) for s in services)
    click.echo(f"{len(services)} service(s), {ops} operation(s): no problems.", err=True)


@main.command()
@spec_option
@click.option("--json", "as_json", is_flag=True, help="Print the model as JSON (schema in spec/README.md).")
@click.pass_context
def inspect(ctx: click.Context, spec: Path, as_json: bool) -> None:
    """Print the normalised model of the specs."""
    from .inspect_json import model_json, model_text
    from .specs import load_model

    try:
        services = load_model(spec)
    except SpecError as exc:
        _print_problems(exc.problems)
        ctx.exit(2)
    sys.stdout.write(model_json(services) if as_json else model_text(services))


@main.command("docs-check")
@spec_option
@click.option("--docs", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="Folder the operations' `source:` paths are relative to (default: each spec file's folder).")
@click.option("--all", "show_all", is_flag=True, help="Also list differences the spec already explains.")
@click.option("--patch", is_flag=True, help="Print a unified diff of the specs that fixes the mechanical drift.")
@click.option("--apply", "apply_patch", is_flag=True, help="Write that diff into the spec files.")
@click.pass_context
def docs_check(ctx: click.Context, spec: Path, docs: Path | None, show_all: bool, patch: bool, apply_patch: bool) -> None:
    """Compare the specs with their documentation pages; exit 1 on unexplained drift.

    With --patch, print the spec edits the mechanical drift calls for (exit 1 when a spec would
    change); with --apply, write them."""
    from .docs_check import check_docs
    from .specs import load_model

    try:
        services = load_model(spec, allow_todo=True)
    except SpecError as exc:
        _print_problems(exc.problems)
        ctx.exit(2)
    if patch or apply_patch:
        from .docs_patch import run_patch

        ctx.exit(run_patch(services, spec, docs, apply_patch))
    unexplained = 0
    for service in services:
        drift, missing = check_docs(service, docs, spec)
        for line in missing:
            click.echo(line, err=True)
        if missing:
            ctx.exit(2)
        for item in drift:
            unexplained += not item.explained
            if show_all or not item.explained:
                click.echo(str(item))
        explained = sum(d.explained for d in drift)
        click.echo(f"{service.name}: {unexplained} unexplained difference(s), {explained} explained by notes.", err=True)
    ctx.exit(1 if unexplained else 0)


@main.command()
@click.argument("page", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--into", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="Service folder to write into (default: the folder above the page holding service.yaml).")
@click.option("--force", is_flag=True, help="Overwrite an existing spec of the operation.")
@click.pass_context
def draft(ctx: click.Context, page: Path, into: Path | None, force: bool) -> None:
    """Write a draft spec for the operation a saved documentation page describes."""
    from .draft import DraftError, write_draft

    try:
        target = write_draft(page, into, force)
    except DraftError as exc:
        click.echo(str(exc), err=True)
        ctx.exit(2)
    click.echo(f"Drafted {target}; resolve its TODO notes (`gen lint` lists them).", err=True)


if __name__ == "__main__":  # pragma: no cover
    main()
