"""`gen draft PAGE`: a draft spec for the operation a saved documentation page describes.

The draft is what a person would type first: the request line, every row of the three
tables, and the constraints the prose states in the phrasings `phrasing` understands. What
it cannot decide becomes a note starting with "TODO:" at the field (cross-parameter rules in
the prose, disagreeing copies of the page, guessed locations, rows a saved copy is cut off
in); `gen lint` reports each one until a person resolves it. Output is deterministic.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.backend.writer import write_text_atomic
from generator.docs.pages import DocError, DocPage, DocParam, parse_page_file, structured_examples
from generator.docs.phrasing import Scalar, stated
from generator.frontend.shape import SPEC_FORMAT

TODO = "TODO:"
_SCHEMA_COMMENT = "# yaml-language-server: $schema="
SERVICE_FILE = "service.yaml"
SCHEMA = SPEC_FORMAT / "operation.schema.json"

PARAM_TYPES = ("string", "integer", "long", "boolean")
RESPONSE_TYPES = ("string", "integer", "long", "boolean", "object")
_LOCATIONS = ("query", "body")
_QUERY_METHODS = ("GET", "DELETE")
_IDEMPOTENT_METHODS = ("GET", "PUT", "DELETE")


class DraftError(Exception):
    """The draft cannot be written (no service folder, an existing spec)."""


@dataclass
class Entry:
    """One YAML mapping to print: keys in order, nested entries, notes last."""

    items: list[tuple[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


# --- from the page model to entries ------------------------------------------------------


def draft_parameter(row: DocParam) -> Entry:
    entry = Entry()
    notes = entry.notes
    type_ = row.type if row.type in PARAM_TYPES else "string"
    if row.type not in PARAM_TYPES:
        documented = f"as {row.type}" if row.type else "without a type"
        notes.append(
            f"{TODO} the page documents {row.name} {documented}; drafted as string (add json: for a JSON value)."
        )
    entry.items += [("name", row.name), ("type", type_)]
    if row.required is None:
        notes.append(
            f"{TODO} the page does not say whether {row.name} is required; drafted as optional."
        )
    if row.required:
        entry.items.append(("required", True))
    location = row.location if row.location in _LOCATIONS else "query"
    entry.items += [("in", location), ("description", row.description)]
    if row.location and row.location not in _LOCATIONS:
        notes.append(
            f"{TODO} the page puts {row.name} in {row.location}; the format has query and body."
        )
    if row.example:
        entry.items.append(("example", row.example))
    said = stated(row.description, type_)
    for key, value in said.limits().items():
        entry.items.append((key, value))
    if said.pattern:
        entry.items.append(("pattern", said.pattern))
    if said.enum and type_ != "boolean":
        entry.items.append(("enum", said.enum))
    broken = _example_breaks(row.example, type_, said.limits(), said.pattern, said.enum)
    if broken:
        entry.items.append(
            (
                "example_invalid",
                f"{TODO} the page's example breaks the stated {broken}; fix the rule or say why.",
            )
        )
    # The JSON examples the description gives belong in examples (docs-check looks for them).
    seen = {"".join(row.example.split())}
    examples: list[Any] = []
    for example in structured_examples(row.description):
        if "".join(example.split()) in seen:
            continue
        seen.add("".join(example.split()))
        breaks = _example_breaks(example, type_, said.limits(), said.pattern, said.enum)
        examples.append(
            Entry(
                [
                    ("value", example),
                    (
                        "invalid",
                        f"{TODO} this example breaks the stated {breaks}; fix the rule or say why.",
                    ),
                ]
            )
            if breaks
            else example
        )
    if examples:
        entry.items.append(("examples", examples))
    notes += [
        f'{TODO} a cross-parameter rule in the prose, to add under rules: "{rule}"'
        for rule in said.rules
    ]
    notes += _row_notes(row)
    return entry


def _row_notes(row: DocParam) -> list[str]:
    notes = [
        f"{TODO} {conflict}; decide which to follow and say why." for conflict in row.conflicts
    ]
    if row.cut_off:
        notes.append(
            f"{TODO} the saved copy of the page is cut off inside {row.name}: description and example may be incomplete."
        )
    return notes


def _example_breaks(
    example: str, type_: str, limits: dict[str, int], pattern: str | None, enum: Sequence[Scalar]
) -> str:
    if not example:
        return ""
    if type_ in ("integer", "long"):
        if not re.fullmatch(r"-?\d+", example):
            return "type"
        number = int(example)
        if ("minimum" in limits and number < limits["minimum"]) or (
            "maximum" in limits and number > limits["maximum"]
        ):
            return "range"
        return "enum" if enum and number not in enum else ""
    if ("max_length" in limits and len(example) > limits["max_length"]) or (
        "min_length" in limits and len(example) < limits["min_length"]
    ):
        return "length"
    if pattern and not re.fullmatch(pattern, example):
        return "pattern"
    return "enum" if enum and example not in enum else ""


def draft_response(rows: Sequence[DocParam], parent: str | None = None) -> list[Entry]:
    out = []
    for row in rows:
        if row.parent != parent:
            continue
        entry = Entry()
        children = draft_response(rows, row.path)
        shape = _response_shape(row.type, bool(children))
        entry.items += [
            ("name", row.name),
            ("type", shape[0] if shape else "string"),
            ("description", row.description),
        ]
        if shape is None:
            documented = f"as {row.type}" if row.type else "without a type"
            entry.notes.append(
                f"{TODO} the page documents {row.path} {documented}; the format has no such response type, drafted as string."
            )
        if row.example:
            entry.items.append(("example", row.example))
        if shape is not None and len(shape) > 1:
            entry.items.append(("items", _items(shape[1:], children)))
            if row.type == "array":
                entry.notes.append(
                    f"{TODO} the page types {row.path} as a bare array; drafted as an array of "
                    f"{'objects (the rows under it)' if children else 'strings'}."
                )
        elif children:
            entry.items.append(("fields", children))
        entry.notes += _row_notes(row)
        out.append(entry)
    return out


def _response_shape(type_: str, has_children: bool) -> list[str] | None:
    """The type and, for an array, the type of its items (and theirs): array<array<object>> is
    [array, array, object]. None for a type the format does not have."""
    if type_ in RESPONSE_TYPES:
        return [type_]
    if type_ == "array":  # the page does not say what the array holds
        return ["array", "object" if has_children else "string"]
    inner = re.fullmatch(r"array<(.+)>", type_)
    if inner is None:
        return None
    rest = _response_shape(inner.group(1), has_children)
    return ["array", *rest] if rest is not None else None


def _items(shape: Sequence[str], children: list[Entry]) -> Entry:
    """An array's items: the rows under the array are the fields of its innermost entries."""
    items = Entry(items=[("type", shape[0])])
    if len(shape) > 1:
        items.items.append(("items", _items(shape[1:], children)))
    elif children:
        items.items.append(("fields", children))
    return items


