"""Helpers shared by the gen diff tests."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result

from generator.diff.cli import diff_command
from generator.diff.rules import CATALOGUE

from .cases import cases, materialize

REPO = Path(__file__).resolve().parents[2]


def run_cli(*args: str) -> Result:
    """In-process run; the caller chdirs first when the working folder matters."""
    return CliRunner().invoke(diff_command, list(args), catch_exceptions=False)


def run_module(
    *args: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """A real run of `python -m generator.diff.cli`, as CI would start it."""
    environ = {**os.environ, "PYTHONPATH": str(REPO), **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "generator.diff.cli", *args],
        cwd=cwd,
        env=environ,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def expected(rule_id: str) -> dict[str, Any]:
    """The finding a case must produce, with the rule's default level."""
    return {"rule": rule_id, "level": CATALOGUE[rule_id].level, **cases()[rule_id]["finding"]}


def pair(name: str, dest: Path) -> tuple[str, str]:
    """The case's two spec folders, written under dest."""
    materialize(name, dest)
    return str(dest / "base"), str(dest / "head")


def keyed(report_json: str) -> set[tuple[str, str, str, str]]:
    """(rule, level, operation, path) of every finding in a JSON report."""
    return {
        (f["rule"], f["level"], f["operation"], f["path"])
        for f in json.loads(report_json)["findings"]
    }


def key(finding: dict[str, Any]) -> tuple[str, str, str, str]:
    return (finding["rule"], finding["level"], finding["operation"], finding["path"])
