"""spec/ -> model -> view -> templates -> formatting -> generated/ (or a diff against it)."""

from __future__ import annotations

import difflib
import shutil
import tempfile
from pathlib import Path

from .datamodels import generate_models
from .formatting import format_tree
from .model import Service
from .reference import reference
from .render import add_headers, render_package
from .specs import load_model
from .view import package_view
from .writer import read_tree, staging_dir, swap_into_place, write_tree


def _build(services: list[Service], folder: Path) -> None:
    """Render, format, then head the complete output in folder (which must be empty)."""
    views = [package_view(service, reference(service)) for service in services]
    for view, service in zip(views, services, strict=True):
        write_tree(render_package(view, generate_models(service)), folder)
    format_tree(folder)
    for view in views:
        package = folder / view.package
        bodies = {p.relative_to(folder).as_posix(): p.read_text("utf-8") for p in sorted(package.rglob("*")) if p.is_file()}
        write_tree(add_headers(bodies, view), folder)


def generate(spec: Path, out: Path) -> int:
    services = load_model(spec)  # before touching the file system at all
    missing = [p for p in (out.parent, *out.parent.parents) if not p.exists()]
    staged = staging_dir(out)
    try:
        _build(services, staged)
        count = len(read_tree(staged))
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
    with tempfile.TemporaryDirectory(prefix="gen-check-") as tmp:
        fresh_dir = Path(tmp) / "out"
        fresh_dir.mkdir()
        _build(load_model(spec), fresh_dir)
        fresh = read_tree(fresh_dir)
    return tree_diff(read_tree(out), fresh, str(out))


def tree_diff(old: dict[str, str], new: dict[str, str], label: str) -> str:
    chunks = []
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
