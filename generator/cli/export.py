"""`gen export`: the specs as an OpenAPI 3.1 document or as JSON Schema of the requests.

Exit codes as for gen: 0 written, 2 usage or input error (invalid specs, unknown service,
unsupported file extension).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from generator.problems import SpecError

_out_option = click.option(
    "--out",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="File to write; .yaml/.yml gives YAML, .json JSON. Default: JSON on standard output.",
)
# Not imported from .cli: cli will import this module to register the group, and its options
# must exist before then.
_spec_option = click.option(
    "--spec",
    "spec",
    type=click.Path(path_type=Path),
    default=Path("spec"),
    show_default=True,
    help="Spec folder (or one service's folder).",
)
_service_option = click.option(
    "--service", default=None, help="The service to export, when --spec holds several."
)


@click.group("export", context_settings={"help_option_names": ["-h", "--help"]})
def export_command() -> None:
    """Export the specs for other tools (OpenAPI, JSON Schema)."""


@export_command.command()
@_spec_option
@_out_option
@_service_option
@click.pass_context
def openapi(ctx: click.Context, spec: Path, out: Path | None, service: str | None) -> None:
    """An OpenAPI 3.1 document of one service: paths, parameters, bodies, responses, errors."""
    from generator.exports.openapi import openapi_document

    _export(ctx, spec, out, service, openapi_document)


@export_command.command()
@_spec_option
@_out_option
@_service_option
@click.pass_context
def jsonschema(ctx: click.Context, spec: Path, out: Path | None, service: str | None) -> None:
    """A JSON Schema (2020-12) of every operation's request payload, by wire name."""
    from generator.exports.openapi import requests_jsonschema

    _export(ctx, spec, out, service, requests_jsonschema)


def _export(
    ctx: click.Context,
    spec: Path,
    out: Path | None,
    service: str | None,
    build: Callable[[Any], dict[str, Any]],
) -> None:
    from generator.cli.main import print_problems
    from generator.exports.openapi import ExportError, pick_service, render
    from generator.frontend.entry import load_model

    try:
        text = render(build(pick_service(load_model(spec), service)), out)
    except SpecError as exc:
        print_problems(exc.problems)
        click.echo("Nothing exported.", err=True)
        ctx.exit(2)
    except ExportError as exc:
        click.echo(f"Error: {exc}", err=True)
        ctx.exit(2)
    if out is None:
        sys.stdout.write(text)
        return
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, "utf-8")
    click.echo(f"Wrote {out}.", err=True)


if __name__ == "__main__":  # pragma: no cover
    export_command(prog_name="gen export")
