"""spec/ -> model -> view -> templates -> formatting -> generated/ (or a diff against it)."""

from __future__ import annotations

import difflib
import json
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from .cache import cached_text, store_text
from .fingerprint import inputs_fingerprint
from .progress import stage
from .writer import install, plan, read_tree, write_tree

if TYPE_CHECKING:
    from .model import Service


class Tree(NamedTuple):
    """The finished output: files by path, and the spec folder each package comes from."""

    files: dict[str, str]
    sources: dict[str, str]


def _build(services: list[Service], folder: Path) -> None:
    """Render, format, then head the complete output in folder (which must be empty)."""
    # Imported here: a run whose output is cached (gen --check in CI) never needs them.
    from .datamodels import generate_models
    from .formatting import format_tree
    from .reference import reference
    from .render import add_headers, render_package, static_modules
    from .view import package_view

    stage("rendering the templates")
    views = [package_view(service, reference(service)) for service in services]
    for view, service in zip(views, services, strict=True):
        write_tree(render_package(view, generate_models(service)), folder)
    stage("formatting")
    laid_out = [*static_modules(), "_tables.py"]  # formatted already: see _tables.py.j2
    format_tree(folder, frozenset(f"{view.package}/{name}" for view in views for name in laid_out))
    for view in views:
        package = folder / view.package
        bodies = {p.relative_to(folder).as_posix(): p.read_text("utf-8") for p in sorted(package.rglob("*")) if p.is_file()}
        write_tree(add_headers(bodies, view), folder)


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
    from .specs import load_model
    from .view import source_folder

    stage("reading the specs")
    services = load_model(spec)
    with tempfile.TemporaryDirectory(prefix="gen-build-") as tmp:
        folder = Path(tmp) / "out"
        folder.mkdir()
        _build(services, folder)
        tree = Tree(read_tree(folder), {s.package: source_folder(s) for s in services})
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
