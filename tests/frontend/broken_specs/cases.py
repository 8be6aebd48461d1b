"""The broken-spec cases: small text edits over one valid spec folder (tests/frontend/broken_specs/base),
read from cases.yaml.

A case states its defect in one line, the edits that put it into a copy of base/, and the
lines gen lint must print (`FILE:LINE:COL: FIELD: message-fragment`, FILE relative to the
case's folder). Edits work on the files' bytes, in order, so a position a case expects is
that of the text as written. An edit is a one-key mapping naming the action and its file,
plus the action's arguments:

    replace: CreateWidget.yaml    old: TEXT, new: TEXT     (old must occur exactly once)
    insert: CreateWidget.yaml     after: TEXT, text: TEXT  (after must occur exactly once)
    append: CreateWidget.yaml     text: TEXT
    write: Folder.yaml/README     text: TEXT               (a file base/ does not have)
    symlink: Loop.yaml            to: TARGET               (a link base/ does not have)

A TEXT is written in UTF-8, or with `encoding: latin-1` one byte per character ("\\xff" is
the byte 0xff); it may also be a list of parts, joined, where `{TEXT: N}` stands for TEXT
N times. An edit that cannot apply, or changes nothing, is an error naming the case.

The first line of each base file a case changes, the base's own comment, becomes
`# BROKEN (case-id): defect`, so a materialised folder says what it breaks (line numbers
stay as they are). To run gen lint on a case by hand:

    python -m tests.frontend.broken_specs.cases DEST [CASE ...]   # writes DEST/CASE (every case by default)
"""

from __future__ import annotations

import shutil
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
BASE = HERE / "base"
CASES_FILE = HERE / "cases.yaml"
# action: its arguments; the actions that take a TEXT also take `encoding`.
ACTIONS: dict[str, tuple[str, ...]] = {
    "replace": ("old", "new"),
    "insert": ("after", "text"),
    "append": ("text",),
    "write": ("text",),
    "symlink": ("to",),
}
ENCODINGS = ("utf-8", "latin-1")


class CaseError(Exception):
    """A case as written cannot be built; the message names the case (and the edit)."""


@dataclass(frozen=True)
class Case:
    name: str
    defect: str
    edits: tuple[dict[str, Any], ...]
    expected: tuple[str, ...]

    @classmethod
    def parse(cls, name: str, raw: Any) -> Case:
        if not isinstance(raw, dict) or sorted(raw) != ["defect", "edits", "expected"]:
            raise CaseError(f"{name}: a case has the keys defect, edits and expected")
        if not isinstance(raw["defect"], str) or "\n" in raw["defect"]:
            raise CaseError(f"{name}: defect is one line of text")
        if not isinstance(raw["edits"], list) or not raw["edits"]:
            raise CaseError(f"{name}: edits is a list of at least one edit")
        for number, edit in enumerate(raw["edits"], 1):
            _check_edit(f"{name}: edit {number}", edit)
        if not isinstance(raw["expected"], str):
            raise CaseError(f"{name}: expected is text, a line per problem")
        expected = tuple(line for line in raw["expected"].splitlines() if line.strip())
        if not expected:
            raise CaseError(f"{name}: expected names no problem")
        return cls(name, raw["defect"], tuple(raw["edits"]), expected)


@cache
def cases() -> dict[str, Case]:
    text = CASES_FILE.read_text("utf-8")
    ids = [key.value for key, _ in yaml.compose(text).value]  # a mapping keeps the last of twins
    if twice := sorted({name for name in ids if ids.count(name) > 1}):
        raise CaseError(f"{CASES_FILE.name} gives these case ids twice: {', '.join(twice)}")
    raw = yaml.safe_load(text)
    return {name: Case.parse(name, body) for name, body in raw.items()}


def materialize(case: str | Case, folder: Path, base: Path = BASE) -> Path:
    """Write the case's spec folder at folder (a copy of base with the case's edits) and
    return it; on an error nothing is left at folder."""
    if isinstance(case, str):
        case = cases()[case]
    shutil.copytree(base, folder)
    try:
        for number, edit in enumerate(case.edits, 1):
            action = _action(edit)
            try:
                _apply(folder, action, edit)
            except CaseError as exc:
                where = f"{case.name}: edit {number} ({action} {edit[action]})"
                raise CaseError(f"{where}: {exc}") from None
        _mark(case, folder, base)
    except BaseException:
        shutil.rmtree(folder)
        raise
    return folder