def draft_error(error: DocError, known: dict[str, tuple[int, str]]) -> Entry:
    entry = Entry()
    status, message = error.http_status, error.message
    elsewhere = known.get(error.code)
    if elsewhere is not None and elsewhere != (status, message):
        if error.cut_off and elsewhere[1].startswith(message):
            entry.notes.append(
                f"The saved copy of the page is cut off inside this row ({message!r}); the message is the one another spec of the service gives."
            )
        else:
            entry.notes.append(
                f"{TODO} the page gives HTTP {status} and {message!r}; another spec of the service has HTTP {elsewhere[0]} and {elsewhere[1]!r}, drafted here."
            )
        status, message = elsewhere
    elif error.cut_off:
        entry.notes.append(
            f"{TODO} the saved copy of the page is cut off inside the row {error.code}: the message is incomplete."
        )
    entry.items += [("code", error.code), ("http_status", status), ("message", message)]
    if error.description:
        entry.items.append(("description", error.description))
    entry.notes += [
        f"{TODO} {conflict}; decide which to follow and say why." for conflict in error.conflicts
    ]
    return entry


def draft_operation(
    page: DocPage, name: str, source: str
) -> tuple[Entry, list[Entry], list[Entry]]:
    op = Entry()
    method = page.method.split("|")[0] if page.method else None
    op.items += [
        ("name", name),
        ("summary", page.summary or f"{TODO} summarise {name} in one sentence."),
    ]
    if method is None or page.path is None:
        op.notes.append(
            f"{TODO} no request line (method and path) found on the page; drafted as GET /."
        )
    op.items += [("method", method or "GET"), ("path", page.path or "/")]
    op.items += [("idempotent", (method or "GET") in _IDEMPOTENT_METHODS), ("source", source)]
    if method not in _QUERY_METHODS:
        op.notes.append(
            f"{TODO} idempotent and every parameter's in: are guessed from the method ({method}); check them against the official SDK."
        )
    op.notes += [
        f"{TODO} {conflict}; decide which to follow and say why." for conflict in page.conflicts
    ]
    for table, rows in (
        ("request table", page.parameters),
        ("response table", page.response),
        ("error table", page.errors),
    ):
        if not rows:
            op.notes.append(
                f"{TODO} the page's {table} is not on the page or cut off; fill it in from the next best source and name it here."
            )
    return op, [draft_parameter(p) for p in page.parameters], draft_response(page.response)


