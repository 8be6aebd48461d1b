"""The broken-spec corpus: `gen lint` must report every deliberate defect where it is.

Each folder under tests/broken_specs/ (except _valid) is a small spec folder derived from
_valid/ with one deliberate defect (the multiple-* folders carry one in each file) and an
expected.txt: one `FILE:LINE:COL: FIELD: message-fragment` line per problem that gen lint
must print, FILE relative to the case folder (gen prints it behind the folder's name).
A line may end after `FIELD:` where gen lint does not detect the defect yet, as no message
exists to quote.

Three views of the same lint run, so that a misplaced report does not hide a detected one:
- test_lint_reports_expected_problems: exit 1 and every expected line verbatim, position included;
- test_lint_detects_defect: the problem is reported in the right file, wherever it points;
- test_lint_reports_nothing_else: no problem beyond the expected ones (no follow-on noise).
Known shortcomings of gen lint are strict xfails below, so a fix shows up as XPASS.
"""

from __future__ import annotations

import functools
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "broken_specs"
VALID = CORPUS / "_valid"
CASES = sorted(p.name for p in CORPUS.iterdir() if p.is_dir() and not p.name.startswith("_"))

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
    lines = (CORPUS / case / "expected.txt").read_text("utf-8").splitlines()
    return [line for line in lines if line.strip()]


@functools.cache
def _lint(folder: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator.cli.main", "lint", "--spec", str(folder)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _problems(case: str) -> list[str]:
    """The problem lines gen lint printed for a case; fails unless it ended with a count."""
    result = _lint(CORPUS / case)
    lines = result.stderr.splitlines()
    assert result.returncode == 1, f"exit {result.returncode}, stderr:\n{result.stderr}"
    assert lines and _SUMMARY.match(lines[-1]), f"no 'N problem(s) found.' line:\n{result.stderr}"
    problems = lines[:-1]
    assert len(problems) == int(_SUMMARY.match(lines[-1])[1]), result.stderr
    return problems


def _located_problems(case: str) -> list[Located]:
    prefix = f"{case}/"
    out = []
    for line in _problems(case):
        assert line.startswith(prefix), f"path not shown from the case folder: {line}"
        out.append(_parse(line[len(prefix) :]))
    return out


# -- the corpus itself ------------------------------------------------------------------------
def test_valid_base_lints_clean() -> None:
    result = _lint(VALID)
    assert result.returncode == 0, result.stderr
    assert "no problems" in result.stderr


def test_corpus_is_well_formed() -> None:
    assert len(CASES) >= 24
    for case in CASES:
        folder = CORPUS / case
        assert (folder / "service.yaml").is_file(), case
        expected = _expected(case)
        assert expected, f"{case}/expected.txt is empty"
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


# -- gen lint ---------------------------------------------------------------------------------
@pytest.mark.parametrize("case", _cases(UNDETECTED, CRASHES, MISPLACED))
def test_lint_reports_expected_problems(case: str) -> None:
    problems = _problems(case)
    missing = [
        line
        for line in _expected(case)
        if not any(p.startswith(f"{case}/{line}") for p in problems)
    ]
    assert not missing, "missing:\n" + "\n".join(missing) + "\nreported:\n" + "\n".join(problems)


@pytest.mark.parametrize("case", _cases(UNDETECTED, CRASHES))
def test_lint_detects_defect(case: str) -> None:
    reported = _located_problems(case)
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
def test_lint_reports_nothing_else(case: str) -> None:
    reported = _located_problems(case)
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


def _generate(case: str, out: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "generator.cli.main",
            "--spec",
            str(CORPUS / case),
            "--out",
            str(out),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


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


@pytest.mark.parametrize(
    "case", ["yaml-unclosed-bracket", "dangling-json-ref", "multiple-defects", *HOSTILE_CASES]
)
def test_generate_refuses_broken_spec_and_writes_nothing(case: str, tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "pkg").mkdir(parents=True)
    (out / "sentinel.txt").write_bytes(b"left alone\n")
    (out / "pkg" / "module.py").write_bytes(b"# an earlier output\n")
    before = _snapshot(tmp_path)
    result = _generate(case, out)
    assert result.returncode == 2, result.stderr
    for line in _expected(case):
        assert f"{case}/{line}" in result.stderr
    assert "Nothing written" in result.stderr
    assert _snapshot(tmp_path) == before


def test_generate_refuses_broken_spec_without_creating_out_parents(tmp_path: Path) -> None:
    result = _generate("dangling-json-ref", tmp_path / "new" / "out")
    assert result.returncode == 2, result.stderr
    assert _snapshot(tmp_path) == {}
