"""`gen init`: lay out a new API in a repository that has none yet.

It writes a service skeleton that passes `gen lint`, the JSON Schemas that the skeleton's
editor reference points at (inside the repository, so the reference resolves there), the
[tool.gen] table, and a pre-commit configuration running gen's two hooks. It never
overwrites a file a person may have edited: what exists already is kept and reported.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import jinja2

from generator import DISTRIBUTION
from generator.config import FILE, table_text
from generator.frontend import names
from generator.runtime import TEMPLATES

SCHEMA_FOLDER = ".schema"  # inside the spec folder: the editor schemas gen init keeps current


class ScaffoldError(Exception):
    """The names given cannot make a valid spec; nothing was written."""


@dataclass(frozen=True)
class Request:
    service: str
    api_version: str
    package: str
    title: str


def request(service: str, api_version: str, package: str | None, title: str | None) -> Request:
    if not re.fullmatch(r"[a-z][a-z0-9]*", service):
        raise ScaffoldError(
            f"--service {service!r}: use lowercase letters and digits, starting with a letter"
        )
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", api_version):
        raise ScaffoldError(
            f"--api-version {api_version!r}: use letters, digits, dots, dashes (e.g. 2019-05-06)"
        )
    package = package or service
    if not re.fullmatch(r"[a-z][a-z0-9_]*", package):
        raise ScaffoldError(
            f"--package {package!r}: a Python package name in lowercase (e.g. {service}_client)"
        )
    return Request(service, api_version, package, title or service.upper())


def scaffold(root: Path, spec: Path, out: Path, req: Request) -> list[str]:
    """Write what is missing; one line per file saying what happened to it."""
    service_dir = spec / req.service / req.api_version
    schema_dir = spec / SCHEMA_FOLDER
    report = [_refresh_schemas(schema_dir)]
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES / "init"),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,
    )
    context = {
        "service": req.service,
        "title_literal": json.dumps(req.title, ensure_ascii=False),
        "title": req.title,
        "package": req.package,
        "client_class": names.pascal_case(req.package) + "Client",
        "api_version": req.api_version,
        "env_prefix": req.package.upper(),
        "schema_path": Path("../" * 2, SCHEMA_FOLDER).as_posix(),
        "distribution": DISTRIBUTION,
        "spec": spec.as_posix().rstrip("/"),
        "out": out.as_posix().rstrip("/"),
    }
    report.append(
        _create(service_dir / "service.yaml", env.get_template("service.yaml.j2").render(context))
    )
    report.append(
        _create(
            service_dir / "pages" / "README.md",
            "# Source pages\n\nSave each documentation page a spec is transcribed from here, as plain "
            "text, and cite it in the operation (`source: pages/<Operation>.txt`).\n",
        )
    )
    report.append(_config_table(root / FILE, spec, out))
    report.append(
        _create(
            root / ".pre-commit-config.yaml",
            env.get_template("pre-commit-config.yaml.j2").render(context),
        )
    )
    return report


def _refresh_schemas(folder: Path) -> str:
    folder.mkdir(parents=True, exist_ok=True)
    shipped = resources.files("generator").joinpath("spec_format")
    for item in sorted(shipped.iterdir(), key=lambda entry: entry.name):
        if item.name.endswith(".json"):
            (folder / item.name).write_text(item.read_text("utf-8"), "utf-8")
    return f"updated  {folder}/ (the editor schemas of this gen)"


def _create(path: Path, text: str) -> str:
    if path.exists():
        return f"kept     {path} (exists)"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    return f"created  {path}"


def _config_table(path: Path, spec: Path, out: Path) -> str:
    text = path.read_text("utf-8") if path.is_file() else ""
    if re.search(r"^\[tool\.gen(\.|\])", text, re.MULTILINE):
        return f"kept     {path} (it has a [tool.gen] table)"
    addition = table_text(spec.as_posix(), out.as_posix())
    prefix = text if not text or text.endswith("\n") else text + "\n"
    path.write_text(prefix + (addition if text else addition.lstrip("\n")), "utf-8")
    return f"{'added to' if text else 'created '} {path} ([tool.gen])"
