"""The in-memory formatting and lint pass, and its caches."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.backend.formatting import format_files, format_in_place, lint_files
from generator.problems import SpecError

CLEAN = 'def f() -> int:\n    """Plain words."""\n    return 1\n'


def test_a_cached_clean_skeleton_does_not_hide_an_escape_in_a_docstring(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GEN_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("GEN_NO_CACHE", raising=False)
    lint_files({"p/m.py": CLEAN})  # caches the skeleton as clean
    lint_files(
        {"p/m.py": CLEAN.replace("Plain words.", "Other words.")}
    )  # same skeleton: no ruff run needed
    with pytest.raises(SpecError) as caught:
        lint_files({"p/m.py": CLEAN.replace("Plain words.", "A \\d escape.")})
    assert "W605" in str(caught.value)


def test_the_shapes_formatting_hands_to_lint_judge_as_its_own_split_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pipeline lints with the skeletons formatting found (hit in its cache or made by
    ruff): a clean verdict cached that way is reused for another plain docstring only."""
    monkeypatch.setenv("GEN_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("GEN_NO_CACHE", raising=False)

    def formatted_then_linted(docstring: str) -> None:
        files = {"p/m.py": CLEAN.replace("Plain words.", docstring).replace("1\n", "(1)\n")}
        shapes = format_in_place(files, ["p/m.py"])
        assert files["p/m.py"] == CLEAN.replace("Plain words.", docstring)
        lint_files(files, shapes=shapes)

    formatted_then_linted("Plain words.")  # ruff formats and lints; both are cached
    formatted_then_linted("Other words.")  # the cached skeleton: neither runs
    with pytest.raises(SpecError) as caught:
        formatted_then_linted("A \\d escape.")
    assert "W605" in str(caught.value)


def test_format_sorts_imports_and_reports_unparsable_code_by_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("GEN_NO_CACHE", "1")
    assert format_files({"p/m.py": "import sys\nimport os\nx=[os,sys]\n"}) == {
        "p/m.py": "import os\nimport sys\n\nx = [os, sys]\n"
    }
    with pytest.raises(SpecError) as caught:
        format_files({"p/m.py": "x = 1\ndef f(:\n    pass\n"})
    assert (
        caught.value.problems[0].file == "(generated) p/m.py" and caught.value.problems[0].line == 2
    )
