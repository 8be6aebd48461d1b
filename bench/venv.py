"""The benchmark's own virtualenv (.bench-venv/): the competitor and the plotting library.

openapi-python-client pins its own ruff, and neither it nor matplotlib belongs in the
project venv, so they live apart and are run as separate processes.
"""

from __future__ import annotations

import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH_VENV = ROOT / ".bench-venv"
REQUIREMENTS = ("openapi-python-client==0.29.1", "matplotlib==3.11.2")
# Written after a successful install: a half-built venv (interrupted pip) is rebuilt.
_MARKER = BENCH_VENV / "bench-requirements.txt"


def bench_python() -> Path:
    return BENCH_VENV / "bin" / "python"


def bench_bin() -> Path:
    return BENCH_VENV / "bin"


def is_ready() -> bool:
    try:
        return _MARKER.read_text("utf-8") == "\n".join(REQUIREMENTS)
    except OSError:
        return False


def ensure_bench_venv() -> Path:
    """Create .bench-venv/ on first use (or when the pins changed); return its python."""
    if is_ready():
        return bench_python()
    print(
        f"Setting up {BENCH_VENV.name}/ ({', '.join(REQUIREMENTS)}); first run only...",
        file=sys.stderr,
    )
    # The project venv's base interpreter, so both sides run the same Python version.
    builder = venv.EnvBuilder(with_pip=True, clear=True)
    builder.create(BENCH_VENV)
    pip = [str(bench_python()), "-m", "pip", "install", "--disable-pip-version-check", "--quiet"]
    subprocess.run([*pip, *REQUIREMENTS], check=True)
    _MARKER.write_text("\n".join(REQUIREMENTS), "utf-8")
    return bench_python()


if __name__ == "__main__":
    print(ensure_bench_venv())
