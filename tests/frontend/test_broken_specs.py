"""The broken-spec corpus: `gen lint` must report every deliberate defect where it is.

Each case in tests/frontend/broken_specs/cases.yaml is a few text edits that put one deliberate defect
into a copy of the valid spec folder tests/frontend/broken_specs/base (the multiple-* cases one in each
file), and the lines gen lint must print: `FILE:LINE:COL: FIELD: message-fragment`, FILE
relative to the case's folder (gen prints it behind the folder's name, the case id). A line
may end after `FIELD:` where gen lint does not detect the defect yet, as no message exists
to quote. Each case is materialised once per session, under pytest's temporary folder.

Three views of the same lint run, so that a misplaced report does not hide a detected one:
- test_lint_reports_expected_problems: exit 1 and every expected line verbatim, position included;
- test_lint_detects_defect: the problem is reported in the right file, wherever it points;
- test_lint_reports_nothing_else: no problem beyond the expected ones (no follow-on noise).
Known shortcomings of gen lint are strict xfails below, so a fix shows up as XPASS.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.frontend.broken_specs.cases import BASE, Case, CaseError, cases, materialize

ROOT = Path(__file__).resolve().parents[2]
CASES = sorted(cases())

_POSITION = re.compile(r"^(?P<file>[^:\s]+):(?P<line>\d+):(?P<col>\d+): (?P<rest>.*)$")
_FIELD = re.compile(r"^(?P<field>[A-Za-z_][\w.\[\]-]*):(?: (?P<message>.*))?$")
_SUMMARY = re.compile(r"^(\d+) problem\(s\) found\.$")

# -- known shortcomings of gen lint (keep in step with the corpus) ----------------------------
UNDETECTED: dict[str, str] = {}
CRASHES: dict[str, str] = {}
MISPLACED: dict[str, str] = {}
EXTRA_REPORTS: dict[str, str] = {}


def _cases(*known: dict[str, str]) -> list[object]:
    params = []
    for case in CASES:
        reasons = [table[case] for table in known if case in table]
        marks = [pytest.mark.xfail(strict=True, reason="; ".join(reasons))] if reasons else []
        params.append(pytest.param(case, marks=marks, id=case))
    return params


# -- reading expected.txt and gen lint's output -----------------------------------------------
@dataclass(frozen=True)
class Located:
    file: str
    line: int
    column: int
    field: str
    message: str
    text: str

    def same_problem(self, other: Located) -> bool:
        """Same file and message fragment (or field, when no message is given), anywhere in it."""
        if self.file != other.file:
            return False
        if self.message:
            return self.message in other.message
        return self.field == other.field


def _parse(text: str) -> Located:
    match = _POSITION.match(text)
    assert match, f"not FILE:LINE:COL: ...: {text!r}"
    rest = match["rest"]
    field = _FIELD.match(rest)
    return Located(
        match["file"],
        int(match["line"]),
        int(match["col"]),
        field["field"] if field else "",
        (field["message"] or "") if field else rest,
        text,
    )


def _expected(case: str) -> list[str]:
    return list(cases()[case].expected)


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    """The spec folder of a case (named after it), materialised on first use."""
    root = tmp_path_factory.mktemp("broken_specs")

    def folder(case: str) -> Path:
        path = root / case
        return path if path.exists() else materialize(case, path)

    return folder


@functools.cache
def _lint(folder: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator.cli.main", "lint", "--spec", str(folder)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _problems(folder: Path) -> list[str]:
    """The problem lines gen lint printed for a case; fails unless it ended with a count."""
    result = _lint(folder)
    lines = result.stderr.splitlines()
    assert result.returncode == 1, f"exit {result.returncode}, stderr:\n{result.stderr}"
    assert lines and _SUMMARY.match(lines[-1]), f"no 'N problem(s) found.' line:\n{result.stderr}"
    problems = lines[:-1]
    assert len(problems) == int(_SUMMARY.match(lines[-1])[1]), result.stderr
    return problems


def _located_problems(folder: Path) -> list[Located]:
    prefix = f"{folder.name}/"
    out = []
    for line in _problems(folder):
        assert line.startswith(prefix), f"path not shown from the case folder: {line}"
        out.append(_parse(line[len(prefix) :]))
    return out


# -- the corpus itself ------------------------------------------------------------------------
def test_valid_base_lints_clean() -> None:
    result = _lint(BASE)
    assert result.returncode == 0, result.stderr
    assert "no problems" in result.stderr


def test_corpus_is_well_formed(corpus: Callable[[str], Path]) -> None:
    assert len(CASES) >= 24
    for case in CASES:
        folder = corpus(case)
        assert (folder / "service.yaml").is_file(), case
        expected = _expected(case)
        assert expected, f"{case}: expected is empty"
        for line in expected:
            where = _parse(line)
            path = folder / where.file
            if not path.is_file():  # a folder or a broken symlink named *.yaml: reported at 1:1
                assert path.is_symlink() or path.is_dir(), f"{case}: {line}"
                assert (where.line, where.column) == (1, 1), f"{case}: {line}"
                continue
            assert where.line <= len(path.read_bytes().splitlines()), f"{case}: {line}"
    # One case proves that problems in different files come out of a single run together.
    assert any(len({_parse(line).file for line in _expected(case)}) >= 3 for case in CASES)
    known = UNDETECTED | CRASHES | MISPLACED | EXTRA_REPORTS
    assert set(known) <= set(CASES), set(known) - set(CASES)


def test_every_case_changes_the_base(corpus: Callable[[str], Path]) -> None:
    """Edits that undo each other would leave a valid folder that passes for a case."""
    unchanged = [case for case in CASES if _snapshot(corpus(case)) == _snapshot(BASE)]
    assert not unchanged


def test_an_edit_the_base_no_longer_fits_fails_naming_the_case(tmp_path: Path) -> None:
    """When base/ changes under a case, materialising it fails loudly instead of passing."""
    base = tmp_path / "base"
    shutil.copytree(BASE, base)
    path = base / "CreateWidget.yaml"
    path.write_text(path.read_text("utf-8").replace("json: LabelList", "json: Labels"), "utf-8")
    with pytest.raises(CaseError) as error:
        materialize("dangling-json-ref", tmp_path / "dangling-json-ref", base=base)
    assert str(error.value).startswith(
        "dangling-json-ref: edit 1 (replace CreateWidget.yaml): old text b'json: LabelList' "
        "is not in the file"
    )
    assert not (tmp_path / "dangling-json-ref").exists()


@pytest.mark.parametrize(
    ("edit", "error"),
    [
        (
            {"replace": "CreateWidget.yaml", "old": "in: query", "new": "in: body"},
            "edit 1 (replace CreateWidget.yaml): old text b'in: query' occurs 3 times",
        ),
        (
            {"replace": "CreateWidget.yaml", "old": "in: body", "new": "in: body"},
            "edit 1 (replace CreateWidget.yaml): changes nothing",
        ),
        (
            {"insert": "UpdateWidget.yaml", "after": "example: w-123\n", "text": ""},
            "edit 1 (insert UpdateWidget.yaml): changes nothing",
        ),
        (
            {"append": "Missing.yaml", "text": "x: 1\n"},
            "edit 1 (append Missing.yaml): no such file",
        ),
        ({"write": "service.yaml", "text": ""}, "edit 1 (write service.yaml): the file exists"),
        (
            {"replace": "CreateWidget.yaml", "old": "\xff", "new": "", "encoding": "ascii"},
            "edit 1: encoding is one of",
        ),
        (
            {"replace": "CreateWidget.yaml", "old": "in: body", "nwe": "in: path"},
            "edit 1: replace takes old, new",
        ),
        ({"rename": "CreateWidget.yaml", "to": "Other.yaml"}, "edit 1: an edit names one action"),
    ],
)
def test_a_case_that_cannot_be_built_fails_naming_it(
    edit: dict[str, str], error: str, tmp_path: Path
) -> None:
    raw = {"defect": "a made-up case.", "edits": [edit], "expected": "service.yaml:1:1: x\n"}
    with pytest.raises(CaseError, match=f"^made-up-case: {re.escape(error)}"):
        materialize(Case.parse("made-up-case", raw), tmp_path / "made-up-case")
    assert not (tmp_path / "made-up-case").exists()


def test_a_case_changes_the_first_line_of_each_file_it_edits(corpus: Callable[[str], Path]) -> None:
    folder = corpus("multiple-defects")
    for name in ("service.yaml", "CreateWidget.yaml", "UpdateWidget.yaml"):
        first = (folder / name).read_text("utf-8").splitlines()[0]
        assert (
            first == "# BROKEN (multiple-defects): one semantic defect in each of the three files."
        )
    assert (corpus("dangling-json-ref") / "service.yaml").read_bytes() == (
        BASE / "service.yaml"
    ).read_bytes()


# -- gen lint ---------------------------------------------------------------------------------
@pytest.mark.parametrize("case", _cases(UNDETECTED, CRASHES, MISPLACED))
def test_lint_reports_expected_problems(case: str, corpus: Callable[[str], Path]) -> None:
    problems = _problems(corpus(case))
    missing = [
        line
        for line in _expected(case)
        if not any(p.startswith(f"{case}/{line}") for p in problems)
    ]
    assert not missing, "missing:\n" + "\n".join(missing) + "\nreported:\n" + "\n".join(problems)


@pytest.mark.parametrize("case", _cases(UNDETECTED, CRASHES))
def test_lint_detects_defect(case: str, corpus: Callable[[str], Path]) -> None:
    reported = _located_problems(corpus(case))
    missing = [
        line for line in _expected(case) if not any(_parse(line).same_problem(r) for r in reported)
    ]
    assert not missing, (
        "not detected:\n"
        + "\n".join(missing)
        + "\nreported:\n"
        + "\n".join(r.text for r in reported)
    )


@pytest.mark.parametrize("case", _cases(UNDETECTED, CRASHES, EXTRA_REPORTS))
def test_lint_reports_nothing_else(case: str, corpus: Callable[[str], Path]) -> None:
    reported = _located_problems(corpus(case))
    expected = [_parse(line) for line in _expected(case)]
    extra = [r.text for r in reported if not any(e.same_problem(r) for e in expected)]
    assert not extra, "unexpected:\n" + "\n".join(extra)
    assert len(reported) == len(expected)


# -- gen (generate) ---------------------------------------------------------------------------
def _snapshot(folder: Path) -> dict[str, bytes | None]:
    """Every file (with its bytes) and folder below folder."""
    return {
        p.relative_to(folder).as_posix(): (p.read_bytes() if p.is_file() else None)
        for p in sorted(folder.rglob("*"))
    }


def _generate(
    spec: Path, out: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator.cli.main", "--spec", str(spec), "--out", str(out)],
        cwd=ROOT,
        env={**os.environ, **(env or {"GEN_NO_CACHE": "1"})},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="session")
def warm_cache(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """A cache that holds the models of the valid base: a run on a case then hands the model
    over to the back end while its meaning is still being checked (backend.pipeline)."""
    root = tmp_path_factory.mktemp("warm")
    env = {"GEN_CACHE_DIR": str(root / "cache")}
    assert _generate(BASE, root / "out", env).returncode == 0
    return env


HOSTILE_CASES = [
    "package-name-newline",
    "control-character-summary",
    "carriage-return-description",
    "trailing-spaces-description",
    "nan-maximum",
    "inf-minimum",
    "operation-named-close",
    "operation-named-endpoint",
    "yaml-alias-bomb",
    "yaml-recursive-alias",
    "yaml-deep-nesting",
    "yaml-unknown-tag",
    "yaml-invalid-utf8",
    "pattern-catastrophic",
    "spec-file-is-folder",
    "spec-file-dangling-symlink",
    "spec-file-symlink-loop",
    "examples-entry-breaks-rule",
]


@pytest.mark.parametrize("cache", ["off", "warm"])
@pytest.mark.parametrize(
    "case", ["yaml-unclosed-bracket", "dangling-json-ref", "multiple-defects", *HOSTILE_CASES]
)
def test_generate_refuses_broken_spec_and_writes_nothing(
    case: str, cache: str, tmp_path: Path, corpus: Callable[[str], Path], warm_cache: dict[str, str]
) -> None:
    spec = corpus(case)
    out = tmp_path / "out"
    (out / "pkg").mkdir(parents=True)
    (out / "sentinel.txt").write_bytes(b"left alone\n")
    (out / "pkg" / "module.py").write_bytes(b"# an earlier output\n")
    before = _snapshot(tmp_path)
    result = _generate(spec, out, warm_cache if cache == "warm" else None)
    assert result.returncode == 2, result.stderr
    for line in _expected(case):
        assert f"{case}/{line}" in result.stderr
    assert "Nothing written" in result.stderr
    assert _snapshot(tmp_path) == before


def test_generate_refuses_broken_spec_without_creating_out_parents(
    tmp_path: Path, corpus: Callable[[str], Path]
) -> None:
    result = _generate(corpus("dangling-json-ref"), tmp_path / "new" / "out")
    assert result.returncode == 2, result.stderr
    assert _snapshot(tmp_path) == {}
