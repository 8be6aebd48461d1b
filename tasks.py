#!/usr/bin/env python3
"""Set-up and everyday commands. Needs only Python 3.11; creates .venv on first use.

python3 tasks.py gen       generate generated/ from spec/
python3 tasks.py test      run every check (what CI runs)
python3 tasks.py goldens   rewrite every golden file after a deliberate change
python3 tasks.py bench     run the benchmarks (prints a table, writes bench/results/)
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")

# The newest Python gen and the generated package support, tested besides the 3.11 of .venv
# when the machine has it (pyenv's or on PATH), on the tests that depend on the interpreter.
OTHER_PYTHON = "3.13"
OTHER_VENV = ROOT / f".venv-{OTHER_PYTHON}"
OTHER_TESTS = [
    "tests/backend/test_golden.py",
    "tests/frontend/test_broken_specs.py",
    "tests/client/test_validator.py",
    "tests/client/test_hostile_validator.py",
    "tests/client/test_client_on_fake.py",
    "tests/client/test_lifecycle.py",
    "tests/backend/test_generated_quality.py",
    "tests/cli/test_cli_conventions.py",
    "tests/backend/test_output_ownership.py",
]


def run(*args: str | Path) -> None:
    print("+", " ".join(str(a) for a in args), flush=True)
    result = subprocess.run([str(a) for a in args], cwd=ROOT)
    if result.returncode:
        sys.exit(result.returncode)


def ensure_venv(python: str | Path = sys.executable, venv: Path = VENV) -> Path:
    """Create venv and install gen with its pinned tools; redo it when pyproject.toml changes.
    Returns the venv's bin folder."""
    bin_dir = venv / ("Scripts" if os.name == "nt" else "bin")
    stamp = venv / ".installed"
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if stamp.exists() and stamp.read_text() == wanted:
        return bin_dir
    if not (bin_dir / "python").exists():
        run(python, "-m", "venv", venv)
    run(bin_dir / "python", "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    run(bin_dir / "python", "-m", "pip", "install", "--quiet", "-e", f"{ROOT}[test]")
    stamp.write_text(wanted)
    return bin_dir


def other_python() -> Path | None:
    """Python OTHER_PYTHON from pyenv or PATH, if this machine has one that runs."""
    pyenv = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"
    candidates = sorted(
        pyenv.glob(f"{OTHER_PYTHON}.*/bin/python{OTHER_PYTHON}"), key=lambda p: p.parent.parent.name
    )
    on_path = shutil.which(f"python{OTHER_PYTHON}")
    for candidate in [*reversed(candidates), *([Path(on_path)] if on_path else [])]:
        probe = subprocess.run(
            [str(candidate), "--version"], capture_output=True, text=True, check=False
        )
        if probe.returncode == 0:  # a pyenv shim for a version not selected fails here
            return candidate
    return None


def test_other_python(args: list[str]) -> None:
    python = other_python()
    if python is None:
        print(
            f"Python {OTHER_PYTHON} is not on this machine: the second run (gen and the generated package "
            f"on {OTHER_PYTHON}) is skipped.",
            flush=True,
        )
        return
    print(f"Python {OTHER_PYTHON} ({python}): the interpreter-dependent tests again.", flush=True)
    bin_dir = ensure_venv(python, OTHER_VENV)
    run(bin_dir / "python", "-m", "pytest", "-n", "2", "-q", *OTHER_TESTS, *args)


def main(argv: list[str]) -> None:
    command = argv[0] if argv else "help"
    if command not in ("gen", "test", "goldens", "bench"):
        print(__doc__)
        sys.exit(0 if command in ("help", "-h", "--help") else 2)
    ensure_venv()
    if command == "gen":
        run(BIN / "gen", *argv[1:])
    elif command == "test":
        run(BIN / "python", "-m", "pytest", "-n", "2", "-q", *argv[1:])
        if not argv[1:]:  # a full run; a run of chosen tests stays on one Python
            test_other_python([])
    elif command == "goldens":
        run(BIN / "gen")
        run(BIN / "python", "-m", "tests.update_goldens")
    else:
        run(BIN / "python", "-m", "bench", *argv[1:])


if __name__ == "__main__":
    main(sys.argv[1:])
