"""Format and lint generated Python in memory: ruff sorts imports and formats, ruff lints.

ruff's formatter prints what black prints on this code (black stays the arbiter: the tests
run the pinned `black --check` on every golden and fixture output) at a small fraction of
its cost. The texts go through ruff in a temporary folder (never the output folder, so no
tool writes caches there): one process sorts imports, one formats, one lints.
Import sorting and formatting work on a skeleton of each file in which every docstring is
a placeholder, and their result is cached by that skeleton: an edit to a description
changes no skeleton, so neither pass runs again. The docstrings the view writes are already
in the formatter's shape.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Iterator, Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import subprocess

from generator.backend.cache import entry, read_entry, write_entry
from generator.backend.writer import write_tree
from generator.hashing import text_hash
from generator.problems import Problem, SpecError
from generator.versions import tool_version

LINE_LENGTH = 100
RUFF_COMMON = [
    "--isolated",
    "--no-cache",
    "--target-version",
    "py311",
    "--line-length",
    str(LINE_LENGTH),
]
LINT_RULES = "E,F,W,B,UP,I"
# A docstring statement: triple quotes at the start of a line (after indentation). Possessive:
# what the body consumes is never given back (nothing could match then), three times faster.
_DOCSTRING = re.compile(r'(?m)^([ \t]*)("""(?:[^"\\]++|\\.|"(?!""))*+""")')
_PLACEHOLDER = '"""\x00{}\x00"""'
_PLACEHOLDER_RE = re.compile(r'"""\x00(\d+)\x00"""')
# What in a docstring could draw a lint finding, once escaped backslashes and quotes are
# taken out: other escapes, tabs and other odd whitespace, trailing spaces.
_SAFE_ESCAPE = re.compile(r'\\[\\"]')
_NOT_PLAIN = ("\\", "\t", "\r", "\x0b", "\x0c", " \n")  # looked for with `in`: a regex
# with a lookahead tries every position of a 100 KB text, `in` scans it in C


@cache
def _ruff_bin() -> str:
    # The binary itself: `python -m ruff` would cost an interpreter start per call.
    from ruff import find_ruff_bin  # type: ignore[import-untyped]

    return str(find_ruff_bin())


def _ruff(args: Sequence[str], folder: Path) -> subprocess.CompletedProcess[str]:
    import subprocess  # here: a run whose formatting and lint are cached needs none of it

    # Run in folder: ruff takes the folder it runs in for the project's source root, and what it
    # finds there first-party when it sorts imports. Anywhere else, the user's working folder
    # would decide, and files sorted apart (models.py) would lose their package.
    return subprocess.run(
        [_ruff_bin(), *args, "."], cwd=folder, capture_output=True, text=True, check=False
    )


def split_docstrings(text: str) -> tuple[str, list[str]]:
    docs: list[str] = []

    def hold(match: re.Match[str]) -> str:
        docs.append(match.group(2))
        return match.group(1) + _PLACEHOLDER.format(len(docs) - 1)

    return _DOCSTRING.sub(hold, text), docs


def join_docstrings(skeleton: str, docs: list[str]) -> str:
    return _PLACEHOLDER_RE.sub(lambda m: docs[int(m.group(1))], skeleton)


def _ruff_format(folder: Path) -> None:
    """ruff's import sorting, then ruff's formatter, on every file in folder, in place."""
    result = _ruff(
        ["check", *RUFF_COMMON, "--select", "I", "--fix", "--exit-zero", "--quiet"], folder
    )
    if result.returncode != 0:
        raise SpecError(
            [
                Problem(
                    "(generated)",
                    1,
                    1,
                    "",
                    f"ruff could not sort imports: {result.stderr.strip()}",
                )
            ]
        )
    result = _ruff(["format", *RUFF_COMMON], folder)  # not --quiet: it hides parse errors
    if result.returncode != 0:
        problems = [p for line in result.stderr.splitlines() if (p := _parse_problem(line, folder))]
        raise SpecError(
            problems
            or [Problem("(generated)", 1, 1, "", f"ruff could not format: {result.stderr.strip()}")]
        )


def _key(skeleton: str) -> tuple[str, ...]:
    return ("ruff-format", tool_version("ruff"), str(LINE_LENGTH), skeleton)


def format_files(files: dict[str, str]) -> dict[str, str]:
    """Import-sorted, formatted text of each Python file (relative path -> text)."""
    out = dict(files)
    format_in_place(out, list(out))
    return out


Shapes = dict[str, tuple[str, bool]]
"""Per file, what its lint verdict depends on: the hash of its skeleton, and whether every
docstring in it is plain (see lint_files)."""


def _shape(skeleton: str, docs: list[str]) -> tuple[str, bool]:
    # The docstrings as one text: each is whole (quotes included), so no escape spans two.
    rest = _SAFE_ESCAPE.sub("", "".join(docs))
    return text_hash(skeleton).hexdigest(), not any(odd in rest for odd in _NOT_PLAIN)


def format_in_place(files: dict[str, str], names: Iterable[str]) -> Shapes:
    """Replace the text of each named Python file by its import-sorted, formatted text; return
    each file's shape for lint_files (found here from the split formatting made anyway).

    A file at a time: each skeleton is looked up in the cache or written out for ruff at once,
    and only its docstrings are kept meanwhile, so the texts are in memory about once (at 200
    operations client.py alone is 10 MB). On failure the texts are left half done."""
    waiting: dict[str, tuple[Path | None, list[str]]] = {}  # cache entry, docstrings
    shapes: Shapes = {}
    scratch = None  # made at the first file the cache does not know
    try:
        for name in names:
            skeleton, docs = split_docstrings(files[name])
            where = entry("format", _key(skeleton))
            hit = read_entry(where)
            if hit:
                files[name] = join_docstrings(hit, docs)
                shapes[name] = _shape(hit, docs)
                continue
            if scratch is None:
                import tempfile  # here: a run whose formatting is cached needs none of it

                scratch = tempfile.TemporaryDirectory(prefix="gen-format-")
            path = Path(scratch.name) / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(skeleton.encode("utf-8"))
            files[name] = ""  # the skeleton is on disk and the docstrings kept
            waiting[name] = (where, docs)
        if scratch is None:
            return shapes
        folder = Path(scratch.name)
        _ruff_format(folder)
        for name, (where, docs) in waiting.items():
            formatted = (folder / name).read_bytes().decode("utf-8")
            write_entry(where, formatted)
            files[name] = join_docstrings(formatted, docs)
            shapes[name] = _shape(formatted, docs)
        return shapes
    finally:
        if scratch is not None:
            scratch.cleanup()


def lint_files(
    files: dict[str, str], whole: Collection[str] = (), shapes: Shapes | None = None
) -> None:
    """Raise SpecError with every lint finding in the given files (relative path -> text).

    A docstring whose only escapes are escaped backslashes and quotes, with no tabs, carriage
    returns or trailing spaces, cannot draw a finding of LINT_RULES (E501 is off); when every
    docstring is like that, the verdict depends on the skeletons only: a clean verdict is
    cached by them, so an edited description is not linted again. The files named in whole
    are keyed by their text itself (the runtime's copies, which no description changes).
    shapes: what format_in_place returned for (some of) these texts; the rest are split here."""
    plain = True

    def key() -> Iterator[str]:  # one file at a time
        nonlocal plain
        yield from ("ruff-lint", tool_version("ruff"), LINT_RULES)
        for name in sorted(files):
            if name in whole:
                yield from (name, "whole", files[name])
                continue
            known = shapes.get(name) if shapes else None
            digest, clean = known or _shape(*split_docstrings(files[name]))
            plain = plain and clean
            yield from (name, "skeleton", digest)

    where = entry("lint", key())
    if plain and read_entry(where):
        return
    import tempfile

    with tempfile.TemporaryDirectory(prefix="gen-lint-") as tmp:
        folder = Path(tmp)
        write_tree(files, folder)
        lint = _ruff(
            [
                "check",
                *RUFF_COMMON,
                "--select",
                LINT_RULES,
                "--ignore",
                "E501",
                "--output-format",
                "concise",
            ],
            folder,
        )
        if lint.returncode != 0:
            problems = [
                p for line in lint.stdout.splitlines() if (p := _lint_problem(line, folder))
            ]
            raise SpecError(
                problems
                or [Problem("(generated)", 1, 1, "", lint.stderr.strip() or lint.stdout.strip())]
            )
    if plain:
        write_entry(where, "clean")


_CONCISE = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<col>\d+): (?P<message>.+)$")
_PARSE_ERROR = re.compile(r"^error: Failed to parse (?P<rest>.+)$")


def _relative(file: str, folder: Path) -> str:
    """A file ruff names (relative to folder, where it runs, or absolute) relative to folder."""
    return (folder / file).resolve().relative_to(folder.resolve()).as_posix()


def _lint_problem(line: str, folder: Path) -> Problem | None:
    match = _CONCISE.match(line)
    if match is None:
        return None
    message = f"{match['message']} (a template or the spec produced code that fails ruff)"
    return Problem(
        f"(generated) {_relative(match['file'], folder)}",
        int(match["line"]),
        int(match["col"]),
        "",
        message,
    )


def _parse_problem(line: str, folder: Path) -> Problem | None:
    """A formatter error line (`error: Failed to parse FILE:LINE:COL: MESSAGE`) as a problem."""
    error = _PARSE_ERROR.match(line)
    match = _CONCISE.match(error["rest"]) if error else None
    if match is None:
        return None
    name = _relative(match["file"], folder)
    message = f"generated code does not parse: {match['message']}; a template or the spec produced invalid code"
    return Problem(f"(generated) {name}", int(match["line"]), int(match["col"]), "", message)
