"""Timing fresh processes fairly: per-child wall time, CPU and peak RSS, sides run alternately."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Run:
    wall: float  # seconds, start to exit, as a user waits for it
    cpu: float  # user + system seconds of the process and everything it waited for
    max_rss_mb: float  # the largest resident set of the process or any child it waited for
    returncode: int
    output: str  # stdout (stderr goes to the tail of `error`)
    error: str

    def as_dict(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if k not in ("output", "error")}


class ProcessFailed(RuntimeError):
    pass


def child_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment for measured processes: with bytecode writing on, as a real install has."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(extra or {})
    return env


def run_process(
    cmd: Sequence[str | Path],
    *,
    env: Mapping[str, str] | None = None,
    cwd: Path = ROOT,
    timeout: float = 1800.0,
    check: bool = True,
) -> Run:
    """Run cmd once; its own rusage comes from wait4, so other children never blur the figures.
    The process is started by a small launcher (bench/_launcher.py): the peak RSS a child
    reports starts at the size of the process that started it."""
    with tempfile.NamedTemporaryFile() as out, tempfile.NamedTemporaryFile() as err:
        job = {
            "cmd": [str(c) for c in cmd],
            "cwd": str(cwd),
            "env": dict(env or child_env()),
            "timeout": timeout,
            "stdout": out.name,
            "stderr": err.name,
        }
        result = _launcher().run(job)
        run = Run(
            result["wall"],
            result["cpu"],
            result["max_rss_kb"] / 1024,
            result["returncode"],
            out.read().decode("utf-8", "replace"),
            err.read().decode("utf-8", "replace"),
        )
    if check and run.returncode != 0:
        shown = " ".join(str(c) for c in cmd)
        raise ProcessFailed(
            f"{shown} exited {run.returncode}:\n{run.error[-2000:]}{run.output[-2000:]}"
        )
    return run


class _Launcher:
    def __init__(self) -> None:
        # -S -E: the standard library only, nothing from the environment: as small as it gets.
        self.proc = subprocess.Popen(
            [sys.executable, "-S", "-E", str(Path(__file__).with_name("_launcher.py"))],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def run(self, job: dict[str, Any]) -> dict[str, Any]:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(json.dumps(job) + "\n")
        self.proc.stdin.flush()
        answer = self.proc.stdout.readline()
        if not answer:
            raise ProcessFailed(f"the launcher stopped (exit {self.proc.wait()})")
        result: dict[str, Any] = json.loads(answer)
        return result


_LAUNCHER: list[_Launcher] = []


def _launcher() -> _Launcher:
    """Started once, early: it keeps the size it had then."""
    if not _LAUNCHER or _LAUNCHER[0].proc.poll() is not None:
        _LAUNCHER[:] = [_Launcher()]
    return _LAUNCHER[0]


def alternate(
    sides: Mapping[str, Callable[[], Run]], repeats: int, *, warm_up: bool = True
) -> dict[str, list[Run]]:
    """Run every side `repeats` times, interleaved, flipping the order each round so that neither
    side always runs right after the other (caches, CPU frequency)."""
    names = list(sides)
    if warm_up:  # bytecode, page cache, the venv's first-import costs
        for name in names:
            sides[name]()
    runs: dict[str, list[Run]] = {name: [] for name in names}
    for round_number in range(repeats):
        order = names if round_number % 2 == 0 else names[::-1]
        for name in order:
            runs[name].append(sides[name]())
    return runs


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


def summary(runs: Sequence[Run]) -> dict[str, Any]:
    walls = [r.wall for r in runs]
    return {
        "median_wall_s": median(walls),
        "min_wall_s": min(walls),
        "max_wall_s": max(walls),
        "median_cpu_s": median([r.cpu for r in runs]),
        "median_max_rss_mb": median([r.max_rss_mb for r in runs]),
        "runs": [r.as_dict() for r in runs],
    }


def linear_fit(xs: Sequence[float], ys: Sequence[float]) -> dict[str, float]:
    """Least squares y = intercept + slope x and its R²; with three points or more also the
    cost per unit of the last segment over that of the first (about 1 when growth is linear,
    well above 1 when it bends upwards; unlike a log-log slope, blind to the fixed cost)."""
    fit = statistics.linear_regression(xs, ys)
    mean = statistics.fmean(ys)
    total = sum((y - mean) ** 2 for y in ys)
    residual = sum((y - (fit.intercept + fit.slope * x)) ** 2 for x, y in zip(xs, ys, strict=True))
    out = {
        "slope": fit.slope,
        "intercept": fit.intercept,
        "r2": 1 - residual / total if total else 1.0,
    }
    points = sorted(zip(xs, ys, strict=True))
    if len(points) >= 3:
        (x0, y0), (x1, y1) = points[:2]
        (x2, y2), (x3, y3) = points[-2:]
        out["segment_slope_ratio"] = ((y3 - y2) / (x3 - x2)) / ((y1 - y0) / (x1 - x0))
    return out
