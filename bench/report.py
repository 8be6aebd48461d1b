"""The summary table: one row per figure, ours beside the reference, the ratio and the target."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

HEADER = ("benchmark", "ours", "reference", "ours/ref", "target", "met")


@dataclass(frozen=True)
class Row:
    benchmark: str
    ours: str
    reference: str = "-"
    ratio: str = "-"
    target: str = "-"
    met: str = "-"

    def cells(self) -> tuple[str, ...]:
        return tuple(asdict(self).values())


def seconds(value: float) -> str:
    return f"{value:.2f} s" if value >= 1 else f"{value * 1000:.1f} ms"


def micro(value: float) -> str:
    return f"{value * 1e6:.1f} µs"


def _section(results: dict[str, Any], key: str) -> dict[str, Any] | None:
    """A section's figures, or None when it was not run or failed (failed_rows shows those)."""
    value = results.get(key)
    return value if isinstance(value, dict) and "error" not in value else None


def _met(ok: bool) -> str:
    return "yes" if ok else "NO"


def _ratio_row(
    name: str,
    result: dict[str, Any],
    ours: str,
    ref: str,
    limit: float | None,
    fmt: Callable[[float], str],
    key: str = "median_wall_s",
) -> Row:
    mine, theirs = result[ours][key], result[ref][key]
    return _beside(name, fmt(mine), fmt(theirs), result["ratio"], limit)


def _beside(name: str, mine: str, theirs: str, ratio: float, limit: float | None) -> Row:
    """Ours beside the reference: the ratio, and whether it is at most the limit (if any)."""
    if limit is None:
        return Row(name, mine, theirs, f"{ratio:.2f}")
    return Row(name, mine, theirs, f"{ratio:.2f}", f"≤ {limit:g}", _met(ratio <= limit))


# Issue 15's generation goals: at most openapi-python-client's time and peak memory on the same
# API (2, 50 and 200 operations), 200 operations in under 5 s, warm paths under these.
PEER_RATIO = 1.0
SCALE_TARGET_OPS, SCALE_TARGET_S = 200, 5.0
WARM_TARGETS_S = {"regenerate_after_edit": 0.15, "check_unchanged": 0.1}
# Issue 15: the client's own CPU per call (validate, serialise, sign, parse) at most that of
# the stdlib transport it rides on.
OWN_SHARE_RATIO = 1.0


def _peer_rows(label: str, result: dict[str, Any], ours: str = "gen") -> list[Row]:
    """Wall time and peak memory against openapi-python-client, each with the ≤ 1 goal."""
    mine = result[ours] if ours else result
    theirs = result["openapi_python_client"]
    rss_ratio = mine["median_max_rss_mb"] / theirs["median_max_rss_mb"]
    return [
        _beside(
            f"{label} (vs openapi-python-client)",
            seconds(mine["median_wall_s"]),
            seconds(theirs["median_wall_s"]),
            result["ratio"],
            PEER_RATIO,
        ),
        _beside(
            "  peak memory",
            f"{mine['median_max_rss_mb']:.0f} MB",
            f"{theirs['median_max_rss_mb']:.0f} MB",
            rss_ratio,
            PEER_RATIO,
        ),
    ]


def generation_rows(results: dict[str, Any]) -> list[Row]:
    rows = []
    if scratch := _section(results, "from_scratch"):
        rows += _peer_rows("generate from scratch, 2 ops", scratch)
    if own := _section(results, "project_spec"):
        rows += _peer_rows(f"generate from scratch, spec/ ({own['operations']} ops)", own)
    if wide := _section(results, "wide_operations"):
        rows.append(
            _ratio_row(
                "generate from scratch, 2 ops x 60 query params",
                wide,
                "gen",
                "openapi_python_client",
                None,
                seconds,
            )
        )
    warm = _section(results, "warm_paths")
    editable = _section(results, "warm_paths_editable")
    for key, label in (
        ("regenerate_after_edit", "regenerate after editing a description"),
        ("check_unchanged", "gen --check, unchanged tree"),
    ):
        if warm:
            value, limit = warm[key]["median_wall_s"], WARM_TARGETS_S[key]
            rows.append(
                Row(label, seconds(value), target=f"< {seconds(limit)}", met=_met(value < limit))
            )
        if editable:  # the same snapshot from a working tree's editable install: no target
            rows.append(Row("  editable install", seconds(editable[key]["median_wall_s"])))
    return rows + scale_rows(_section(results, "scale"))


