"""`gen docs-check --patch`: the spec edits that bring a spec in line with its page, as a diff.

Only mechanical drift is patched: a row added to or removed from the page's request,
response or error table, a changed method, path, type, required flag, HTTP status, or a
limit or value list the prose states (in the phrasings `phrasing` understands). Prose rules,
messages, examples and disagreeing copies stay with the reviewer. A row the spec already
explains by a note (see generator.docs.drift) is left alone.

The YAML text is edited in place, located through the loader's positions: untouched lines
keep their comments, order and formatting. New rows are written as `gen draft` writes them.
"""

from __future__ import annotations

import bisect
import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.docs.draft import (
    PARAM_TYPES,
    RESPONSE_TYPES,
    draft_error,
    draft_parameter,
    draft_response,
    flow,
    render_list,
)
from generator.docs.drift import (
    enum_drift,
    field_notes,
    flat_response,
    mentions_all,
    page_path,
    says_absent,
    spec_file_path,
)
from generator.docs.pages import DocPage, DocParam
from generator.docs.phrasing import stated
from generator.frontend.located import Located
from generator.frontend.located import Path as YPath
from generator.model import Operation, Service


@dataclass
class _Edit:
    start: int  # character offsets into the text
    end: int
    text: str


@dataclass
class Patcher:
    """Collects edits against one spec file's text and applies them from the end backwards."""

    doc: Located
    text: str
    edits: list[_Edit] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)  # offset of each line
    deleted: dict[YPath, set[int]] = field(
        default_factory=dict
    )  # list path: indices of the items deleted
    grown: set[YPath] = field(default_factory=set)  # lists that get an item inserted

    def __post_init__(self) -> None:
        self.starts = [0, *(m.end() for m in re.finditer("\n", self.text))]

    # -- positions -------------------------------------------------------------------------
    def _line_starts(self) -> list[int]:
        return self.starts

    def _line_of(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset) - 1

    def _blank_or_comment(self, line: int) -> bool:
        starts = self._line_starts()
        end = starts[line + 1] if line + 1 < len(starts) else len(self.text)
        return (
            self.text[starts[line] : end].strip().startswith("#")
            or not self.text[starts[line] : end].strip()
        )

    def item_lines(self, list_path: YPath, index: int) -> tuple[int, int]:
        """First and last line (0-based) of a block sequence item, trailing blanks and comments excluded."""
        first = self.doc.marks[list_path + (index,)][0] - 1
        following = list_path + (index + 1,)
        if following in self.doc.marks:
            last = self.doc.marks[following][0] - 2
        else:
            end = self.doc.spans[list_path + (index,)][1]
            last = self._line_of(end)
            # A block node ends where the next token starts, which may be indented on its line.
            if not self.text[self._line_starts()[last] : end].strip():
                last -= 1
        while last > first and self._blank_or_comment(last):
            last -= 1
        return first, last

    def _offset(self, line: int) -> int:
        starts = self._line_starts()
        return starts[line] if line < len(starts) else len(self.text)

    # -- edits -----------------------------------------------------------------------------
    def replace_value(self, path: YPath, value: str) -> None:
        start, end = self.doc.spans[path]
        self.edits.append(_Edit(start, end, value))

    def delete_item(self, list_path: YPath, index: int) -> None:
        first, last = self.item_lines(list_path, index)
        self.edits.append(_Edit(self._offset(first), self._offset(last + 1), ""))
        self.deleted.setdefault(list_path, set()).add(index)

    def _emptied(self, list_path: YPath) -> _Edit | None:
        """A list losing every item keeps its key, as `key: []` (a required key stays, an
        object whose fields all went is an open mapping), instead of a key with no value."""
        count = 0
        while list_path + (count,) in self.doc.marks:
            count += 1
        if (
            list_path in self.grown
            or self.deleted.get(list_path) != set(range(count))
            or list_path not in self.doc.key_marks
        ):
            return None
        line, column = self.doc.key_marks[list_path]
        _, last = self.item_lines(list_path, count - 1)
        key = list_path[-1]
        return _Edit(
            self._offset(line - 1), self._offset(last + 1), f"{' ' * (column - 1)}{key}: []\n"
        )

    def insert_after_item(self, list_path: YPath, index: int, lines: Sequence[str]) -> None:
        self.grown.add(list_path)
        _, last = self.item_lines(list_path, index)
        at = self._offset(last + 1)
        self.edits.append(_Edit(at, at, "".join(f"{line}\n" for line in lines)))

    def insert_before_item(self, list_path: YPath, index: int, lines: Sequence[str]) -> None:
        self.grown.add(list_path)
        at = self._offset(self.doc.marks[list_path + (index,)][0] - 1)
        self.edits.append(_Edit(at, at, "".join(f"{line}\n" for line in lines)))

    def set_key(self, item: YPath, key: str, value: str, after: str | None = None) -> None:
        """Set key in a mapping item: replace its value, or add it (block or flow style),
        in block style on the line after the key `after` when the item has it."""
        if item + (key,) in self.doc.spans:
            self.replace_value(item + (key,), value)
            return
        start, end = self.doc.spans[item]
        if self.text[start] == "{":
            self.edits.append(_Edit(end - 1, end - 1, f", {key}: {value}"))
            return
        list_path, index = item[:-1], item[-1]
        assert isinstance(index, int)
        _, last = self.item_lines(list_path, index)
        if after is not None and item + (after,) in self.doc.spans:
            last = self._line_of(self.doc.spans[item + (after,)][1])
        column = self.doc.marks[item][1] - 1
        at = self._offset(last + 1)
        self.edits.append(_Edit(at, at, f"{' ' * column}{key}: {value}\n"))

    def item_indent(self, list_path: YPath) -> int:
        """Column of the "-" of the list's items (0-based)."""
        return self.doc.marks[list_path + (0,)][1] - 3

    def result(self) -> str:
        edits = list(self.edits)
        for list_path in self.deleted:
            emptied = self._emptied(list_path)
            if emptied is not None:
                edits.append(emptied)
        # An edit inside a region another edit deletes or rewrites (an emptied list's items,
        # the children of a deleted item) goes with it.
        kept = [e for e in edits if not any(_inside(e, o) for o in edits if o is not e)]
        text = self.text
        for edit in sorted(kept, key=lambda e: (e.start, e.end), reverse=True):
            text = text[: edit.start] + edit.text + text[edit.end :]
        return text


