"""`python -m bench`: every benchmark in one run; see bench/README.md for what each figure means.

Prints a table, writes the raw figures to bench/results/results.json and draws
bench/results/scale.png. --quick runs 3 repeats and small scales; --smoke runs only the two
cheap comparisons (for the test suite) and writes nothing; --validators runs only the validator
comparison, at full size, and writes nothing.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from . import draft, generation, runtime
from .measure import ROOT, child_env, run_process
from .report import failed_rows, format_table, generation_rows, runtime_rows
from .venv import ensure_bench_venv

RESULTS = ROOT / "bench" / "results"
FULL_SIZES = (10, 50, 200, 1000)
QUICK_SIZES = (5, 10, 25)


@dataclass(frozen=True)
class Plan:
    repeats: int
    sizes: tuple[int, ...]
    calls: int  # client calls per measuring process
    validations: int  # validator iterations per measuring process
    scale_budget_s: float
    smoke: bool
    only_calls: bool = False
    validators_only: bool = False
    warm_only: bool = False


def parse_plan(argv: list[str] | None) -> Plan:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument(
        "--quick", action="store_true", help="3 repeats, scales up to 25 operations, fewer calls."
    )
    parser.add_argument(
        "--smoke",
        action="store_true",
        help="Only the validator and import comparisons, once; no setup, no files.",
    )
    parser.add_argument(
        "--only-calls",
        action="store_true",
        help="Only the per-call CPU comparisons (the local server's rows): about a minute.",
    )
    parser.add_argument(
        "--validators",
        action="store_true",
        help="Only the validator comparison (ours, fastjsonschema, jsonschema), full size; no files.",
    )
    parser.add_argument(
        "--warm",
        action="store_true",
        help="Only regeneration after an edit and gen --check (wheel and editable): about a minute.",
    )
    parser.add_argument(
        "--repeats",
        type=int,
        help="Fresh processes per side and figure (default 7; 3 with --quick).",
    )
    parser.add_argument(
        "--max-ops",
        type=int,
        default=max(FULL_SIZES),
        help="Largest synthetic spec to generate (default %(default)s).",
    )
    parser.add_argument(
        "--scale-budget",
        type=float,
        default=2400.0,
        help="Seconds the scale benchmark may take; sizes predicted to overrun are skipped (default %(default)s).",
    )
    args = parser.parse_args(argv)
    quick = args.quick or args.smoke
    sizes = tuple(n for n in (QUICK_SIZES if quick else FULL_SIZES) if n <= args.max_ops)
    return Plan(
        repeats=args.repeats or (1 if args.smoke else 3 if quick else 7),
        sizes=sizes,
        calls=200 if quick else 500,
        validations=50 if args.smoke else 500 if quick else 2000,
        scale_budget_s=args.scale_budget,
        smoke=args.smoke,
        only_calls=args.only_calls,
        validators_only=args.validators,
        warm_only=args.warm,
    )


def _section(results: dict[str, Any], name: str, work: Callable[[], dict[str, Any]]) -> None:
    print(f"[bench] {name} ...", file=sys.stderr, flush=True)
    start = time.monotonic()
    try:
        results[name] = work()
    except Exception as exc:  # one failing comparison must not cost the figures of the others
        results[name] = {"error": f"{type(exc).__name__}: {exc}"}
    print(f"[bench] {name}: {time.monotonic() - start:.0f} s", file=sys.stderr, flush=True)


def run_all(plan: Plan, work: Path) -> dict[str, Any]:
    results: dict[str, Any] = {"meta": _meta(plan)}
    site = runtime.private_package_copy(work)
    if plan.only_calls or plan.validators_only:  # one part alone
        if plan.only_calls:
            per_call_sections(results, site, plan)
        if plan.validators_only:
            _section(
                results,
                "validators",
                lambda: runtime.validators(site, plan.validations, plan.repeats),
            )
        return results
    if plan.warm_only:
        warm_sections(results, generation.Gen.snapshot(work), work, plan)
        return results
    _section(results, "draft", lambda: {"pages": draft.measure()})
    if plan.smoke:
        _section(results, "import", lambda: runtime.import_and_build(site, plan.repeats))
        _section(results, "validators", lambda: runtime.validators(site, plan.validations, 1))
        return results
    ensure_bench_venv()
    gen = generation.Gen.snapshot(work)
    _section(results, "from_scratch", lambda: generation.from_scratch(gen, work, plan.repeats))
    _section(results, "project_spec", lambda: generation.project_spec(gen, work, plan.repeats))
    _section(
        results, "wide_operations", lambda: generation.wide_operations(gen, work, plan.repeats)
    )
    warm_sections(results, gen, work, plan)
    _section(results, "import", lambda: runtime.import_and_build(site, plan.repeats))
    per_call_sections(results, site, plan)
    _section(
        results, "validators", lambda: runtime.validators(site, plan.validations, plan.repeats)
    )
    scale_repeats = min(plan.repeats, 3)  # a 1000-operation run takes minutes: medians of 3 at most
    _section(
        results,
        "scale",
        lambda: generation.scale(gen, work, list(plan.sizes), scale_repeats, plan.scale_budget_s),
    )
    if (ROOT / "bench" / "fake_server.py").exists():
        _section(results, "fake_server", lambda: fake_server_bench(site))
    return results


def warm_sections(results: dict[str, Any], gen: generation.Gen, work: Path, plan: Plan) -> None:
    """Regeneration after an edit and gen --check, gen installed as a wheel and editable."""
    _section(results, "warm_paths", lambda: generation.warm_paths(gen, work, plan.repeats))
    _section(
        results,
        "warm_paths_editable",
        lambda: generation.warm_paths(gen.editable(), work, plan.repeats),
    )


def per_call_sections(results: dict[str, Any], site: Path, plan: Plan) -> None:
    """The client's CPU per call: against the official SDK, and its own share against the
    stdlib transport, both against the local server."""
    with runtime.local_server() as port:
        _section(
            results,
            "cpu_per_call",
            lambda: runtime.cpu_per_call(site, port, plan.calls, plan.repeats),
        )
        _section(
            results, "own_share", lambda: runtime.own_share(site, port, plan.calls, plan.repeats)
        )


def _meta(plan: Plan) -> dict[str, Any]:
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    return {
        "date_utc": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "commit": commit.stdout.strip() or None,
        "plan": asdict(plan),
    }


def write_outputs(results: dict[str, Any]) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / "results.json"
    path.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", "utf-8")
    print(f"Raw figures: {path.relative_to(ROOT)}", file=sys.stderr)
    if isinstance(results.get("scale"), dict) and results["scale"].get("points"):
        from .venv import bench_python

        plot = RESULTS / "scale.png"
        subprocess.run([bench_python(), "-m", "bench.plot", path, plot], cwd=ROOT, check=True)
        print(f"Scale plot: {plot.relative_to(ROOT)}", file=sys.stderr)


def fake_server_bench(site: Path) -> dict[str, Any]:
    """The fake-server benchmark (bench/fake_server.py, maintained separately), run through its
    own main() in a fresh process that imports the private package copy."""
    run = run_process(
        [sys.executable, "-m", "bench.fake_server"],
        env=child_env({"PYTHONPATH": str(site)}),
        check=False,
    )
    if run.returncode != 0:
        raise RuntimeError(f"bench.fake_server exited {run.returncode}: {run.error.strip()[-500:]}")
    return {"output": run.output, "wall_s": run.wall}


def main(argv: list[str] | None = None) -> int:
    plan = parse_plan(argv)
    with tempfile.TemporaryDirectory(prefix="gen-bench-") as tmp:
        results = run_all(plan, Path(tmp))
    rows = generation_rows(results) + runtime_rows(results) + failed_rows(results)
    print(format_table(rows))
    if isinstance(results.get("fake_server"), dict) and "output" in results["fake_server"]:
        print("\n" + results["fake_server"]["output"].rstrip())
    if isinstance(results.get("draft"), dict) and "pages" in results["draft"]:
        print(
            "\ngen draft against the curated specs (python -m bench.draft):\n"
            + draft.format_report(results["draft"]["pages"])
        )
    results["table"] = [asdict(row) for row in rows]
    if not (
        plan.smoke or plan.validators_only or plan.only_calls or plan.warm_only
    ):  # partial runs keep the file
        write_outputs(results)
    return 1 if failed_rows(results) else 0


if __name__ == "__main__":
    sys.exit(main())
