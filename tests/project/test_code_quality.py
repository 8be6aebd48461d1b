"""gen's own code meets the bar it sets for its output: mypy --strict and ruff."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.helpers import ROOT


def test_generator_and_runtime_are_mypy_strict_clean(tmp_path: Path) -> None:
    """The runtime is checked on its own, as the package it is (imports only itself)."""
    # templates/ installs as the package gen_templates; mypy finds it through this link.
    (tmp_path / "gen_templates").symlink_to(ROOT / "templates", target_is_directory=True)
    env = {**os.environ, "MYPYPATH": str(tmp_path)}
    for target in (["generator"], ["-p", "gen_templates.runtime"]):
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "mypy",
                "--strict",
                "--cache-dir",
                str(tmp_path / "cache"),
                *target,
            ],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stdout


def test_ruff_is_clean() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", "generator", "tests", "tasks.py"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout


def test_gens_own_code_is_black_formatted() -> None:
    """gen's own code is kept in the configured formatter's layout ([tool.black])."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "black",
            "--check",
            "--quiet",
            "generator",
            "tests",
            "bench",
            "tasks.py",
            "templates/runtime",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