def _inside(e: _Edit, o: _Edit) -> bool:
    """Whether o replaces the text e edits: e's range lies within o's (o wider, or starting
    first), or e inserts strictly inside it."""
    if e.start == e.end:
        return o.start < e.start < o.end
    return o.start <= e.start and e.end <= o.end and (o.start, -o.end) < (e.start, -e.end)


def patch_operation(op: Operation, service: Service, page: DocPage, doc: Located, text: str) -> str:
    """The spec text with the page's mechanical drift applied."""
    p = Patcher(doc, text)
    data = doc.data
    if page.method and page.method != op.method and not page.conflicts:
        p.replace_value(("operation", "method"), page.method)
    if page.path and page.path != op.path and not page.conflicts:
        p.replace_value(("operation", "path"), flow(page.path))
    if "request" in page.tables:
        _patch_parameters(p, op, page, data)
    if "response" in page.tables:
        _patch_response(p, op, page, data)
    if "errors" in page.tables:
        _patch_errors(p, op, service, page, data)
    return p.result()


def _patch_parameters(p: Patcher, op: Operation, page: DocPage, data: dict[str, Any]) -> None:
    items = data.get("parameters", [])
    index = {item["name"]: i for i, item in enumerate(items)}
    ours = {param.wire_name: param for param in op.parameters}
    theirs = {row.name: row for row in page.parameters}
    path: YPath = ("parameters",)
    previous: int | None = None
    cut = any(row.cut_off for row in page.parameters)  # what a saved copy stops before is not gone
    for row in page.parameters:
        if row.name in index:
            previous = index[row.name]
            continue
        if not items:
            continue  # an empty list is written as []: left to the reviewer
        indent = p.item_indent(path)
        lines = render_list([draft_parameter(row)], indent)
        if previous is None:
            p.insert_before_item(path, 0, lines)
        else:
            p.insert_after_item(path, previous, lines)
    for name, i in index.items():
        if (
            name not in theirs
            and name in ours
            and not cut
            and not says_absent([*ours[name].notes, *op.notes], [name])
        ):
            p.delete_item(path, i)
    for name, i in index.items():
        if name in theirs and name in ours:
            _patch_parameter(p, path + (i,), ours[name], theirs[name], items[i])