# --- printing ------------------------------------------------------------------------------


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    text = str(value)
    plain = (
        text
        and text == text.strip()
        and not re.search(r"[:#]\s|[\n\t,\[\]{}]|^[-?:#&*!|>'\"%@`]|\s#|:$", text)
        and yaml.safe_load(text) == text
    )
    return text if plain else json.dumps(text, ensure_ascii=False)


def flow(value: Any) -> str:
    """A value as YAML flow text: scalars plain where safe, lists in brackets."""
    if isinstance(value, list):
        return "[" + ", ".join(flow(v) for v in value) + "]"
    if isinstance(value, Entry):
        return "{" + ", ".join(f"{k}: {flow(v)}" for k, v in value.items) + "}"
    return _scalar(value)


def _lines(entry: Entry, indent: int, first_prefix: str) -> Iterator[str]:
    pad = " " * indent
    prefix = first_prefix
    for key, value in entry.items:
        if isinstance(value, list) and value and isinstance(value[0], Entry):
            yield f"{prefix}{key}:"
            for child in value:
                yield from _lines(child, indent + 4, " " * (indent + 2) + "- ")
        elif isinstance(value, Entry):
            inline = _flow_entry(value)
            if inline is not None:
                yield f"{prefix}{key}: {inline}"
            else:
                yield f"{prefix}{key}:"
                yield from _lines(value, indent + 2, " " * (indent + 2))
        else:
            yield f"{prefix}{key}: {flow(value)}"
        prefix = pad
    if entry.notes:
        yield f"{prefix}notes:"
        for note in entry.notes:
            yield f"{pad}  - {_scalar(note)}"


def _flow_entry(entry: Entry) -> str | None:
    if entry.notes or any(
        isinstance(v, list) and v and isinstance(v[0], Entry) for _, v in entry.items
    ):
        return None
    parts = []
    for key, value in entry.items:
        inline = _flow_entry(value) if isinstance(value, Entry) else flow(value)
        if inline is None:
            return None
        parts.append(f"{key}: {inline}")
    return "{" + ", ".join(parts) + "}"


