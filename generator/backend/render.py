"""Render the package's files from the view through the Jinja templates."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import jinja2

from generator.backend.cache import cache_dir
from generator.backend.view import RUNTIME_HEADER, PackageView
from generator.problems import Problem, SpecError
from generator.records import Record
from generator.runtime import RUNTIME, TEMPLATES

# Output file -> template; the static runtime modules are added below.
RENDERED = {
    "__init__.py": "__init__.py.j2",
    "_service.py": "_service.py.j2",
    "_tables.py": "_tables.py.j2",
    "errors.py": "errors.py.j2",
    "models.py": "models.py.j2",
    "params.py": "params.py.j2",
    "validators.py": "validators.py.j2",
    "client.py": "client.py.j2",
    "testing.py": "testing.py.j2",
    "README.md": "README.md.j2",
    "requirements.txt": "requirements.txt.j2",
    "pyproject.toml": "pyproject.toml.j2",
}


def _bytecode_cache(folder: Path | None) -> jinja2.BytecodeCache | None:
    if folder is None:
        return None
    try:
        (folder / "jinja").mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    # Compiling the templates costs more than rendering them; Jinja keys entries by source.
    return jinja2.FileSystemBytecodeCache(str(folder / "jinja"))


def environment() -> jinja2.Environment:
    """The templates' environment: one a process (per cache folder), so that a template is
    loaded once; Jinja reloads one whose file has changed."""
    return _environment(cache_dir())


@cache
def _environment(cache_folder: Path | None) -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        bytecode_cache=_bytecode_cache(cache_folder),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,  # the output is Python and Markdown, escaped by the view
    )


def load_templates() -> None:
    """Load every template render_package uses, ahead of it (while the specs are read)."""
    env = environment()
    for template in RENDERED.values():
        env.get_template(template)


# Rendered apart (render_models): its text waits for datamodel-code-generator.
MODELS = "models.py"


def render_package(view: PackageView) -> dict[str, str]:
    """Relative path -> text, for one package (before formatting), but for models.py."""
    env = environment()
    context: dict[str, object] = view._asdict()
    files = {
        name: _render(env, template, context)
        for name, template in RENDERED.items()
        if name != MODELS
    }
    for name in static_modules():
        files[name] = (RUNTIME / name.removeprefix(f"{RUNTIME_PACKAGE}/")).read_text("utf-8")
    files["py.typed"] = ""
    return {f"{view.package}/{name}": text for name, text in files.items()}


def render_models(package: str, dmcg_version: str, models: str) -> dict[str, str]:
    """models.py of a package, around datamodel-code-generator's text (before formatting)."""
    context: dict[str, object] = {"dmcg_version": dmcg_version, "models": models}
    return {f"{package}/{MODELS}": _render(environment(), RENDERED[MODELS], context)}


# The generated package's subpackage that holds the runtime, copied as it is.
RUNTIME_PACKAGE = "_runtime"


def static_modules() -> list[str]:
    """The runtime modules copied as they are (kept black-formatted in the repository),
    by their path inside the generated package."""
    return sorted(
        f"{RUNTIME_PACKAGE}/{p.name}"
        for p in RUNTIME.iterdir()
        if p.suffix == ".py" or p.name == "LICENSE"
    )


def _render(env: jinja2.Environment, template: str, context: dict[str, object]) -> str:
    try:
        return env.get_template(template).render(context)
    except jinja2.TemplateError as exc:
        raise SpecError([_template_problem(exc, template)]) from exc


def _template_problem(exc: jinja2.TemplateError, template: str) -> Problem:
    """Where in the template it went wrong: syntax errors say so; render errors are found in
    the traceback, whose frames Jinja rewrites to template lines."""
    line = getattr(exc, "lineno", None)
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename.endswith(template):
            line = tb.tb_lineno
        tb = tb.tb_next
    return Problem(
        f"templates/{template}", line or 1, 1, "", f"{type(exc).__name__}: {exc.message or exc}"
    )


class Heads(Record):
    """What heads a package's files: all add_headers needs of its view."""

    header: str
    md_header: str

    @classmethod
    def of(cls, view: PackageView) -> Heads:
        return cls(view.header, view.md_header)


def add_headers(files: dict[str, str], heads: dict[str, Heads]) -> None:
    """Head every file (relative path -> text, in place), by its package's heads. Headers go
    on after formatting, so that the formatter's cache depends on file bodies only."""
    for name, text in files.items():
        package, _, inner = name.partition("/")
        if inner.startswith(f"{RUNTIME_PACKAGE}/"):
            files[name] = f"{RUNTIME_HEADER}\n{text}"
        elif name.endswith((".py", ".toml")):
            files[name] = f"{heads[package].header}\n{text}"
        elif name.endswith(".md"):
            files[name] = f"{heads[package].md_header}\n\n{text}"