def _patch_parameter(
    p: Patcher, item: YPath, param: Any, row: DocParam, raw: dict[str, Any]
) -> None:
    disputed = {c.what for c in row.conflicts}
    if row.type in PARAM_TYPES and row.type != param.doc_type and "type" not in disputed:
        p.replace_value(item + ("type",), row.type)
    if (
        row.required is not None
        and row.required != param.required
        and "required flag" not in disputed
    ):
        p.set_key(item, "required", "true" if row.required else "false", after="type")
    kind = row.type if row.type in PARAM_TYPES else param.doc_type
    said = stated(row.description, kind)
    for key, value in said.limits().items():
        if getattr(param.constraints, key) != value and not mentions_all(param.notes, [value]):
            p.set_key(item, key, str(value))
    if said.enum and param.kind != "boolean":
        added, removed = enum_drift(said.enum, param.constraints.enum_values, param.notes)
        if added or removed:
            wanted: list[Any] = [v for v in param.constraints.enum_values if v not in removed]
            for new in added:  # at its place in the page's order
                before = said.enum[: said.enum.index(new)]
                anchor = max((wanted.index(v) + 1 for v in before if v in wanted), default=0)
                wanted.insert(anchor, new)
            _patch_enum(p, item, raw, wanted)


def _patch_enum(p: Patcher, item: YPath, raw: dict[str, Any], values: list[Any]) -> None:
    if "enum" not in raw:
        p.set_key(item, "enum", flow(values))
        return
    path = item + ("enum",)
    current = [e["value"] if isinstance(e, dict) else e for e in raw["enum"]]
    start, _ = p.doc.spans[path]
    if p.text[start] == "[":
        # A flow list: rewrite it, keeping the source text of the values that stay.
        kept = {value: p.text[slice(*p.doc.spans[path + (i,)])] for i, value in enumerate(current)}
        p.replace_value(path, "[" + ", ".join(kept.get(v, flow(v)) for v in values) + "]")
        return
    for i, value in enumerate(current):
        if value not in values:
            p.delete_item(path, i)
    added = [v for v in values if v not in current]
    if added:
        style = "{value: %s}" if isinstance(raw["enum"][-1], dict) else "%s"
        indent = p.item_indent(path)
        p.insert_after_item(
            path, len(current) - 1, [f"{' ' * indent}- {style % flow(v)}" for v in added]
        )


def _patch_response(p: Patcher, op: Operation, page: DocPage, data: dict[str, Any]) -> None:
    ours = flat_response(op.response)
    paths: dict[str, YPath] = {}  # dotted name: the YAML path of its entry
    children: dict[str, YPath] = {}  # dotted name: the YAML path of the list holding its fields

    def walk(fields: list[dict[str, Any]], path: YPath, prefix: str) -> None:
        for i, f in enumerate(fields):
            name, here = prefix + f["name"], path + (i,)
            paths[name] = here
            # An array's entries are written under items (of items ...), named as its children.
            while "items" in f and isinstance(f["items"], dict):
                f, here = f["items"], here + ("items",)
            children[name] = here + ("fields",)
            walk(f.get("fields") or [], here + ("fields",), f"{name}.")

    walk(data.get("response", {}).get("fields", []), ("response", "fields"), "")
    theirs = {row.path: row for row in page.response}
    previous: dict[str | None, str] = {}
    for row in page.response:
        if row.path in paths:
            previous[row.parent] = row.path
            continue
        if row.parent is not None and row.parent not in paths:
            continue  # inside a row added above, with it
        sibling = previous.get(row.parent)
        subtree = [
            r for r in page.response if r.path == row.path or r.path.startswith(row.path + ".")
        ]
        entries = draft_response(subtree, row.parent)
        if sibling is not None:
            list_path, index = paths[sibling][:-1], paths[sibling][-1]
            assert isinstance(index, int)
            p.insert_after_item(list_path, index, render_list(entries, p.item_indent(list_path)))
            continue
        list_path = children[row.parent] if row.parent is not None else ("response", "fields")
        if list_path + (0,) not in p.doc.marks:
            continue  # no list to anchor it in: left to the reviewer
        p.insert_before_item(list_path, 0, render_list(entries, p.item_indent(list_path)))
    cut = any(row.cut_off for row in page.response)  # what a saved copy stops before is not gone
    for name, path in paths.items():
        parts = name.split(".")
        parent = ".".join(parts[:-1])
        if name not in theirs and (not parent or parent in theirs) and not cut:
            ancestors = [".".join(parts[:i]) for i in range(1, len(parts) + 1)]
            notes = [note for a in ancestors if a in ours for note in field_notes(ours[a])]
            if not says_absent([*notes, *op.notes], parts):
                index = path[-1]
                assert isinstance(index, int)
                p.delete_item(path[:-1], index)
        elif name in theirs:
            row = theirs[name]
            if row.type in RESPONSE_TYPES and row.type != ours[name].type and not row.conflicts:
                p.replace_value(path + ("type",), row.type)