def scale_rows(scale: dict[str, Any] | None) -> list[Row]:
    if not scale:
        return []
    rows = []
    for point in scale["points"]:
        n = point["operations"]
        label = f"scale: {n} ops (~50 params each), cache off"
        text = f"{seconds(point['median_wall_s'])}, {point['per_operation_s'] * 1000:.0f} ms/op, {point['median_max_rss_mb']:.0f} MB"
        target = n == SCALE_TARGET_OPS
        rows.append(
            Row(
                label,
                text,
                target=f"< {SCALE_TARGET_S:g} s" if target else "-",
                met=_met(point["median_wall_s"] < SCALE_TARGET_S) if target else "-",
            )
        )
        if "openapi_python_client" in point:
            rows += _peer_rows(f"  {n} ops", point, ours="")
    for n in scale["skipped_sizes"]:
        rows.append(Row(f"scale: {n} ops", "skipped (time budget or --max-ops)"))
    fit = scale.get("fit")
    if fit:
        text = f"a {fit['intercept']:.1f} s, b {fit['slope'] * 1000:.0f} ms/op, R² {fit['r2']:.4f}"
        if "segment_slope_ratio" in fit:
            ratio = fit["segment_slope_ratio"]
            text += f", last/first segment ms/op {ratio:.2f}: {_shape(ratio)}"
        rows.append(Row("scale: fit t = a + b*n", text))
    return rows


def _shape(segment_ratio: float) -> str:
    if segment_ratio > 1.33:
        return "superlinear"
    return "sublinear" if segment_ratio < 0.75 else "linear"


def runtime_rows(results: dict[str, Any]) -> list[Row]:
    rows = []
    if imports := _section(results, "import"):
        rows.append(
            _ratio_row(
                "import + build client (vs official SDK)",
                imports,
                "ours",
                "official_sdk",
                0.25,
                seconds,
                key="median_s",
            )
        )
    if calls := _section(results, "cpu_per_call"):
        rows.append(
            _ratio_row(
                "client CPU per rich CreateJob call (vs SDK)",
                calls,
                "ours",
                "official_sdk",
                0.5,
                seconds,
                key="median_s",
            )
        )
    share = _section(results, "own_share")
    if share:
        for label, alone, limit in (
            (
                "  client's own CPU per call, no socket (vs http.client round trip)",
                "",
                OWN_SHARE_RATIO,
            ),
            ("    the same, each side alone in a loop (caches warm)", "_alone", None),
        ):
            rows.append(
                _beside(
                    label,
                    micro(share[f"own{alone}_cpu_per_call_s"]),
                    micro(share[f"raw_transport{alone}_cpu_per_call_s"]),
                    share[f"ratio{alone}"],
                    limit,
                )
            )
    check = _section(results, "validators")
    if check:
        rows += validator_rows(check)
    return rows


# Issue 15's validator goals: at least as fast as fastjsonschema on the same payload (both
# collecting every error), at least 25 times as fast as jsonschema.
FASTJSONSCHEMA_RATIO, JSONSCHEMA_SPEEDUP = 1.0, 25.0


def validator_rows(check: dict[str, Any]) -> list[Row]:
    ours, speedup = micro(check["ours_s"]), check["speedup"]
    return [
        _beside(
            "validate rich CreateJob (vs fastjsonschema, every error)",
            ours,
            micro(check["fastjsonschema_s"]),
            check["ratio_fastjsonschema"],
            FASTJSONSCHEMA_RATIO,
        ),
        _beside(
            "  fastjsonschema stopping at the first error",
            ours,
            micro(check["fastjsonschema_first_error_s"]),
            check["ratio_fastjsonschema_first_error"],
            None,
        ),
        Row(
            "validate rich CreateJob (vs jsonschema)",
            ours,
            micro(check["jsonschema_s"]),
            f"{1 / speedup:.3f} ({speedup:.1f}x)",
            f"≤ {1 / JSONSCHEMA_SPEEDUP:g} ({JSONSCHEMA_SPEEDUP:g}x)",
            _met(speedup >= JSONSCHEMA_SPEEDUP),
        ),
    ]


def failed_rows(results: dict[str, Any]) -> list[Row]:
    return [
        Row(f"{name}: FAILED", str(value["error"]).splitlines()[0][:60])
        for name, value in results.items()
        if isinstance(value, dict) and "error" in value
    ]


def format_table(rows: list[Row]) -> str:
    table = [HEADER, *(row.cells() for row in rows)]
    widths = [max(len(line[i]) for line in table) for i in range(len(HEADER))]
    lines = [
        " | ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip()
        for line in table
    ]
    lines.insert(1, "-+-".join("-" * width for width in widths))
    return "\n".join(lines)
