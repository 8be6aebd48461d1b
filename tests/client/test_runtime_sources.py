"""The static runtime modules are copied into packages unformatted, so they must already be
black-formatted and lint-clean in the repository, and standalone (relative imports only)."""

from __future__ import annotations

import subprocess
import sys

from generator.backend.formatting import LINE_LENGTH, LINT_RULES
from tests.helpers import ROOT

RUNTIME = ROOT / "templates" / "runtime"


def test_runtime_modules_are_black_formatted_and_ruff_clean() -> None:
    black = subprocess.run(
        [
            sys.executable,
            "-m",
            "black",
            "--check",
            "--quiet",
            "--line-length",
            str(LINE_LENGTH),
            "--target-version",
            "py311",
            str(RUNTIME),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert black.returncode == 0, black.stderr
    ruff = subprocess.run(
        [
            sys.executable,
            "-m",
            "ruff",
            "check",
            "--isolated",
            "--no-cache",
            "--select",
            LINT_RULES,
            "--ignore",
            "E501",
            "--line-length",
            str(LINE_LENGTH),
            "--target-version",
            "py311",
            str(RUNTIME),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert ruff.returncode == 0, ruff.stdout
