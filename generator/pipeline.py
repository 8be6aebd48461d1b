"""spec/ -> model -> view -> templates -> formatting -> generated/ (or a diff against it)."""

from __future__ import annotations

import difflib
import gc
import json
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from .cache import cache_dir, cached_text, has_entries, store_text
from .fingerprint import inputs_fingerprint
from .writer import read_tree, staging_dir, swap_into_place, write_tree

if TYPE_CHECKING:
    from .model import Service
    from .parallel import Worker


def _build(services: list[Service], worker: Worker | None = None) -> dict[str, str]:
    """The finished output (relative path -> text), built in memory: render, format and lint
    the Python files, then head every file."""
    # Imported here: a run whose output is cached (gen --check in CI) never needs them.
    from .datamodels import start_models
    from .formatting import format_files, lint_files
    from .reference import reference
    from .render import add_headers, render_package, static_modules
    from .view import package_view

    models = [start_models(service, worker) for service in services]  # in parallel with the views
    views = [package_view(service, reference(service)) for service in services]
    bodies: dict[str, str] = {}
    for view, wait in zip(views, models, strict=True):
        bodies.update(render_package(view, wait()))
    laid_out = {f"{view.package}/{name}" for view in views for name in [*static_modules(), "_tables.py"]}
    python = {name for name in bodies if name.endswith(".py")}
    # Static modules and _tables.py are formatted already (see _tables.py.j2); all are linted.
    bodies.update(format_files({name: bodies[name] for name in sorted(python - laid_out)}))
    lint_files({name: bodies[name] for name in sorted(python)})
    files: dict[str, str] = {}
    for view in views:
        files.update(add_headers({n: t for n, t in sorted(bodies.items()) if n.startswith(f"{view.package}/")}, view))
    return dict(sorted(files.items()))


def _models_worker() -> Worker | None:
    """When models.py cannot come from the cache (off, or never filled), a process that imports
    datamodel-code-generator while this one loads the specs, and then generates the models."""
    if has_entries("models"):
        return None
    from .datamodels import prepare
    from .parallel import Worker

    return Worker(prepare)


def _cached_tree(key: str) -> dict[str, str] | None:
    """The finished output for exactly these inputs, if an earlier run produced it."""
    text = cached_text("trees", (key,), lambda: "")
    return json.loads(text) if text else None


def fresh_tree(spec: Path) -> dict[str, str]:
    """What gen writes for spec, from the cache when every input is unchanged."""
    key = inputs_fingerprint(spec)
    cached = _cached_tree(key)
    if cached is not None:
        return cached
    from .specs import load_model

    worker = _models_worker()
    collecting = gc.isenabled()
    # The build makes millions of small objects and frees them by reference counting; cycle
    # collection passes over them would cost about a quarter of its time and free nothing.
    gc.disable()
    try:
        files = _build(load_model(spec), worker)
    finally:
        if collecting:
            gc.enable()
        if worker is not None:
            worker.close()
    if cache_dir() is not None:
        store_text("trees", (key,), json.dumps(files, sort_keys=True, ensure_ascii=False))
    return files


def generate(spec: Path, out: Path) -> int:
    files = fresh_tree(spec)  # fails before touching the output folder at all
    if read_tree(out) == files:
        return len(files)
    missing = [p for p in (out.parent, *out.parent.parents) if not p.exists()]
    staged = staging_dir(out)
    try:
        write_tree(files, staged)
        count = len(files)
        swap_into_place(staged, out)
    except BaseException:
        for folder in missing:  # leave no trace of a failed run, not even parent folders
            shutil.rmtree(folder, ignore_errors=True) if not any(folder.iterdir()) else None
        raise
    finally:
        shutil.rmtree(staged, ignore_errors=True)
    return count


def check_output(spec: Path, out: Path) -> str:
    """A unified diff from the output folder to what gen would write now; empty when current."""
    return tree_diff(read_tree(out), fresh_tree(spec), str(out))


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
