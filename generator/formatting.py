"""Format and lint generated Python: ruff sorts imports, black formats, ruff lints.

Runs on a temporary tree (never inside the output folder), so no tool writes caches there.
Import sorting and black work on a skeleton of each file in which every docstring is a
placeholder, and their result is cached by that skeleton: an edit to a description
changes no skeleton, so neither black (a third of a second to import) nor the sorting
pass runs. The docstrings the view writes are already in black's shape;
tests/test_generated_quality.py runs `black --check` on the real output to prove it.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from pathlib import Path

from .cache import cached_text, store_text
from .problems import Problem, SpecError
from .versions import tool_version

LINE_LENGTH = 100
RUFF_COMMON = ["--isolated", "--no-cache", "--target-version", "py311", "--line-length", str(LINE_LENGTH)]
LINT_RULES = "E,F,W,B,UP,I"
# A docstring statement: triple quotes at the start of a line (after indentation).
_DOCSTRING = re.compile(r'(?m)^([ \t]*)("""(?:[^"\\]|\\.|"(?!""))*""")')
_PLACEHOLDER = '"""\x00{}\x00"""'
_PLACEHOLDER_RE = re.compile(r'"""\x00(\d+)\x00"""')


def _ruff(args: list[str], folder: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ruff", *args, str(folder)], capture_output=True, text=True, check=False
    )


def _black(text: str) -> str:
    import black  # imported only when a skeleton is not in the cache
    from black.mode import Mode, TargetVersion

    mode = Mode(line_length=LINE_LENGTH, target_versions={TargetVersion.PY311})
    return black.format_str(text, mode=mode)


def split_docstrings(text: str) -> tuple[str, list[str]]:
    docs: list[str] = []

    def hold(match: re.Match[str]) -> str:
        docs.append(match.group(2))
        return match.group(1) + _PLACEHOLDER.format(len(docs) - 1)

    return _DOCSTRING.sub(hold, text), docs


def join_docstrings(skeleton: str, docs: list[str]) -> str:
    return _PLACEHOLDER_RE.sub(lambda m: docs[int(m.group(1))], skeleton)


def _sort_imports(skeletons: dict[str, str]) -> dict[str, str]:
    """ruff's import sorting, once for all the given files (their paths keep the packages)."""
    with tempfile.TemporaryDirectory(prefix="gen-isort-") as tmp:
        folder = Path(tmp)
        for name, text in skeletons.items():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_text(text, "utf-8")
        result = _ruff(["check", *RUFF_COMMON, "--select", "I", "--fix", "--exit-zero", "--quiet"], folder)
        if result.returncode != 0:
            raise SpecError([Problem("(generated)", 1, 1, "", f"ruff could not sort imports: {result.stderr.strip()}")])
        return {name: (folder / name).read_text("utf-8") for name in skeletons}


def _key(skeleton: str) -> tuple[str, ...]:
    return (tool_version("black"), tool_version("ruff"), str(LINE_LENGTH), skeleton)


def format_files(files: dict[str, str]) -> dict[str, str]:
    """Import-sorted, black-formatted text of each Python file (relative path -> text)."""
    split = {name: split_docstrings(text) for name, text in files.items()}
    done: dict[str, str] = {}
    missed: dict[str, str] = {}
    for name, (skeleton, _docs) in split.items():
        hit = cached_text("format", _key(skeleton), lambda: "")
        if hit:
            done[name] = hit
        else:
            missed[name] = skeleton
    if missed:
        for name, sorted_text in _sort_imports(missed).items():
            try:
                formatted = _black(sorted_text)
            except Exception as exc:  # black's own exception types vary between versions
                raise SpecError([_generated_problem(name, f"generated code does not parse: {exc}")]) from exc
            store_text("format", _key(missed[name]), formatted)
            done[name] = formatted
    return {name: join_docstrings(done[name], docs) for name, (_skeleton, docs) in split.items()}


def format_tree(folder: Path, preformatted: frozenset[str] = frozenset()) -> None:
    """Format every .py file under folder in place, except those named in preformatted
    (static modules kept formatted in the repository); then lint all of them."""
    names = [n for p in sorted(folder.rglob("*.py")) if (n := p.relative_to(folder).as_posix()) not in preformatted]
    originals = {name: (folder / name).read_text("utf-8") for name in names}
    for name, text in format_files(originals).items():
        if text != originals[name]:
            (folder / name).write_text(text, "utf-8")
    lint = _ruff(["check", *RUFF_COMMON, "--select", LINT_RULES, "--ignore", "E501", "--output-format", "concise"], folder)
    if lint.returncode != 0:
        problems = [p for line in lint.stdout.splitlines() if (p := _lint_problem(line, folder))]
        raise SpecError(problems or [Problem("(generated)", 1, 1, "", lint.stderr.strip() or lint.stdout.strip())])


_CONCISE = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<col>\d+): (?P<message>.+)$")


def _lint_problem(line: str, folder: Path) -> Problem | None:
    match = _CONCISE.match(line)
    if match is None:
        return None
    name = Path(match["file"]).resolve().relative_to(folder.resolve()).as_posix()
    message = f"{match['message']} (a template or the spec produced code that fails ruff)"
    return Problem(f"(generated) {name}", int(match["line"]), int(match["col"]), "", message)


def _generated_problem(name: str, message: str) -> Problem:
    return Problem(f"(generated) {name}", 1, 1, "", f"{message}; a template or the spec produced invalid code")
