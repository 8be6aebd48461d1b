"""The gen diff cases: small patches over one base spec (tests/diff/base), read from cases.yaml.

A case names the edits that turn the base spec into its base side and into its head side,
and the finding the pair must produce. An edit is a one-key mapping naming the action and a
target `FILE#/pointer`, plus `to:` for the new value:

    set: sae/CreateJob.yaml#/parameters/name=AppName/max_length   (to: 20)
    del: sae/CreateJob.yaml#/parameters/name=Timeout
    add: sae/service.yaml#/errors                                 (to: {...}; appends to a list)
    copy: sae                                                     (to: demo; a file or folder)

Pointer parts are mapping keys, list indexes, or `key=value` to pick the list item whose key
has that value (`name=AppName`, `code=Throttling`).
"""

from __future__ import annotations

import shutil
from functools import cache
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
BASE = HERE / "base"
CASES_FILE = HERE / "cases.yaml"
ACTIONS = ("set", "del", "add", "copy")


@cache
def _read() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(CASES_FILE.read_text(encoding="utf-8"))
    return data


def cases() -> dict[str, dict[str, Any]]:
    return {name: case for name, case in _read().items() if not name.startswith(".")}


def shared(name: str) -> list[dict[str, Any]]:
    """A list of edits several cases share (the file's `.name:` entries)."""
    edits: list[dict[str, Any]] = _read()["." + name]
    return edits


def materialize(name: str, dest: Path) -> Path:
    """Write the case's base/ and head/ spec folders under dest; returns dest."""
    case = cases()[name]
    for side in ("base", "head"):
        write_side(dest / side, case.get(side, []))
    return dest


def write_side(folder: Path, edits: list[dict[str, Any]]) -> Path:
    shutil.copytree(BASE, folder)
    for edit in edits:
        apply(folder, edit)
    return folder


def apply(folder: Path, edit: dict[str, Any]) -> None:
    (action,) = [a for a in ACTIONS if a in edit]
    if action == "copy":
        source, target = folder / edit["copy"], folder / edit["to"]
        (shutil.copytree if source.is_dir() else shutil.copyfile)(source, target)
        return
    file, _, pointer = edit[action].partition("#/")
    path = folder / file
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    *parents, last = pointer.split("/")
    parent = doc
    for part in parents:
        parent = _child(parent, part)
    if action == "set":
        _put(parent, last, edit["to"])
    elif action == "add":
        _child(parent, last).append(edit["to"])
    else:
        _remove(parent, last)
    path.write_text(
        yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=110), encoding="utf-8"
    )


def _index(items: list[Any], part: str) -> int:
    if part.isdigit():
        return int(part)
    key, _, value = part.partition("=")
    matches = [i for i, item in enumerate(items) if str(item.get(key)) == value]
    assert len(matches) == 1, f"{part!r} picks {len(matches)} items"
    return matches[0]


def _child(node: Any, part: str) -> Any:
    return node[_index(node, part)] if isinstance(node, list) else node[part]


def _put(node: Any, part: str, value: Any) -> None:
    if isinstance(node, list):
        node[_index(node, part)] = value
    else:
        node[part] = value


def _remove(node: Any, part: str) -> None:
    if isinstance(node, list):
        del node[_index(node, part)]
    else:
        del node[part]
