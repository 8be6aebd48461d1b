"""gen lays out _tables.py itself (black is too slow on it): with many operations, long
lists and names, the output must still be exactly what black would print."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from generator.backend.formatting import LINE_LENGTH
from tests.helpers import SPEC, run_gen


def _many_operations(tmp_path: Path, count: int) -> Path:
    spec = tmp_path / "spec"
    shutil.copytree(SPEC, spec)
    folder = spec / "sae" / "2019-05-06"
    template = (folder / "CreateJob.yaml").read_text()
    for i in range(count):
        name = f"CreateJobWithAVeryLongOperationNameNumber{i:03d}"
        text = template.replace("name: CreateJob\n", f"name: {name}\n").replace(
            "/createJob", f"/createJob{i:03d}"
        )
        (folder / f"{name}.yaml").write_text(text)
    return spec


def test_many_operations_give_black_stable_ruff_clean_code(tmp_path: Path) -> None:
    out = tmp_path / "out"
    spec = _many_operations(tmp_path, 12)
    operations = [
        p for p in (spec / "sae" / "2019-05-06").glob("*.yaml") if p.name != "service.yaml"
    ]
    result = run_gen("--spec", spec, "--out", out)
    assert result.returncode == 0, result.stderr
    tables = (out / "sae_jobs" / "_tables.py").read_text()
    assert tables.count("Final = Operation(") == len(operations) > 12
    black = subprocess.run(
        [
            sys.executable,
            "-m",
            "black",
            "--check",
            "--diff",
            "--quiet",
            "-l",
            str(LINE_LENGTH),
            "-t",
            "py311",
            str(out),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert black.returncode == 0, black.stdout[:3000]
