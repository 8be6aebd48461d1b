"""Draw the scale figure from results.json: `python -m bench.plot RESULTS PNG`.

Runs under .bench-venv/ (matplotlib lives there, not in the project venv), so it imports
nothing from the project.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

TARGET_OPS, TARGET_S = 200, 5.0  # bench/report.py's SCALE_TARGET_*


def draw(results: dict[str, Any], target: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")  # no display here
    import matplotlib.pyplot as plt

    scale = results["scale"]
    ops = [p["operations"] for p in scale["points"]]
    wall = [p["median_wall_s"] for p in scale["points"]]
    rss = [p["median_max_rss_mb"] for p in scale["points"]]
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.2))
    left.plot(ops, wall, "o", label="gen, cache off (median)")
    fit = scale.get("fit")
    if fit:
        xs = [0, max(ops)]
        left.plot(
            xs,
            [fit["intercept"] + fit["slope"] * x for x in xs],
            "--",
            label=f"fit: {fit['intercept']:.1f} s + {fit['slope'] * 1000:.0f} ms/op (R² {fit['r2']:.3f})",
        )
    left.plot(
        [TARGET_OPS],
        [TARGET_S],
        "r*",
        markersize=12,
        label=f"target: {TARGET_OPS} ops < {TARGET_S:.0f} s",
    )
    peers = [p for p in scale["points"] if "openapi_python_client" in p]
    if peers:
        left.plot(
            [p["operations"] for p in peers],
            [p["openapi_python_client"]["median_wall_s"] for p in peers],
            "x",
            color="tab:red",
            label="openapi-python-client on our export (median)",
        )
    _axes(left, "generation time (s)", "Generation time")
    right.plot(ops, rss, "s-", color="tab:green")
    _axes(right, "peak RSS (MB)", "Peak memory")
    left.legend(fontsize=8)
    fig.suptitle("gen on synthetic specs (copies of CreateJob, ~50 parameters each)")
    fig.tight_layout()
    fig.savefig(target, dpi=110)


def _axes(axes: Any, ylabel: str, title: str) -> None:
    axes.set_xlabel("operations")
    axes.set_ylabel(ylabel)
    axes.set_title(title)
    axes.set_xlim(left=0)
    axes.set_ylim(bottom=0)
    axes.grid(alpha=0.3)


if __name__ == "__main__":
    draw(json.loads(Path(sys.argv[1]).read_text("utf-8")), Path(sys.argv[2]))
