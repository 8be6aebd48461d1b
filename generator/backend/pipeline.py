"""spec/ -> model -> view -> templates -> formatting -> generated/ (or a diff against it)."""

from __future__ import annotations

import gc
import marshal
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from generator.backend.cache import cache_dir, entry, has_entries, read_data, write_data
from generator.backend.fingerprint import code_fingerprint, inputs_fingerprint
from generator.backend.writer import install, plan
from generator.progress import stage

if TYPE_CHECKING:
    from generator.model import Service
    from generator.parallel import Worker


class Tree(NamedTuple):
    """The finished output: files by path, and the spec folder each package comes from."""

    files: dict[str, str]
    sources: dict[str, str]


def _render_tree(services: list[Service], worker: Worker | None = None) -> dict[str, str]:
    """The finished output (relative path -> text), built in memory: render, format and lint
    the Python files, then head every file. The services are taken out of the list: each
    model and its view are let go once its package is rendered, before formatting (at 200
    operations they are half the memory the run would otherwise peak at)."""
    # Imported here: a run whose output is cached (gen --check in CI) never needs them.
    from generator.backend.datamodels import start_models
    from generator.backend.formatting import format_in_place, lint_files
    from generator.backend.reference import reference
    from generator.backend.render import Heads, add_headers, render_package, static_modules
    from generator.backend.view import package_view

    stage("rendering the templates")
    models = [start_models(service, worker) for service in services]  # in parallel with the views
    files: dict[str, str] = {}
    heads: dict[str, Heads] = {}
    laid_out: set[str] = set()
    for wait in models:
        service = services.pop(0)
        view = package_view(service, reference(service))
        del service
        files.update(render_package(view, wait()))
        heads[view.package] = Heads.of(view)
        laid_out.update(f"{view.package}/{name}" for name in [*static_modules(), "_tables.py"])
        del view
    python = sorted(name for name in files if name.endswith(".py"))
    stage("formatting")
    # Static modules and _tables.py are formatted already (see _tables.py.j2); all are linted.
    format_in_place(files, [name for name in python if name not in laid_out])
    lint_files({name: files[name] for name in python})
    add_headers(files, heads)
    return dict(sorted(files.items()))


def _models_worker() -> Worker | None:
    """When models.py cannot come from the cache (off, or never filled), a process that imports
    datamodel-code-generator while this one loads the specs, and then generates the models."""
    if has_entries("models"):
        return None
    from generator.parallel import Worker

    return Worker(_import_datamodel_code_generator)


def _import_datamodel_code_generator() -> None:
    """Most of datamodel-code-generator's cost on small specs (generator.backend.datamodels
    runs it; here, so that the worker is forked before that module's imports)."""
    import datamodel_code_generator.parser.jsonschema  # noqa: F401


def _cached_tree(key: str) -> Tree | None:
    """The finished output for exactly these inputs, if an earlier run produced it."""
    data = read_data(entry("trees", (key,)))
    try:
        return Tree(*marshal.loads(data)) if data else None
    except (EOFError, ValueError, TypeError):
        return None


class _Memo:
    """The cache as the front end's memo of parsed spec files (see frontend.read.Memo)."""

    def get(self, key: tuple[str, ...]) -> bytes | None:
        return read_data(entry("parsed", (code_fingerprint(), *key)))

    def put(self, key: tuple[str, ...], data: bytes) -> None:
        write_data(entry("parsed", (code_fingerprint(), *key)), data)


def fresh_tree(spec: Path) -> Tree:
    """What gen writes for spec, from the cache when every input is unchanged."""
    key = inputs_fingerprint(spec)
    cached = _cached_tree(key)
    if cached is not None:
        return cached
    worker = _models_worker()  # first: forked before the imports below, it stays smaller
    from generator.backend.view import source_folder
    from generator.frontend.entry import load_model

    stage("reading the specs")
    collecting = gc.isenabled()
    # The build makes millions of small objects and frees them by reference counting; cycle
    # collection passes over them would cost about a quarter of its time and free nothing.
    gc.disable()
    try:
        services = load_model(spec, memo=_Memo() if cache_dir() is not None else None)
        sources = {s.package: source_folder(s) for s in services}
        tree = Tree(_render_tree(services, worker), sources)  # empties services
    finally:
        if collecting:
            gc.enable()
        if worker is not None:
            worker.close()
    if cache_dir() is not None:
        write_data(entry("trees", (key,)), marshal.dumps(tuple(tree)))
    return tree


def generate(spec: Path, out: Path) -> int:
    """Write the packages the specs generate into out; return how many files changed."""
    tree = fresh_tree(spec)  # fails before touching the output folder at all
    chosen = plan(spec, out, tree.sources)
    changed = chosen.changes(tree.files)
    if changed:
        stage(f"writing into {out}")
        install(chosen, tree.files)
    return changed


def check_output(spec: Path, out: Path) -> str:
    """A unified diff from what gen owns in out to what it would write now; empty when current."""
    tree = fresh_tree(spec)
    chosen = plan(spec, out, tree.sources)
    return tree_diff(chosen.owned_now(), chosen.wanted(tree.files), str(out))


def tree_diff(old: dict[str, str], new: dict[str, str], label: str) -> str:
    chunks: list[str] = []
    for name in sorted(set(old) | set(new)):
        before, after = old.get(name), new.get(name)
        if before == after:
            continue
        import difflib  # here: an up-to-date tree needs none of it

        chunks.extend(
            difflib.unified_diff(
                (before or "").splitlines(keepends=True),
                (after or "").splitlines(keepends=True),
                f"{label}/{name}" if before is not None else "/dev/null",
                f"{label}/{name}" if after is not None else "/dev/null",
            )
        )
    return "".join(chunks)
