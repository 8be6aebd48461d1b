"""Synthetic but valid spec folders of any size, for the scale benchmark.

Each operation is a copy of the real CreateJob spec (about fifty parameters, rules, errors and
structured parameters) under a new name and path, so a synthetic service costs what a real
service of that size would. Run `python -m bench.synth N DIR` to write one and look at it.
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "spec"
SERVICE = Path("sae") / "2019-05-06"
TEMPLATE = "CreateJob"

_NAME = re.compile(r"^(  name: )CreateJob$", re.MULTILINE)
_PATH = re.compile(r"^(  path: /pop/v1/sam/job/)createJob$", re.MULTILINE)
_RULES = "\nrules:\n"


def operation_name(index: int) -> str:
    return f"{TEMPLATE}{index:04d}"


def clone_operation(text: str, index: int, extra_query_params: int = 0) -> str:
    """The template's YAML as operation number index; optionally padded with plain parameters."""
    name = operation_name(index)
    text, named = _NAME.subn(rf"\g<1>{name}", text, count=1)
    text, pathed = _PATH.subn(rf"\g<1>{name[0].lower()}{name[1:]}", text, count=1)
    if not (named and pathed and _RULES in text):
        raise ValueError(f"{TEMPLATE}.yaml no longer has the shape bench.synth expects")
    if extra_query_params:
        text = text.replace(_RULES, _padding(extra_query_params) + _RULES, 1)
    return text


def _padding(count: int) -> str:
    entries = (
        f"  - name: Extra{n:03d}\n"
        f"    type: string\n"
        f"    in: query\n"
        f"    description: Synthetic parameter {n}, only here to make the operation larger.\n"
        f"    example: x{n}\n"
        for n in range(1, count + 1)
    )
    return "\n" + "".join(entries).rstrip("\n")


def _query_params(text: str) -> int:
    return len(re.findall(r"^    in: query$", text, re.MULTILINE))


def write_spec(
    folder: Path, operations: int, *, query_params: int | None = None, source: Path = SPEC
) -> Path:
    """A spec root under folder with one service of `operations` CreateJob copies, made from the
    SAE specs under source.

    query_params pads every operation to that many query parameters (None keeps the template's).
    """
    service_dir = folder / "synthetic" / "2019-05-06"
    if service_dir.exists():
        shutil.rmtree(service_dir)
    service_dir.mkdir(parents=True)
    shutil.copyfile(source / SERVICE / "service.yaml", service_dir / "service.yaml")
    template = (source / SERVICE / f"{TEMPLATE}.yaml").read_text("utf-8")
    extra = 0 if query_params is None else max(0, query_params - _query_params(template))
    for index in range(1, operations + 1):
        text = clone_operation(template, index, extra)
        (service_dir / f"{operation_name(index)}.yaml").write_text(text, "utf-8")
    return folder


if __name__ == "__main__":
    count, target = int(sys.argv[1]), Path(sys.argv[2])
    print(write_spec(target, count))
