"""Quality gates on the generated code: mypy --strict, ruff and black, as users would run them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from generator.formatting import LINE_LENGTH, LINT_RULES
from tests.helpers import FIXTURES, GENERATED, fixture_names

PACKAGES = [GENERATED] + [FIXTURES / n / "expected" for n in fixture_names()]


def _run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *map(str, args)], cwd=cwd, capture_output=True, text=True, check=False)


@pytest.mark.parametrize("folder", PACKAGES, ids=lambda p: p.parent.name if p.name == "expected" else p.name)
def test_mypy_strict(folder: Path, tmp_path: Path) -> None:
    packages = [p.name for p in folder.iterdir() if (p / "__init__.py").exists()]
    result = _run("mypy", "--strict", "--cache-dir", tmp_path / "mypy", *sum((["-p", p] for p in packages), []), cwd=folder)
    assert result.returncode == 0, result.stdout


@pytest.mark.parametrize("folder", PACKAGES, ids=lambda p: p.parent.name if p.name == "expected" else p.name)
def test_ruff_and_black(folder: Path) -> None:
    ruff = _run("ruff", "check", "--isolated", "--no-cache", "--select", LINT_RULES, "--ignore", "E501",
                "--target-version", "py311", "--line-length", str(LINE_LENGTH), ".", cwd=folder)
    assert ruff.returncode == 0, ruff.stdout
    black = _run("black", "--check", "--quiet", "--line-length", str(LINE_LENGTH), "--target-version", "py311", ".", cwd=folder)
    assert black.returncode == 0, black.stderr
