"""Compare each operation's spec with the text of its documentation page, and list the drift.

This is what a user runs after saving a changed doc page. The method, path, types, required
flags, HTTP statuses, messages and the limits and value lists the page's prose states (in the
phrasings `phrasing` understands) are compared; any difference there is drift. A difference
counts as explained only in these cases (the convention is documented in spec/README.md):

* an entry the spec has and the page lacks: a note on the entry, or on an enclosing response
  field, that names that entry or field and says the page lacks it (contains "not on the
  page", "does not list" or "cut off"); an operation note naming the entry the same way;
* a whole table the page lacks: an operation note naming the table ("error table", ...) and
  saying so in the same words;
* a value the spec decides differently from the page (a limit, enum values, or which of the
  page's disagreeing copies to follow): a note on the entry that mentions every value involved;
* an example the spec flags with example_invalid.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.docs.pages import (
    Disagreement,
    DocError,
    DocPage,
    DocParam,
    parse_page_file,
    structured_examples,
)
from generator.docs.phrasing import stated
from generator.model import Operation, Parameter, ResponseField, Service

ABSENT_PHRASES = ("not on the page", "does not list", "cut off")
_TABLES = {"request": "request table", "response": "response table", "errors": "error table"}


@dataclass(frozen=True)
class Drift:
    operation: str
    kind: str  # operation, table, parameter, response, error
    name: str
    message: str
    explained: bool

    def __str__(self) -> str:
        mark = "explained" if self.explained else "DRIFT"
        return f"{self.operation}: {mark}: {self.kind} {self.name}: {self.message}"


def _mentions(note: str, word: str) -> bool:
    return re.search(rf"(?<![\w.]){re.escape(word)}(?![\w])", note) is not None


def says_absent(notes: Iterable[str], names: Iterable[str]) -> bool:
    """A note names one of names and says the page lacks it."""
    wanted = list(names)
    return any(
        any(phrase in note.casefold() for phrase in ABSENT_PHRASES)
        and any(_mentions(note, n) for n in wanted)
        for note in notes
    )


def mentions_all(notes: Iterable[str], values: Iterable[object]) -> bool:
    texts = list(notes)
    needed = [str(v) for v in values]
    return any(all(_mentions(note, v) for v in needed) for note in texts)


def enum_drift(
    page: Sequence[Any], spec: Sequence[Any], notes: Sequence[str]
) -> tuple[list[Any], list[Any]]:
    """Values only the page lists and values only the spec lists, leaving out those a note names."""
    added = [v for v in page if v not in spec and not mentions_all(notes, [v])]
    removed = [v for v in spec if v not in page and not mentions_all(notes, [v])]
    return added, removed


def flat_response(fields: tuple[ResponseField, ...], prefix: str = "") -> dict[str, ResponseField]:
    """Every response field by its dotted path. Pages name an array's item fields as the array's
    own children (Data.Items.Id), so an array's items add no step to the path."""
    out: dict[str, ResponseField] = {}
    for f in fields:
        out[prefix + f.name] = f
        for inner in _items_chain(f):
            out.update(flat_response(inner.fields, f"{prefix}{f.name}."))
    return out


def _items_chain(f: ResponseField) -> list[ResponseField]:
    """The field and, for an array, its items, their items, ...: whatever holds its children."""
    chain = [f]
    while chain[-1].items is not None:
        chain.append(chain[-1].items)
    return chain


def field_notes(f: ResponseField) -> list[str]:
    """A field's notes and those of its items (an array's items describe the entries)."""
    return [note for inner in _items_chain(f) for note in inner.notes]


def page_type(f: ResponseField) -> str:
    """The type as a page writes it: array<object> for an array of objects."""
    items = _items_chain(f)[1:]
    return f.type + "".join(f"<{i.type}" for i in items) + ">" * len(items)


def same_type(f: ResponseField, documented: str) -> bool:
    """Whether the page's type is the field's: a bare `array` on the page leaves the items open."""
    return documented in (f.type, page_type(f))


def _bare(text: str) -> str:
    return "".join(text.split())


def _norm(text: str) -> str:
    return " ".join(text.split())


