"""The `gen` commands (click). `gen` is started by generator.cli.main.entry, which reads a
plain `gen` or `gen --check` itself and hands every other command line to `main` here."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from generator.cli.main import print_problems, run_generation
from generator.problems import SpecError

DEFAULT_SPEC = Path("spec")

spec_option = click.option(
    "--spec",
    "spec",
    type=click.Path(path_type=Path),
    default=DEFAULT_SPEC,
    show_default=True,
    help="Spec folder (or one service's folder); default from `gen --spec` or [tool.gen].",
)


class LazyGroup(click.Group):
    """Subcommands that live in their own modules are imported only when they are run,
    so `gen` and `gen --check` do not pay for `gen diff` or `gen export`."""

    lazy = {
        "diff": "generator.diff.cli:diff_command",
        "export": "generator.cli.export:export_command",
    }

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


def _version_text() -> str:
    from generator import DISTRIBUTION, __version__
    from generator.versions import tool_versions

    tools = tool_versions()
    lines = [f"gen {__version__} ({DISTRIBUTION}), Python {sys.version.split()[0]}"]
    lines += [f"  {name} {tools[name]}" for name in ("black", "ruff", "datamodel-code-generator")]
    return "\n".join(lines)


def _show_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        click.echo(_version_text())
        ctx.exit(0)


def _given(ctx: click.Context, name: str) -> bool:
    return ctx.get_parameter_source(name) is click.core.ParameterSource.COMMANDLINE


def _defaults(
    command: click.Command | None, ctx: click.Context, values: dict[str, object]
) -> dict[str, object]:
    """Click's default_map entry for a subcommand (and a nested group's subcommands): the
    values among its parameters."""
    if isinstance(command, click.Group):
        return {
            name: _defaults(command.get_command(ctx, name), ctx, values)
            for name in command.list_commands(ctx)
        }
    params = {p.name for p in command.params} if command is not None else set()
    return {key: value for key, value in values.items() if key in params}


@click.group(
    cls=LazyGroup,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.option(
    "--spec",
    "spec",
    type=click.Path(path_type=Path),
    default=None,
    help="Spec folder (or one service's folder). Default: [tool.gen] spec, else spec/.",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=None,
    help="Output folder. Default: [tool.gen] out, else generated/.",
)
@click.option(
    "--check",
    is_flag=True,
    help="Do not write; exit 1 with a diff when the output folder is stale.",
)
@click.option("-q", "--quiet", is_flag=True, help="Say nothing on success.")
@click.option(
    "-v", "--verbose", is_flag=True, help="Say what each stage does, and show tracebacks."
)
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_show_version,
    help="Show gen's version and the versions of the tools that shape its output.",
)
@click.pass_context
def main(
    ctx: click.Context, spec: Path | None, out: Path | None, check: bool, quiet: bool, verbose: bool
) -> None:
    """Generate typed API clients from the YAML specs under --spec into --out.

    Settings come from the [tool.gen] table of the nearest pyproject.toml; flags win.
    """
    from generator import progress
    from generator.config import ConfigError, load

    if quiet and verbose:
        raise click.UsageError("-q and -v contradict each other")
    progress.start(progress.QUIET if quiet else progress.VERBOSE if verbose else progress.NORMAL)
    ctx.meta["gen.verbose"] = verbose
    try:
        config = load(Path.cwd())
    except ConfigError as exc:
        click.echo(f"gen: {exc}", err=True)
        ctx.exit(2)
    spec = spec or config.spec
    if ctx.invoked_subcommand is not None:
        for name in ("out", "check"):
            if _given(ctx, name):
                raise click.UsageError(
                    f"--{name} is an option of generation itself; "
                    f"`gen {ctx.invoked_subcommand}` does not take it"
                )
        values: dict[str, object] = {"spec": spec, "docs": config.docs}
        name = ctx.invoked_subcommand
        given = {k: v for k, v in values.items() if v is not None}
        ctx.default_map = {name: _defaults(main.get_command(ctx, name), ctx, given)}
        ctx.meta["gen.config"] = config
        return
    code = run_generation(spec, out or config.out, check, quiet)
    if code:
        ctx.exit(code)


@main.command()
@click.option("--service", required=True, help="The service's short name, lowercase (e.g. ecs).")
@click.option(
    "--api-version", required=True, help="The API version the specs describe (e.g. 2019-05-06)."
)
@click.option(
    "--package",
    default=None,
    help="The generated Python package's name (default: the service name).",
)
@click.option(
    "--title", default=None, help="The service's full name, for docstrings and the README."
)
@click.pass_context
def init(
    ctx: click.Context, service: str, api_version: str, package: str | None, title: str | None
) -> None:
    """Start a new API in this repository: a service skeleton, the editor schemas, the
    [tool.gen] table and a pre-commit configuration. Existing files are kept."""
    from generator.cli.scaffold import ScaffoldError, request, scaffold
    from generator.config import Config

    config: Config = ctx.meta.get("gen.config", Config())
    root = config.file.parent if config.file is not None else Path.cwd()
    try:
        req = request(service, api_version, package, title)
    except ScaffoldError as exc:
        raise click.UsageError(str(exc)) from exc
    for line in scaffold(root, config.spec, config.out, req):
        click.echo(line, err=True)
    click.echo(
        "Next: save a documentation page under pages/, write or draft an operation, then run `gen lint` and `gen`.",
        err=True,
    )


@main.command()
@spec_option
@click.pass_context
def lint(ctx: click.Context, spec: Path) -> None:
    """Check every spec and report all problems at once (exit 1 if any)."""
    from generator.frontend.entry import read_services

    services, problems = read_services(spec)
    if problems:
        print_problems(problems)
        ctx.exit(1)
    ops = sum(len(s.operations) for s in services)
    click.echo(f"{len(services)} service(s), {ops} operation(s): no problems.", err=True)


@main.command()
@spec_option
@click.option(
    "--json", "as_json", is_flag=True, help="Print the model as JSON (schema in spec/README.md)."
)
@click.pass_context
def inspect(ctx: click.Context, spec: Path, as_json: bool) -> None:
    """Print the normalised model of the specs."""
    from generator.exports.inspect import model_json, model_text
    from generator.frontend.entry import load_model

    try:
        services = load_model(spec)
    except SpecError as exc:
        print_problems(exc.problems)
        ctx.exit(2)
    sys.stdout.write(model_json(services) if as_json else model_text(services))


@main.command("docs-check")
@spec_option
@click.option(
    "--docs",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Folder the operations' `source:` paths are relative to (default: each spec file's folder).",
)
@click.option(
    "--all", "show_all", is_flag=True, help="Also list differences the spec already explains."
)
@click.option(
    "--patch",
    is_flag=True,
    help="Print a unified diff of the specs that fixes the mechanical drift.",
)
@click.option("--apply", "apply_patch", is_flag=True, help="Write that diff into the spec files.")
@click.pass_context
def docs_check(
    ctx: click.Context,
    spec: Path,
    docs: Path | None,
    show_all: bool,
    patch: bool,
    apply_patch: bool,
) -> None:
    """Compare the specs with their documentation pages; exit 1 on unexplained drift.

    With --patch, print the spec edits the mechanical drift calls for (exit 1 when a spec would
    change); with --apply, write them."""
    from generator.docs.drift import check_docs
    from generator.frontend.entry import load_model

    try:
        services = load_model(spec, allow_todo=True)
    except SpecError as exc:
        print_problems(exc.problems)
        ctx.exit(2)
    if patch or apply_patch:
        from generator.docs.patch import run_patch

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
        click.echo(
            f"{service.name}: {unexplained} unexplained difference(s), {explained} explained by notes.",
            err=True,
        )
    ctx.exit(1 if unexplained else 0)


@main.command()
@click.argument("page", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--into",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Service folder to write into (default: the folder above the page holding service.yaml).",
)
@click.option("--force", is_flag=True, help="Overwrite an existing spec of the operation.")
@click.pass_context
def draft(ctx: click.Context, page: Path, into: Path | None, force: bool) -> None:
    """Write a draft spec for the operation a saved documentation page describes."""
    from generator.docs.draft import DraftError, write_draft

    try:
        target = write_draft(page, into, force)
    except DraftError as exc:
        click.echo(str(exc), err=True)
        ctx.exit(2)
    click.echo(f"Drafted {target}; resolve its TODO notes (`gen lint` lists them).", err=True)