def _check_edit(where: str, edit: Any) -> None:
    actions = [key for key in ACTIONS if isinstance(edit, dict) and key in edit]
    if len(actions) != 1:
        raise CaseError(f"{where}: an edit names one action of {', '.join(ACTIONS)}")
    (action,) = actions
    arguments = ACTIONS[action]
    optional = ("encoding",) if action != "symlink" else ()
    if not set(arguments) <= set(edit) <= {action, *arguments, *optional}:
        takes = ", ".join([*arguments, *(f"optionally {o}" for o in optional)])
        raise CaseError(f"{where}: {action} takes {takes}, and no other key")
    if edit.get("encoding", "utf-8") not in ENCODINGS:
        raise CaseError(f"{where}: encoding is one of {', '.join(ENCODINGS)}")


def _action(edit: dict[str, Any]) -> str:
    (action,) = (key for key in ACTIONS if key in edit)
    return action


def _apply(folder: Path, action: str, edit: dict[str, Any]) -> None:
    path = folder / edit[action]
    if action in ("write", "symlink"):
        if path.exists() or path.is_symlink():
            raise CaseError("the file exists already")
        path.parent.mkdir(parents=True, exist_ok=True)
        if action == "symlink":
            path.symlink_to(edit["to"])
        else:
            path.write_bytes(_bytes(edit["text"], edit))
        return
    if path.is_symlink() or not path.is_file():
        raise CaseError("no such file")
    data = path.read_bytes()
    if action == "append":
        changed = data + _bytes(edit["text"], edit)
    elif action == "replace":
        old = _bytes(edit["old"], edit)
        start = _only(data, old, "old")
        changed = data[:start] + _bytes(edit["new"], edit) + data[start + len(old) :]
    else:
        after = _bytes(edit["after"], edit)
        end = _only(data, after, "after") + len(after)
        changed = data[:end] + _bytes(edit["text"], edit) + data[end:]
    if changed == data:
        raise CaseError("changes nothing")
    path.write_bytes(changed)


def _only(data: bytes, text: bytes, what: str) -> int:
    """Where text occurs in data, which it must exactly once."""
    count = data.count(text) if text else 0
    if count != 1:
        found = "is not in the file" if count == 0 else f"occurs {count} times"
        raise CaseError(f"{what} text {text!r} {found}; it must occur exactly once")
    return data.index(text)


def _bytes(text: Any, edit: dict[str, Any]) -> bytes:
    parts = text if isinstance(text, list) else [text]
    joined = []
    for part in parts:
        if isinstance(part, dict) and len(part) == 1:
            ((piece, times),) = part.items()
            if isinstance(piece, str) and isinstance(times, int) and times > 0:
                joined.append(piece * times)
                continue
        if not isinstance(part, str):
            raise CaseError(f"{part!r} is neither text nor {{TEXT: N}}")
        joined.append(part)
    try:
        return "".join(joined).encode(edit.get("encoding", "utf-8"))
    except UnicodeEncodeError as exc:
        raise CaseError(str(exc)) from None


def _mark(case: Case, folder: Path, base: Path) -> None:
    """The first line of every base file the case changed says what is broken."""
    header = f"# BROKEN ({case.name}): {case.defect}".encode()
    for original in sorted(base.rglob("*")):
        path = folder / original.relative_to(base)
        if not original.is_file() or path.is_symlink() or not path.is_file():
            continue
        before, after = original.read_bytes(), path.read_bytes()
        comment = before.partition(b"\n")[0] + b"\n"
        if after != before and comment.startswith(b"#") and after.startswith(comment):
            path.write_bytes(header + after[len(comment) - 1 :])


def main(argv: list[str]) -> int:
    if not argv or argv[0].startswith("-"):
        print("usage: python -m tests.frontend.broken_specs.cases DEST [CASE ...]", file=sys.stderr)
        return 2
    dest = Path(argv[0])
    for name in argv[1:] or sorted(cases()):
        print(materialize(name, dest / name))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