class _Checker:
    def __init__(self, op: Operation, service: Service, page: DocPage, page_name: str) -> None:
        self.op, self.service, self.page, self.page_name = op, service, page, page_name
        self.out: list[Drift] = []

    def add(self, kind: str, name: str, message: str, explained: bool = False) -> None:
        self.out.append(Drift(self.op.name, kind, name, message, explained))

    def run(self) -> list[Drift]:
        self.operation()
        if self.table("request", bool(self.op.parameters)):
            self.parameters()
        if self.table("response", bool(self.op.response)):
            self.response()
        if self.table("errors", any(c not in self.op.error_refs for c in self.op.errors)):
            self.errors()
        return self.out

    def operation(self) -> None:
        page, op = self.page, self.op
        for conflict in page.conflicts:
            self.add(
                "operation",
                op.name,
                str(conflict),
                mentions_all(op.notes, (v for v, _ in conflict.values)),
            )
        if page.method is None:
            self.add(
                "operation", op.name, f"no request line (method and path) found in {self.page_name}"
            )
            return
        if page.method != op.method:
            self.add(
                "operation", op.name, f"method {op.method} in the spec, {page.method} on the page"
            )
        if page.path != op.path:
            self.add("operation", op.name, f"path {op.path} in the spec, {page.path} on the page")

    def table(self, name: str, spec_has_rows: bool) -> bool:
        """Whether to compare the table's rows: one finding instead of every row when the page has none."""
        if name in self.page.tables or not spec_has_rows:
            return True
        explained = says_absent(self.op.notes, [_TABLES[name]])
        self.add("table", _TABLES[name], f"no {_TABLES[name]} found in {self.page_name}", explained)
        return False

    def conflicts(
        self,
        kind: str,
        name: str,
        conflicts: Sequence[Disagreement],
        decided: dict[str, str],
        notes: Sequence[str],
    ) -> None:
        for conflict in conflicts:
            values = [v for v, _ in conflict.values]
            explained = decided.get(conflict.what) in values and mentions_all(notes, values)
            self.add(kind, name, str(conflict), explained)

    def parameters(self) -> None:
        ours = {p.wire_name: p for p in self.op.parameters}
        theirs = {p.name: p for p in self.page.parameters}
        for name in theirs.keys() - ours.keys():
            self.add("parameter", name, "on the page, not in the spec")
        for name in sorted(ours.keys() - theirs.keys()):
            explained = says_absent([*ours[name].notes, *self.op.notes], [name])
            self.add("parameter", name, "in the spec, not on the page", explained)
        for name in sorted(ours.keys() & theirs.keys()):
            self.parameter(ours[name], theirs[name])

    def parameter(self, p: Parameter, doc: DocParam) -> None:
        name, notes = p.wire_name, p.notes
        decided = {
            "type": p.doc_type,
            "required flag": "Yes" if p.required else "No",
            "location": p.location,
        }
        self.conflicts("parameter", name, doc.conflicts, decided, notes)
        disputed = {c.what for c in doc.conflicts}
        if doc.type and doc.type != p.doc_type and "type" not in disputed:
            self.add("parameter", name, f"type {p.doc_type} in the spec, {doc.type} on the page")
        if (
            doc.required is not None
            and doc.required != p.required
            and "required flag" not in disputed
        ):
            self.add(
                "parameter", name, f"required={p.required} in the spec, {doc.required} on the page"
            )
        if doc.location and doc.location != p.location and "location" not in disputed:
            self.add("parameter", name, f"in: {p.location} in the spec, {doc.location} on the page")
        examples = doc.examples or (doc.example,)
        if not doc.cut_off and all(_norm(e) != _norm(p.example or "") for e in examples):
            message = f"example {p.example!r} in the spec, {doc.example!r} on the page"
            self.add("parameter", name, message, p.example_invalid is not None)
        ours = {
            _bare(text)
            for text in (p.example or "", *p.examples, *(e for e, _ in p.refused_examples))
        }
        for example in structured_examples(doc.description):
            if _bare(example) not in ours:
                self.add(
                    "parameter",
                    name,
                    f"example {example!r} on the page, not in the spec (examples)",
                )
        self.stated(p, doc)

    def stated(self, p: Parameter, doc: DocParam) -> None:
        page = stated(doc.description, doc.type or p.doc_type)
        c = p.constraints
        for limit, value in page.limits().items():
            ours = getattr(c, limit)
            if ours is None or ours != value:
                message = f"{limit} {_num(ours)} in the spec, {value} on the page"
                self.add("parameter", p.wire_name, message, mentions_all(p.notes, [value]))
        if page.enum and p.kind != "boolean":
            added, removed = enum_drift(page.enum, c.enum_values, p.notes)
            parts = ([f"{', '.join(map(str, added))} on the page only"] if added else []) + (
                [f"{', '.join(map(str, removed))} in the spec only"] if removed else []
            )
            if parts:
                self.add("parameter", p.wire_name, "enum values differ: " + "; ".join(parts))
            elif set(page.enum) != set(c.enum_values):
                self.add(
                    "parameter",
                    p.wire_name,
                    "enum values differ from the page as the notes decide",
                    True,
                )

    def response(self) -> None:
        ours = flat_response(self.op.response)
        theirs = {p.path: p for p in self.page.response}
        for name in sorted(theirs.keys() - ours.keys()):
            self.add("response", name, "on the page, not in the spec")
        for name in sorted(ours.keys() - theirs.keys()):
            parts = name.split(".")
            ancestors = [".".join(parts[:i]) for i in range(1, len(parts) + 1)]
            notes = [note for a in ancestors if a in ours for note in field_notes(ours[a])]
            self.add(
                "response",
                name,
                "in the spec, not on the page",
                says_absent([*notes, *self.op.notes], parts),
            )
        for name in sorted(ours.keys() & theirs.keys()):
            field, doc = ours[name], theirs[name]
            on_page = {value for c in doc.conflicts if c.what == "type" for value, _ in c.values}
            decided = field.type if field.type in on_page else page_type(field)
            self.conflicts("response", name, doc.conflicts, {"type": decided}, field.notes)
            if doc.type and not same_type(field, doc.type) and not doc.conflicts:
                message = f"type {page_type(field)} in the spec, {doc.type} on the page"
                self.add("response", name, message, mentions_all(field.notes, [doc.type]))

    def errors(self) -> None:
        ours = [c for c in self.op.errors if c not in self.op.error_refs]
        theirs = {e.code: e for e in self.page.errors}
        for code in sorted(theirs.keys() - set(ours)):
            self.add("error", code, "on the page, not in the spec")
        for code in sorted(set(ours) - theirs.keys()):
            self.add(
                "error", code, "in the spec, not on the page", says_absent(self.op.notes, [code])
            )
        for code in sorted(set(ours) & theirs.keys()):
            self.error(code, theirs[code])

    def error(self, code: str, doc: DocError) -> None:
        spec = self.service.error(code)
        decided = {"HTTP status": str(spec.http_status), "message": spec.message}
        self.conflicts("error", code, doc.conflicts, decided, self.op.notes)
        disputed = {c.what for c in doc.conflicts}
        if spec.http_status != doc.http_status and "HTTP status" not in disputed:
            self.add(
                "error", code, f"HTTP {spec.http_status} in the spec, {doc.http_status} on the page"
            )
        cut_prefix = doc.cut_off and _norm(spec.message).startswith(_norm(doc.message))
        if (
            _norm(spec.message) != _norm(doc.message)
            and "message" not in disputed
            and not cut_prefix
        ):
            self.add(
                "error", code, f"message {spec.message!r} in the spec, {doc.message!r} on the page"
            )


