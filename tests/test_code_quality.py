"""gen's own code meets the bar it sets for its output: mypy --strict and ruff."""

from __future__ import annotations

import subprocess
import sys

from tests.helpers import ROOT


def test_generator_is_mypy_strict_clean() -> None:
    result = subprocess.run([sys.executable, "-m", "mypy", "--strict", "generator"], cwd=ROOT,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout


def test_ruff_is_clean() -> None:
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "generator", "tests", "tasks.py"],
                            cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout
