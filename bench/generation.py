"""Generator benchmarks: gen against openapi-python-client from scratch, gen's warm paths
(regeneration after an edit, --check), and how generation time grows with the spec."""

from __future__ import annotations

import re
import shutil
import sys
import sysconfig
import tempfile
import time
import venv
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import synth
from .measure import ROOT, Run, alternate, child_env, linear_fit, run_process, summary
from .venv import bench_bin

POINT_BUDGET_S = 600.0  # a scale point is repeated only while its runs fit in this (1000 ops: once)
PEER_SIZES = (50, 200)  # scale points also run openapi-python-client on our export of the same spec
_DESCRIPTION = re.compile(r"^(    description: (?!>)[^\n]+)$", re.MULTILINE)


@dataclass(frozen=True)
class Gen:
    """gen, run from a snapshot of generator/, templates/ and spec/ taken when the benchmark
    starts: a full run takes long enough for the tree to change under it, and every figure of
    one run must come from the same code.

    The snapshot is installed the way a wheel installs gen (what users run): `generator` and
    `gen_templates` in the site-packages of a private venv, started by a console script like
    pip's. Its other dependencies come from the project venv, whose site-packages a .pth line
    adds; that folder's own .pth files are not processed, so the editable install's finder is
    not loaded. `editable()` runs the same snapshot through the project venv instead, finder
    and all, as `python -m generator.cli.main` from a working tree does."""

    home: Path  # the private venv
    spec: Path

    @classmethod
    def snapshot(cls, work: Path) -> Gen:
        home = work / "gen-venv"
        venv.EnvBuilder(with_pip=False, symlinks=True).create(home)
        site = Path(sysconfig.get_path("purelib", vars={"base": str(home)}))
        ignore = shutil.ignore_patterns("__pycache__")
        shutil.copytree(ROOT / "generator", site / "generator", ignore=ignore)
        shutil.copytree(ROOT / "templates", site / "gen_templates", ignore=ignore)
        (site / "gen-dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n", "utf-8")
        script = home / "bin" / "gen"
        script.write_text(_CONSOLE_SCRIPT.format(python=home / "bin" / "python"), "utf-8")
        script.chmod(0o755)
        shutil.copytree(ROOT / "spec", work / "gen-spec", ignore=ignore)
        return cls(home, work / "gen-spec")

    @property
    def site(self) -> Path:
        return Path(sysconfig.get_path("purelib", vars={"base": str(self.home)}))

    def run(self, spec: Path, out: Path, *extra: str, env: dict[str, str]) -> Run:
        command = [self.home / "bin" / "gen", "--spec", spec, "--out", out, *extra]
        return run_process(command, env=env, cwd=self.home)

    def editable(self) -> Gen:
        return _Editable(self.home, self.spec)

    def uncached(self, spec: Path, out: Path) -> Callable[[], Run]:
        env = child_env({"GEN_NO_CACHE": "1"})
        return lambda: self.run(spec, out, env=env)


class _Editable(Gen):
    def run(self, spec: Path, out: Path, *extra: str, env: dict[str, str]) -> Run:
        # `-m` puts the working folder first on sys.path: the snapshot, ahead of the finder.
        command = [sys.executable, "-m", "generator.cli.main", "--spec", spec, "--out", out, *extra]
        return run_process(command, env=env, cwd=self.site)


# What pip writes for a console script entry point (gen = "generator.cli.main:entry").
_CONSOLE_SCRIPT = """#!{python}
import re
import sys
from generator.cli.main import entry
if __name__ == "__main__":
    sys.argv[0] = re.sub(r"(-script\\.pyw|\\.exe)?$", "", sys.argv[0])
    sys.exit(entry())
"""


def export_openapi(spec: Path, target: Path) -> Path:
    """Our OpenAPI export of spec, the competitor's input (made in-process: not timed)."""
    from generator.exports.openapi import openapi_document, render
    from generator.frontend.entry import load_model

    target.write_text(render(openapi_document(load_model(spec)[0]), target), "utf-8")
    return target


def _opc_side(document: Path, out: Path) -> Callable[[], Run]:
    # Its post-generation hooks call `ruff` from PATH: the bench venv's own pinned one.
    env = child_env({"PATH": f"{bench_bin()}:{child_env().get('PATH', '')}"})
    cmd = [
        bench_bin() / "openapi-python-client",
        "generate",
        "--path",
        document,
        "--output-path",
        out,
        "--overwrite",
    ]
    return lambda: run_process(cmd, env=env)


def from_scratch(gen: Gen, work: Path, repeats: int) -> dict[str, Any]:
    """gen vs openapi-python-client on our export of the same specs, cache off: a synthetic
    spec of 2 operations (CreateJob copies, as at every scale point)."""
    return _scratch_pair(
        gen, synth.write_spec(work / "two-spec", 2, source=gen.spec), work, repeats
    )


def project_spec(gen: Gen, work: Path, repeats: int) -> dict[str, Any]:
    """The same on the project's own spec/, as it is; the result says how many operations."""
    from generator.frontend.entry import load_model

    out = _scratch_pair(gen, gen.spec, work, repeats)
    out["operations"] = sum(len(service.operations) for service in load_model(gen.spec))
    return out


def _scratch_pair(gen: Gen, spec: Path, work: Path, repeats: int) -> dict[str, Any]:
    work = Path(tempfile.mkdtemp(prefix="scratch-", dir=work))
    document = export_openapi(spec, work / "export.json")
    runs = alternate(
        {
            "gen": gen.uncached(spec, work / "gen-out"),
            "openapi_python_client": _opc_side(document, work / "opc-out"),
        },
        repeats,
    )
    return _pair(runs, "gen", "openapi_python_client")


def wide_operations(gen: Gen, work: Path, repeats: int) -> dict[str, Any]:
    """The same comparison on 2 operations of 60 query parameters each (synthetic)."""
    spec = synth.write_spec(work / "wide-spec", 2, query_params=60, source=gen.spec)
    return _scratch_pair(gen, spec, work, repeats)


def _pair(runs: dict[str, list[Run]], ours: str, theirs: str) -> dict[str, Any]:
    out = {name: summary(side) for name, side in runs.items()}
    out["ratio"] = out[ours]["median_wall_s"] / out[theirs]["median_wall_s"]
    return out


def warm_paths(gen: Gen, work: Path, repeats: int) -> dict[str, Any]:
    """Regeneration after editing one description, and --check on an unchanged tree, with a
    warm cache (a private one, so the user's ~/.cache/gen is neither used nor filled)."""
    work = Path(tempfile.mkdtemp(prefix="warm-", dir=work))
    spec, out = work / "spec", work / "out"
    shutil.copytree(gen.spec, spec)
    env = child_env({"GEN_CACHE_DIR": str(work / "gen-cache")})
    gen.run(spec, out, env=env)  # fills the cache
    edited = next(spec.rglob("CreateJob.yaml"))
    edits = iter(range(1, 10_000))

    def regenerate() -> Run:
        _edit_description(
            edited, next(edits)
        )  # a new text each time: a real edit, never a cache hit
        return gen.run(spec, out, env=env)

    runs = alternate(
        {
            "regenerate_after_edit": regenerate,
            "check_unchanged": lambda: gen.run(spec, out, "--check", env=env),
        },
        repeats,
    )
    return {name: summary(side) for name, side in runs.items()}


def _edit_description(path: Path, number: int) -> None:
    text, count = _DESCRIPTION.subn(rf"\g<1> Edit {number}.", path.read_text("utf-8"), count=1)
    if not count:
        raise RuntimeError(f"{path} has no one-line description left to edit")
    path.write_text(text, "utf-8")


def scale(gen: Gen, work: Path, sizes: list[int], repeats: int, budget_s: float) -> dict[str, Any]:
    """Generation time (cache off) and peak RSS for synthetic specs of growing size.

    A size is skipped when the costliest per-operation time measured so far predicts it would
    overrun what is left of budget_s; big sizes get fewer repeats (POINT_BUDGET_S).
    """
    points: list[dict[str, Any]] = []
    skipped: list[int] = []
    deadline = time.monotonic() + budget_s
    for size in sizes:
        if _predicted(points, size) > deadline - time.monotonic():
            skipped.append(size)
            continue
        points.append(_scale_point(gen, work, size, repeats, deadline))
        print(f"  scale: {size} operations: {points[-1]['median_wall_s']:.1f} s", file=sys.stderr)
    result: dict[str, Any] = {"points": points, "skipped_sizes": skipped}
    if len(points) >= 2:
        result["fit"] = linear_fit(
            [p["operations"] for p in points], [p["median_wall_s"] for p in points]
        )
    return result


def _predicted(points: list[dict[str, Any]], size: int) -> float:
    if not points:
        return 0.0
    per_op = max(p["median_wall_s"] / p["operations"] for p in points)
    return per_op * size


def _scale_point(gen: Gen, work: Path, size: int, repeats: int, deadline: float) -> dict[str, Any]:
    spec = synth.write_spec(work / f"scale-{size}", size, source=gen.spec)
    side = gen.uncached(spec, work / f"scale-{size}-out")
    if size in PEER_SIZES:
        document = export_openapi(spec, work / f"scale-{size}.json")
        # Bytecode and page cache are warm from the from-scratch comparison: no warm-up runs.
        runs = alternate(
            {"gen": side, "openapi_python_client": _opc_side(document, work / f"scale-{size}-opc")},
            repeats,
            warm_up=False,
        )
        point = _pair(runs, "gen", "openapi_python_client")
        point.update(point.pop("gen"))
    else:
        gen_runs = [side()]
        while (
            len(gen_runs) < repeats
            and sum(r.wall for r in gen_runs) + gen_runs[0].wall <= POINT_BUDGET_S
            and time.monotonic() + gen_runs[0].wall < deadline
        ):
            gen_runs.append(side())
        point = summary(gen_runs)
    shutil.rmtree(spec)
    shutil.rmtree(work / f"scale-{size}-out", ignore_errors=True)
    shutil.rmtree(work / f"scale-{size}-opc", ignore_errors=True)
    point.update(operations=size, per_operation_s=point["median_wall_s"] / size)
    return point