def _num(value: float | None) -> str:
    if value is None:
        return "none"
    return str(int(value)) if float(value).is_integer() else str(value)


def page_path(op: Operation, docs: Path | None, spec_root: Path = Path("spec")) -> Path:
    """An operation's `source:` is relative to its spec file's folder, or to docs when given.

    spec_file is shown relative to the spec root's parent folder (see loader), so it is
    resolved from there rather than from the working directory."""
    if docs is not None:
        return docs / op.source
    return spec_file_path(op, spec_root).parent / op.source


def spec_file_path(op: Operation, spec_root: Path) -> Path:
    """Where an operation's spec file is: spec_file is relative to the spec root's parent."""
    base = spec_root.parent if spec_root.is_file() else spec_root
    return base.parent / op.spec_file


def check_operation(op: Operation, service: Service, page: DocPage, page_name: str) -> list[Drift]:
    return _Checker(op, service, page, page_name).run()


def check_docs(
    service: Service, docs: Path | None = None, spec_root: Path = Path("spec")
) -> tuple[list[Drift], list[str]]:
    """Drift per operation, and the operations whose page could not be read."""
    drift: list[Drift] = []
    missing: list[str] = []
    for op in service.operations:
        path = page_path(op, docs, spec_root)
        if not path.is_file():
            missing.append(f"{op.name}: no documentation page at {path}")
            continue
        drift += check_operation(op, service, parse_page_file(path), op.source)
    return drift, missing
