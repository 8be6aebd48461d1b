"""Benchmarks of the generated package against the official SDK, each side in fresh processes
(see bench._child for what runs inside them)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from .measure import ROOT, Run, alternate, child_env, median, run_process

GENERATED = ROOT / "generated"


def private_package_copy(work: Path) -> Path:
    """A copy of generated/ to import from: its bytecode is written there, not into the tree
    other people regenerate and check."""
    target = work / "site"
    shutil.copytree(GENERATED, target, ignore=shutil.ignore_patterns("__pycache__"))
    return target


def _child(site: Path, *args: str | int) -> Run:
    env = child_env({"PYTHONPATH": str(site)})
    return run_process([sys.executable, "-m", "bench._child", *map(str, args)], env=env)


def _figures(run: Run) -> dict[str, Any]:
    figures: dict[str, Any] = json.loads(run.output.strip().splitlines()[-1])
    return figures


def _collect(runs: list[Run], key: str) -> dict[str, Any]:
    values = [_figures(r)[key] for r in runs]
    return {
        "median_s": median(values),
        "values_s": values,
        "median_process_wall_s": median([r.wall for r in runs]),
    }


def import_and_build(site: Path, repeats: int) -> dict[str, Any]:
    """Cold import plus building a client, in a fresh process each time (bytecode warm)."""
    runs = alternate(
        {
            "ours": lambda: _child(site, "import", "ours"),
            "official_sdk": lambda: _child(site, "import", "sdk"),
        },
        repeats,
    )
    out = {side: _collect(side_runs, "import_and_build_s") for side, side_runs in runs.items()}
    out["ratio"] = out["ours"]["median_s"] / out["official_sdk"]["median_s"]
    return out


@contextmanager
def local_server() -> Iterator[int]:
    """The answering server in its own process; its port."""
    server = subprocess.Popen(
        [sys.executable, "-m", "bench._server"],
        cwd=ROOT,
        env=child_env(),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stdout is not None
        yield int(server.stdout.readline())
    finally:
        assert server.stdin is not None
        server.stdin.close()
        server.wait(timeout=30)


def cpu_per_call(site: Path, port: int, calls: int, repeats: int) -> dict[str, Any]:
    """Client CPU per rich CreateJob call to the local server, ours vs the official SDK."""
    runs = alternate(
        {
            "ours": lambda: _child(site, "calls", "ours", port, calls),
            "official_sdk": lambda: _child(site, "calls", "sdk", port, calls),
        },
        repeats,
        warm_up=False,
    )
    out: dict[str, Any] = {"calls_per_process": calls}
    for side, side_runs in runs.items():
        out[side] = _collect(side_runs, "cpu_per_call_s")
        out[side]["wall_per_call_s"] = median([_figures(r)["wall_per_call_s"] for r in side_runs])
    out["ratio"] = out["ours"]["median_s"] / out["official_sdk"]["median_s"]
    return out


def own_share(site: Path, port: int, calls: int, repeats: int) -> dict[str, Any]:
    """The generated client's own CPU per call (validate, serialise, sign, parse; no socket)
    against the stdlib transport's (http.client sending the same bytes), medians over fresh
    processes; which side a process measures first alternates."""
    runs = [
        _child(site, "share", port, calls, "raw-first" if i % 2 else "own-first")
        for i in range(repeats)
    ]
    figures = [_figures(r) for r in runs]
    out: dict[str, Any] = {key: median([f[key] for f in figures]) for key in figures[0]}
    out["calls_per_process"] = calls
    # Each process measures both sides under the same load: a ratio is the median of theirs.
    for suffix in ("", "_alone"):
        ratios = [
            f[f"own{suffix}_cpu_per_call_s"] / f[f"raw_transport{suffix}_cpu_per_call_s"]
            for f in figures
        ]
        out[f"ratio{suffix}_values"] = ratios
        out[f"ratio{suffix}"] = median(ratios)
    return out


def validators(site: Path, iterations: int, repeats: int) -> dict[str, Any]:
    """Our validator vs fastjsonschema and jsonschema on the same payload, in-process per child
    (all sides alternating in each), medians over fresh children."""
    runs = [_child(site, "validate", iterations, ROOT / "spec") for _ in range(repeats)]
    figures = [_figures(r) for r in runs]
    out: dict[str, Any] = {key: median([f[key] for f in figures]) for key in figures[0]}
    ours = out["ours_s"]
    out.update(
        iterations=iterations,
        repeats=repeats,
        ratio_fastjsonschema=ours / out["fastjsonschema_s"],
        ratio_fastjsonschema_first_error=ours / out["fastjsonschema_first_error_s"],
        speedup=out["jsonschema_s"] / ours,
    )
    return out