def _patch_errors(
    p: Patcher, op: Operation, service: Service, page: DocPage, data: dict[str, Any]
) -> None:
    items = data.get("errors", [])
    index = {item["code"]: i for i, item in enumerate(items) if "code" in item}
    theirs = {e.code: e for e in page.errors}
    path: YPath = ("errors",)
    added = [e for e in page.errors if e.code not in index and e.code not in op.error_refs]
    cut = any(e.cut_off for e in page.errors)  # what a saved copy stops before is not gone
    if added and index:
        known = {e.code: (e.http_status, e.message) for e in service.errors}
        entries = [draft_error(e, known) for e in added]
        p.insert_after_item(path, max(index.values()), render_list(entries, p.item_indent(path)))
    for code, i in index.items():
        if code not in theirs and not cut and not says_absent(op.notes, [code]):
            p.delete_item(path, i)
        elif code in theirs:
            doc = theirs[code]
            if doc.http_status != items[i]["http_status"] and not doc.conflicts:
                p.replace_value(path + (i, "http_status"), str(doc.http_status))


def unified(old: str, new: str, name: str) -> str:
    return "".join(
        difflib.unified_diff(old.splitlines(True), new.splitlines(True), f"a/{name}", f"b/{name}")
    )


def patches(
    services: Sequence[Service], spec_root: Path, docs: Path | None
) -> list[tuple[Path, str, str]]:
    """(spec file, its text, the patched text) for every operation whose page is readable."""
    from generator.docs.pages import parse_page_file
    from generator.frontend.read import load_specs

    raws, _ = load_specs(spec_root)
    located = {doc.file: doc for raw in raws for doc in raw.operations}
    out = []
    for service in services:
        for op in service.operations:
            page = page_path(op, docs, spec_root)
            path = spec_file_path(op, spec_root)
            if not page.is_file() or op.spec_file not in located:
                continue
            text = path.read_text(encoding="utf-8")
            out.append(
                (
                    path,
                    text,
                    patch_operation(
                        op, service, parse_page_file(page), located[op.spec_file], text
                    ),
                )
            )
    return out


def _shown(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix().lstrip("/")


def run_patch(services: Sequence[Service], spec_root: Path, docs: Path | None, apply: bool) -> int:
    """Print (or, with apply, write) the patches; exit status 1 when a spec needed one."""
    import sys

    from generator.backend.writer import write_text_atomic

    changed = 0
    for path, old, new in patches(services, spec_root, docs):
        if old == new:
            continue
        changed += 1
        if apply:
            write_text_atomic(path, new)
            print(f"Patched {path}.", file=sys.stderr)
        else:
            sys.stdout.write(unified(old, new, _shown(path)))
    if not changed:
        print("No mechanical drift to patch.", file=sys.stderr)
    elif not apply:
        print(
            f"{changed} spec file(s) would change; --apply writes them. Prose rules stay with the reviewer.",
            file=sys.stderr,
        )
    return 1 if changed and not apply else 0