def render_list(entries: Sequence[Entry], indent: int) -> list[str]:
    """YAML lines for a block sequence of entries (flow style where an entry has no notes)."""
    out: list[str] = []
    for entry in entries:
        flow = _flow_entry(entry)
        if flow is not None and len(flow) + indent < 110:
            out.append(" " * indent + "- " + flow)
        else:
            out.extend(_lines(entry, indent + 2, " " * indent + "- "))
    return out


def render(
    page: DocPage, name: str, source: str, schema: str, known: dict[str, tuple[int, str]]
) -> str:
    op, parameters, response = draft_operation(page, name, source)
    errors = [draft_error(e, known) for e in page.errors]
    lines = [
        f"{_SCHEMA_COMMENT}{schema}",
        f"# Drafted by `gen draft` from {source}: review every row, resolve each TODO note (gen lint lists them).",
        "format: 1",
        "operation:",
        *_lines(op, 2, "  "),
        "",
        "parameters:" if parameters else "parameters: []",
        *(line for p in parameters for line in _lines(p, 4, "  - ")),
        "",
        "response:",
        "  fields:" if response else "  fields: []",
        *render_list(response, 4),
        "",
        "errors:" if errors else "errors: []",
        *render_list(errors, 2),
    ]
    return "\n".join(lines) + "\n"


# --- files ----------------------------------------------------------------------------------


def service_folder(page: Path) -> Path:
    for folder in page.resolve().parents:
        if (folder / SERVICE_FILE).is_file():
            return folder
    raise DraftError(f"{page}: no {SERVICE_FILE} in any folder above the page; pass --into FOLDER")


def sibling_schema(folder: Path) -> str | None:
    """The schema reference the service's other specs use, so drafts match them (the one
    service.yaml uses, for its folder, when there is no operation yet: `gen init` points it
    at the schemas it keeps inside the repository)."""
    service_schema = SCHEMA.name.replace("operation", "service")
    fallback = None
    for path in sorted(folder.glob("*.yaml")):
        first = path.read_text(encoding="utf-8", errors="replace").partition("\n")[0]
        if not first.startswith(_SCHEMA_COMMENT):
            continue
        if path.name != SERVICE_FILE and first.endswith(SCHEMA.name):
            return first.removeprefix(_SCHEMA_COMMENT)
        if path.name == SERVICE_FILE and first.endswith(service_schema):
            fallback = (
                first.removeprefix(_SCHEMA_COMMENT).removesuffix(service_schema) + SCHEMA.name
            )
    return fallback


def known_errors(folder: Path) -> dict[str, tuple[int, str]]:
    """Error codes the service's other spec files already define, with status and message."""
    known: dict[str, tuple[int, str]] = {}
    for path in sorted(folder.glob("*.yaml")):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError):
            continue
        for entry in (data or {}).get("errors", []) if isinstance(data, dict) else []:
            if isinstance(entry, dict) and "code" in entry:
                known.setdefault(
                    str(entry["code"]),
                    (int(entry.get("http_status", 0)), str(entry.get("message", ""))),
                )
    return known


def draft_text(page_path: Path, folder: Path) -> tuple[str, str]:
    """The operation's name and its draft spec's text, for a spec file in folder."""
    page = parse_page_file(page_path)
    name = page.operation or re.sub(r"\W", "", page_path.stem)
    source = Path(os.path.relpath(page_path.resolve(), folder.resolve())).as_posix()
    schema = sibling_schema(folder) or Path(os.path.relpath(SCHEMA, folder.resolve())).as_posix()
    return name, render(page, name, source, schema, known_errors(folder))


def write_draft(page_path: Path, into: Path | None = None, force: bool = False) -> Path:
    if not page_path.is_file():
        raise DraftError(f"{page_path}: no such page")
    folder = into if into is not None else service_folder(page_path)
    name, text = draft_text(page_path, folder)
    target = folder / f"{name}.yaml"
    if target.exists() and not force:
        raise DraftError(f"{target} exists; pass --force to overwrite it")
    write_text_atomic(target, text)
    return target
