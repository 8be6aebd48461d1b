"""spec/ -> model -> view -> templates -> formatting -> generated/ (or a diff against it)."""

from __future__ import annotations

import gc
import marshal
from collections.abc import Callable, Iterator
from contextlib import suppress
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from generator.backend.cache import cache_dir, entry, has_entries, read_data, write_data
from generator.progress import stage
from generator.records import Record

if TYPE_CHECKING:
    from generator.backend.reference import Reference
    from generator.model import Service
    from generator.parallel import Stream, Worker


class Tree(Record):
    """The finished output: files by path, and the spec folder each package comes from."""

    files: dict[str, str]
    sources: dict[str, str]


class _Started(Record):
    """A service on its way through the back end: the model, the rows of its README's
    reference, and models.py's text (a function that waits for it)."""

    service: Service
    reference: Reference
    models: Callable[[], str]


def _start(services: list[Service], worker: Worker | None = None) -> list[_Started]:
    """Every service's models.py started (first: a worker generates them meanwhile), and its
    reference rows made. Takes the services out of the list."""
    from generator.backend.datamodels import start_models
    from generator.backend.reference import reference

    models = [start_models(service, worker) for service in services]
    started = [_Started(s, reference(s), wait) for s, wait in zip(services, models, strict=True)]
    services.clear()
    return started


def _render_tree(started: list[_Started]) -> dict[str, str]:
    """The finished output (relative path -> text), built in memory: render, format and lint
    the Python files, then head every file. The services are taken out of started: each
    model and its view are let go once its package is rendered, before formatting (at 200
    operations they are half the memory the run would otherwise peak at)."""
    # Imported here: a run whose output is cached (gen --check in CI) never needs them.
    from generator.backend.formatting import format_in_place, lint_files
    from generator.backend.render import (
        Heads,
        add_headers,
        render_models,
        render_package,
        static_modules,
    )
    from generator.backend.view import package_view
    from generator.frontend.validation_tables import release

    stage("rendering the templates")
    files: dict[str, str] = {}
    heads: dict[str, Heads] = {}
    laid_out: set[str] = set()
    waiting: list[tuple[str, str, Callable[[], str]]] = []  # package, its tool version, models
    while started:
        service, reference, models = started.pop(0)
        view = package_view(service, reference)
        release(service)  # the tables the view was made from
        del service, reference
        files.update(render_package(view))
        waiting.append((view.package, view.dmcg_version, models))
        heads[view.package] = Heads.of(view)
        laid_out.update(f"{view.package}/{name}" for name in [*static_modules(), "_tables.py"])
        del view
    stage("formatting")
    # Static modules and _tables.py are formatted already (see _tables.py.j2); all are linted.
    # All but models.py are formatted and linted while datamodel-code-generator may still be
    # at work (ruff's rules look at one file at a time), then models.py.
    python = sorted(name for name in files if name.endswith(".py"))
    shapes = format_in_place(files, [name for name in python if name not in laid_out])
    lint_files({name: files[name] for name in python}, laid_out, shapes)
    for package, dmcg_version, wait in waiting:
        made = render_models(package, dmcg_version, wait())
        files.update(made)
        shapes = format_in_place(files, list(made))
        lint_files({name: files[name] for name in made}, shapes=shapes)
    add_headers(files, heads)
    return dict(sorted(files.items()))


def _models_worker() -> Worker | None:
    """When models.py cannot come from the cache (off, or never filled), a process that imports
    datamodel-code-generator while this one loads the specs, and then generates the models."""
    if has_entries("models"):
        return None
    # datamodel-code-generator loads OpenSSL (through hashlib), which gen itself no longer
    # needs: loaded here, before the fork, the library is mapped once for both processes;
    # loaded in the worker, it adds 3.6 MB to the worker's own resident size, the run's peak.
    import hashlib  # noqa: F401

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
        return read_data(entry("parsed", self._key(key)))

    def put(self, key: tuple[str, ...], data: bytes) -> None:
        write_data(entry("parsed", self._key(key)), data)

    @staticmethod
    def _key(key: tuple[str, ...]) -> tuple[str, ...]:
        from generator.backend.fingerprint import code_fingerprint

        return (code_fingerprint(), *key)


# Up to this much spec, the specs are read in a child process while this one imports the back
# end (about 40 % of a regeneration's time is imports, and half of them are the back end's).
# Handing the model over costs about 40 ms a megabyte of spec (pickled there, built again
# here: 5 ms for 108 KB of spec, 8 operations; 0.5 s at 6 MB), so beyond this it would cost
# more than the imports it hides.
_HAND_OVER_LIMIT = 512 * 1024


