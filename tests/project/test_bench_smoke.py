"""The benchmark runner works end to end on its cheap parts. No timing is asserted: figures
depend on the machine, and the full run is `python -m bench` (bench/README.md)."""

from __future__ import annotations

import os
import subprocess
import sys

from bench.report import HEADER
from tests.helpers import ROOT


def test_bench_smoke_prints_the_table() -> None:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    run = subprocess.run(
        [sys.executable, "-m", "bench", "--smoke"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr + run.stdout
    header = run.stdout.splitlines()[0]
    assert [cell.strip() for cell in header.split("|")] == list(HEADER)
    assert "import + build client" in run.stdout
    for row in ("(vs fastjsonschema, every error)", "(vs jsonschema)"):  # side by side, one run
        assert f"validate rich CreateJob {row}" in run.stdout


def test_draft_benchmark_runs_alone_and_prints_shares() -> None:
    run = subprocess.run(
        [sys.executable, "-m", "bench.draft"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert lines[0] == "| page | rows right | share | share, location aside |"
    for page in ("CreateJob", "ListJobs"):  # every saved page with a curated spec is compared
        assert any(
            line.startswith(f"| sae/2019-05-06/pages/{page}.txt | ") and line.endswith("% |")
            for line in lines
        )
    assert any(line.startswith("| all compared pages | ") for line in lines)
