"""spec/ -> model -> view -> templates -> formatting -> generated/ (or a diff against it)."""

from __future__ import annotations

import difflib
import gc
import json
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from generator.backend.cache import cache_dir, cached_text, has_entries, store_text
from generator.backend.fingerprint import inputs_fingerprint
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
    the Python files, then head every file."""
    # Imported here: a run whose output is cached (gen --check in CI) never needs them.
    from generator.backend.datamodels import start_models
    from generator.backend.formatting import format_files, lint_files
    from generator.backend.reference import reference
    from generator.backend.render import add_headers, render_package, static_modules
    from generator.backend.view import package_view

    stage("rendering the templates")
    models = [start_models(service, worker) for service in services]  # in parallel with the views
    views = [package_view(service, reference(service)) for service in services]
    bodies: dict[str, str] = {}
    for view, wait in zip(views, models, strict=True):
        bodies.update(render_package(view, wait()))
    laid_out = {
        f"{view.package}/{name}" for view in views for name in [*static_modules(), "_tables.py"]
    }
    python = {name for name in bodies if name.endswith(".py")}
    stage("formatting")
    # Static modules and _tables.py are formatted already (see _tables.py.j2); all are linted.
    bodies.update(format_files({name: bodies[name] for name in sorted(python - laid_out)}))
    lint_files({name: bodies[name] for name in sorted(python)})
    files: dict[str, str] = {}
    for view in views:
        files.update(
            add_headers(
                {n: t for n, t in sorted(bodies.items()) if n.startswith(f"{view.package}/")}, view
            )
        )
    return dict(sorted(files.items()))


def _models_worker() -> Worker | None:
    """When models.py cannot come from the cache (off, or never filled), a process that imports
    datamodel-code-generator while this one loads the specs, and then generates the models."""
    if has_entries("models"):
        return None
    from generator.backend.datamodels import prepare
    from generator.parallel import Worker

    return Worker(prepare)


def _cached_tree(key: str) -> Tree | None:
    """The finished output for exactly these inputs, if an earlier run produced it."""
    text = cached_text("trees", (key,), lambda: "")
    return Tree(**json.loads(text)) if text else None


def fresh_tree(spec: Path) -> Tree:
    """What gen writes for spec, from the cache when every input is unchanged."""
    key = inputs_fingerprint(spec)
    cached = _cached_tree(key)
    if cached is not None:
        return cached
    from generator.backend.view import source_folder
    from generator.frontend.entry import load_model

    stage("reading the specs")
    worker = _models_worker()
    collecting = gc.isenabled()
    # The build makes millions of small objects and frees them by reference counting; cycle
    # collection passes over them would cost about a quarter of its time and free nothing.
    gc.disable()
    try:
        services = load_model(spec)
        tree = Tree(_render_tree(services, worker), {s.package: source_folder(s) for s in services})
    finally:
        if collecting:
            gc.enable()
        if worker is not None:
            worker.close()
    if cache_dir() is not None:
        store_text("trees", (key,), json.dumps(tree._asdict(), sort_keys=True, ensure_ascii=False))
    return tree


def generate(spec: Path, out: Path) -> int:
    """Write the packages the specs generate into out; return how many files changed."""
    tree = fresh_tree(spec)  # fails before touching the output folder at all
    chosen = plan(spec, out, tree.sources)
    wanted, now = chosen.wanted(tree.files), chosen.owned_now()
    if now == wanted:
        return 0
    stage(f"writing into {out}")
    install(chosen, tree.files)
    return sum(now.get(name) != text for name, text in wanted.items()) + len(set(now) - set(wanted))


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
        chunks.extend(
            difflib.unified_diff(
                (before or "").splitlines(keepends=True),
                (after or "").splitlines(keepends=True),
                f"{label}/{name}" if before is not None else "/dev/null",
                f"{label}/{name}" if after is not None else "/dev/null",
            )
        )
    return "".join(chunks)