def fresh_tree(spec: Path, early: bool = False) -> Tree:
    """What gen writes for spec, from the cache when every input is unchanged. early: the
    output is likely to change (a plain run of gen), so where the work splits over the cores,
    the specs start being read before the cache is asked (that takes 5-10 ms); a cache hit
    then stops the reading, having cost a fork."""
    collecting = gc.isenabled()
    # The build makes millions of small objects and frees them by reference counting; cycle
    # collection passes over them would cost about a quarter of its time and free nothing.
    gc.disable()
    reading = _reading_beside(spec) if early else None
    try:
        from generator.backend.fingerprint import inputs_fingerprint

        key = inputs_fingerprint(spec)
        cached = _cached_tree(key)
        if cached is not None:
            return cached
        if reading is None:
            reading = _reading_beside(spec)
        tree = _tree_beside_checks(reading) if reading is not None else _tree_alone(spec)
    finally:
        if reading is not None:
            reading.close()
        if collecting:
            gc.enable()
    if cache_dir() is not None:
        write_data(entry("trees", (key,)), marshal.dumps(tuple(tree)))
    return tree


def _reading_beside(spec: Path) -> Stream[list[_Handed]] | None:
    """The specs being read in a child process (see _tree_beside_checks), where that pays:
    the cache holds datamodel-code-generator's output, so that nothing else needs the second
    core, and the spec is small enough to hand the model over."""
    if cache_dir() is None or not has_entries("models") or _spec_bytes(spec) > _HAND_OVER_LIMIT:
        return None
    from generator.parallel import Stream

    return Stream(partial(_checked_steps, spec, _Memo()))


def _spec_bytes(spec: Path) -> int:
    from generator.frontend.folders import find_service_dirs

    total = 0
    for folder in find_service_dirs(spec):
        for path in folder.glob("*.yaml"):
            with suppress(OSError):  # reading it reports the problem
                total += path.stat().st_size
    return total


def _tree_alone(spec: Path) -> Tree:
    """Read the specs, then render them; datamodel-code-generator, unless its output is
    cached, imported and run in a worker meanwhile."""
    worker = _models_worker()  # first: forked before the imports below, it stays smaller
    try:
        services = _read_specs(spec, _Memo() if cache_dir() is not None else None)
        return _tree(_start(services, worker))
    finally:
        if worker is not None:
            worker.close()


def _tree(started: list[_Started]) -> Tree:
    from generator.backend.view import source_folder

    sources = {item.service.package: source_folder(item.service) for item in started}
    return Tree(_render_tree(started), sources)  # empties started


def _read_specs(spec: Path, memo: _Memo | None) -> list[Service]:
    from generator.frontend.entry import load_model

    stage("reading the specs")
    return load_model(spec, memo=memo)


def _tree_beside_checks(steps: Stream[list[_Handed]]) -> Tree:
    """Both cores: the child (started by _reading_beside) hands the model over as soon as it
    is assembled and has its reference rows and cached models.py, then checks its meaning,
    while this process, having imported the back end meanwhile, renders the model. Nothing
    comes back before the checks have passed, and their problems are what a failure reports:
    rendering a model that has problems may fail for them."""
    _import_back_end()
    started = [item.started() for item in next(steps)]
    try:
        tree = _tree(started)
    except Exception:
        next(steps, None)  # raises SpecError when the checks found problems
        raise
    next(steps, None)  # likewise
    return tree


class _Handed(Record):
    """What the child hands over for a service: _Started with models.py's text when the
    cache has it (None: this process starts it, and renders the rest meanwhile). The child
    makes the reference rows and looks the models up while this process is still importing
    the back end (Jinja alone takes about 30 ms): they cost it nothing."""

    service: Service
    reference: Reference
    models: str | None

    @classmethod
    def of(cls, service: Service) -> _Handed:
        from generator.backend.datamodels import cached_models
        from generator.backend.reference import reference

        return cls(service, reference(service), cached_models(service))

    def started(self) -> _Started:
        text = self.models
        if text is None:
            from generator.backend.datamodels import start_models

            return _Started(self.service, self.reference, start_models(self.service))
        return _Started(self.service, self.reference, lambda: text)


def _checked_steps(spec: Path, memo: _Memo | None) -> Iterator[list[_Handed]]:
    """The assembled services (made _Handed), then (an empty list) the verdict of the meaning
    checks; a step that found problems raises SpecError with them instead."""
    from generator.frontend.entry import read_in_steps
    from generator.problems import SpecError

    stage("reading the specs")
    for services, problems in read_in_steps(spec, memo):
        if problems:
            raise SpecError(problems)
        yield [_Handed.of(service) for service in services]


def _import_back_end() -> None:
    """The modules _render_tree imports, and the templates, loaded ahead of it."""
    import generator.backend.formatting
    import generator.backend.view
    import generator.backend.writer  # noqa: F401 - generate() writes with it
    from generator.backend.render import load_templates

    load_templates()


def generate(spec: Path, out: Path) -> int:
    """Write the packages the specs generate into out; return how many files changed."""
    tree = fresh_tree(spec, early=True)  # fails before touching the output folder at all
    # Imported after the specs have started being read (in a child process; this process
    # imports it meanwhile, see _import_back_end): about 10 ms of json, shutil and tempfile.
    from generator.backend.writer import install, plan

    chosen = plan(spec, out, tree.sources)
    differing = chosen.differences(tree.files)
    if differing:
        stage(f"writing into {out}")
        install(chosen, tree.files, differing)
    return len(differing)


def check_output(spec: Path, out: Path) -> str:
    """A unified diff from what gen owns in out to what it would write now; empty when current."""
    from generator.backend.writer import plan

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
