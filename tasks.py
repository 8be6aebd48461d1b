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
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
STAMP = VENV / ".installed"


def run(*args: str | Path) -> None:
    print("+", " ".join(str(a) for a in args), flush=True)
    result = subprocess.run([str(a) for a in args], cwd=ROOT)
    if result.returncode:
        sys.exit(result.returncode)


def ensure_venv() -> None:
    """Create .venv and install gen with its pinned tools; redo it when pyproject.toml changes."""
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text() == wanted:
        return
    if not (BIN / "python").exists():
        run(sys.executable, "-m", "venv", VENV)
    run(BIN / "python", "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    run(BIN / "python", "-m", "pip", "install", "--quiet", "-e", f"{ROOT}[test]")
    STAMP.write_text(wanted)


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
    elif command == "goldens":
        run(BIN / "gen")
        run(BIN / "python", "-m", "tests.update_goldens")
    else:
        run(BIN / "python", "-m", "bench", *argv[1:])


if __name__ == "__main__":
    main(sys.argv[1:])
