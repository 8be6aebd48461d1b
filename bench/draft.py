"""`python -m bench.draft`: how close `gen draft` comes to the curated specs, row by row.

Every saved page under a service folder's pages/ is drafted in memory and compared with the
curated spec of the same operation: each parameter (name, type, required, location, enum
values, limits), each response field (name at its nesting, type) and each error row (code,
HTTP status) is right or wrong; rows only one side has are wrong. Pages without a curated
spec are listed as such. Prints one line per page and the wrong rows; no timing.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from generator.docs.draft import draft_text
from generator.docs.pages import parse_page_file

ROOT = Path(__file__).resolve().parents[1]
_PARAM_KEYS = ("type", "required", "in", "min_length", "max_length", "minimum", "maximum")


def _param_facts(p: dict[str, Any]) -> dict[str, Any]:
    facts = {key: p.get(key) for key in _PARAM_KEYS}
    facts["required"] = bool(p.get("required", False))
    facts["enum"] = sorted(str(e["value"] if isinstance(e, dict) else e) for e in p.get("enum", []))
    return facts


def _response(fields: list[dict[str, Any]], prefix: str = "") -> Iterator[tuple[str, str]]:
    """Each field by its dotted name and type; an array's entry fields are named as its own
    (as the pages do) and its type says what it holds (array<object>)."""
    for f in fields:
        type_, inner = f["type"], f
        while isinstance(inner.get("items"), dict):
            inner = inner["items"]
            type_ = (
                type_[: len(type_) - type_.count(">")]
                + f"<{inner['type']}"
                + ">" * (type_.count(">") + 1)
            )
        yield prefix + f["name"], type_
        yield from _response(inner.get("fields") or [], f"{prefix}{f['name']}.")


def _compare(kind: str, ours: dict[str, Any], theirs: dict[str, Any]) -> tuple[int, list[str], int]:
    """Rows right, one line per wrong row (the curated spec is the reference), and how many
    rows are wrong only in their location (which the pages do not state)."""
    right, wrong, location_only = 0, [], 0
    for name in theirs:
        if name not in ours:
            wrong.append(f"{kind} {name}: missing from the draft")
        elif ours[name] != theirs[name]:
            diffs = (
                {k: (ours[name][k], v) for k, v in theirs[name].items() if ours[name][k] != v}
                if isinstance(theirs[name], dict)
                else {"": (ours[name], theirs[name])}
            )
            detail = ", ".join(
                f"{k or 'value'} {a!r} (curated {b!r})" for k, (a, b) in diffs.items()
            )
            wrong.append(f"{kind} {name}: {detail}")
            location_only += list(diffs) == ["in"]
        else:
            right += 1
    wrong += [f"{kind} {name}: only in the draft" for name in ours if name not in theirs]
    return right, wrong, location_only


def compare(draft: dict[str, Any], curated: dict[str, Any]) -> tuple[int, int, list[str], int]:
    """(rows right, rows compared, wrong rows, rows wrong only in `in:`) of a draft against its curated spec."""
    right = total = location_only = 0
    wrong: list[str] = []
    sides = [
        ("parameter", lambda d: {p["name"]: _param_facts(p) for p in d.get("parameters", [])}),
        ("response", lambda d: dict(_response(d.get("response", {}).get("fields", [])))),
        (
            "error",
            lambda d: {e["code"]: e["http_status"] for e in d.get("errors", []) if "code" in e},
        ),
    ]
    for kind, facts in sides:
        ours, theirs = facts(draft), facts(curated)
        ok, bad, located = _compare(kind, ours, theirs)
        right += ok
        total += ok + len(bad)
        wrong += bad
        location_only += located
    return right, total, wrong, location_only


def measure(spec: Path = ROOT / "spec") -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for service in sorted(p.parent for p in spec.rglob("service.yaml")):
        for page in sorted((service / "pages").glob("*.txt")):
            parsed = parse_page_file(page)
            if not parsed.tables:
                continue  # not an operation's reference page
            name, text = draft_text(page, service)
            curated_path = service / f"{name}.yaml"
            row: dict[str, Any] = {"page": page.relative_to(spec).as_posix(), "operation": name}
            if not curated_path.is_file():
                row["status"] = "no curated spec"
            else:
                right, total, wrong, located = compare(
                    yaml.safe_load(text), yaml.safe_load(curated_path.read_text(encoding="utf-8"))
                )
                row.update(
                    status="compared", right=right, total=total, wrong=wrong, location_only=located
                )
            rows.append(row)
    return rows


def _share(right: int, total: int) -> str:
    return f"{100 * right / max(total, 1):.1f} %"


def format_report(rows: list[dict[str, Any]]) -> str:
    lines = [
        "| page | rows right | share | share, location aside |",
        "|---|---|---|---|",
    ]
    for row in rows:
        if row["status"] == "compared":
            right, total = row["right"], row["total"]
            lines.append(
                f"| {row['page']} | {right} / {total} | {_share(right, total)} | {_share(right + row['location_only'], total)} |"
            )
        else:
            lines.append(f"| {row['page']} | – | {row['status']} | – |")
    compared = [r for r in rows if r["status"] == "compared"]
    right, total = sum(r["right"] for r in compared), sum(r["total"] for r in compared)
    located = sum(r["location_only"] for r in compared)
    lines.append(
        f"| all compared pages | {right} / {total} | {_share(right, total)} | {_share(right + located, total)} |"
    )
    lines.append(
        "\n(location aside: rows wrong only in `in:`, which these pages do not state; the drafter guesses query.)"
    )
    for row in compared:
        if row["wrong"]:
            lines.append(f"\n{row['operation']}: {len(row['wrong'])} row(s) wrong")
            lines += [f"  - {line}" for line in row["wrong"]]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.draft", description=__doc__)
    parser.add_argument(
        "--spec", type=Path, default=ROOT / "spec", help="Spec folder (default: the repository's)."
    )
    args = parser.parse_args(argv)
    print(format_report(measure(args.spec)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
