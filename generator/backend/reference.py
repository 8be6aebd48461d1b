"""The rows of the generated package's README: each operation's parameters, rules, errors."""

from __future__ import annotations

import re
from functools import partial

from generator.backend.cache import memoized
from generator.model import Constraints, Operation, Parameter, ResponseField, Rule, Service
from generator.records import Record

_BREAKS = re.compile("[\r\n\v\f\x85\u2028\u2029]+")  # none of them is printable
_BLOCK_START = re.compile(r"[#>+=-]|[0-9]+[.)]")
# HTML-like text as entities; emphasis, link, code and table characters escaped.
_MARKDOWN = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", **{c: "\\" + c for c in "\\`*_[]|~"}}
)


def md(text: object) -> str:
    """Prose shown as written in Markdown, on one line (a table cell, a heading, a list item):
    emphasis, link, code and table characters escaped, HTML-like text as entities."""
    one_line = str(text)
    if not one_line.isprintable():
        one_line = _BREAKS.sub(" ", one_line)
    escaped = one_line.strip().translate(_MARKDOWN)
    return "\\" + escaped if _BLOCK_START.match(escaped) else escaped


def code(text: object) -> str:
    """Text as an inline code span, shown verbatim: Markdown reads no escapes inside one, so
    the fence is made longer than any run of backticks in it. In a table only the pipe needs
    its backslash (GitHub removes it before reading the cell)."""
    inner = _BREAKS.sub(" ", str(text)).replace("|", "\\|")
    fence = "`" * (max((len(run) for run in re.findall("`+", inner)), default=0) + 1)
    if inner.startswith(("`", " ")) or inner.endswith(("`", " ")):
        inner = f" {inner} "
    return f"{fence}{inner}{fence}"


class ParamRow(Record):
    """One row of an operation's parameter table in the generated README."""

    wire: str
    python: str
    type: str
    required: str
    location: str
    rules: str
    description: str


class ResponseRow(Record):
    """One row of an operation's response table in the generated README."""

    path: str  # dotted, [] for the items of an array
    type: str
    required: str
    description: str


class OperationRef(Record):
    """One operation's section of the generated README."""

    name: str
    python_name: str
    summary: str
    method: str
    path: str
    idempotent: str
    params: tuple[ParamRow, ...]
    rules: tuple[str, ...]
    errors: tuple[tuple[str, str, str], ...]
    response: tuple[ResponseRow, ...] = ()
    deprecated: str = ""  # the model's sentence, or empty


class Reference(Record):
    """The generated README's reference part: every operation's tables."""

    title: str
    api_version: str
    client_class: str
    package: str
    operations: tuple[OperationRef, ...]


def _constraint_text(p: Parameter, c: Constraints) -> str:
    parts = []
    if p.deprecated:
        parts.append(p.deprecated.sentence.rstrip("."))
    if c.enum:
        parts.append(
            "one of "
            + ", ".join(code(e.value) + (" (deprecated)" if e.deprecated else "") for e in c.enum)
        )
    if c.min_length is not None:
        parts.append(f"≥ {c.min_length} chars")
    if c.max_length is not None:
        parts.append(f"≤ {c.max_length} chars")
    if c.pattern:
        parts.append(f"matches {code(c.pattern)}")
    if c.minimum is not None:
        parts.append(f"≥ {c.minimum:g}")
    if c.maximum is not None:
        parts.append(f"≤ {c.maximum:g}")
    if c.default is not None:
        parts.append(f"default {code(c.default)}")
    if p.json_type:
        parts.append(f"JSON {code(p.json_type)}")
    if p.empty_clears:
        parts.append(f"{code('CLEAR')} clears")
    if p.sensitive:
        parts.append("secret")
    return "; ".join(parts)


def _row(p: Parameter) -> ParamRow:
    return ParamRow(
        wire=md(p.wire_name),
        python=md(p.python_name),
        type=p.doc_type,
        required="yes" if p.required else "",
        location=p.location,
        rules=_constraint_text(p, p.constraints),
        description=md(p.description),
    )


def response_type(f: ResponseField) -> str:
    """The element's type as the README shows it: array<object>, open object, ..."""
    if f.type == "array" and f.items is not None:
        return f"array<{response_type(f.items)}>"
    return "object (open)" if f.open else f.type


def _response_rows(fields: tuple[ResponseField, ...], prefix: str = "") -> list[ResponseRow]:
    rows = []
    for f in fields:
        path = f"{prefix}{f.name}"
        rows.append(
            ResponseRow(md(path), response_type(f), "yes" if f.required else "", md(f.description))
        )
        rows += _response_rows(f.fields, f"{path}.")
        item, depth = f.items, "[]"
        while item is not None:  # arrays of arrays: the innermost items carry the fields
            rows += _response_rows(item.fields, f"{path}{depth}.")
            item, depth = item.items, depth + "[]"
    return rows


def _rule(rule: Rule) -> str:
    return md(f"{rule.id}: {rule.summary}")


def _operation(op: Operation, service: Service) -> OperationRef:
    return OperationRef(
        name=op.name,
        python_name=op.python_name,
        summary=md(op.summary),
        method=op.method,
        path=code(f"{op.method} {op.path}"),
        idempotent="yes" if op.idempotent else "no",
        params=tuple(_row(p) for p in op.parameters),
        rules=tuple(_rule(r) for r in op.rules),
        errors=tuple(
            (str(service.error(c).http_status), code(c), md(service.error(c).message))
            for c in op.errors
        ),
        response=tuple(_response_rows(op.response)),
        deprecated=md(op.deprecated.sentence) if op.deprecated else "",
    )


def reference(service: Service) -> Reference:
    return Reference(
        title=md(service.title),
        api_version=md(service.api_version),
        client_class=service.client_class,
        package=service.package,
        operations=tuple(_operation_cached(op, service) for op in service.operations),
    )


def _operation_cached(op: Operation, service: Service) -> OperationRef:
    """An operation's rows, from the cache when the operation and the errors it names are
    the ones they were made from (an edited description changes one operation)."""
    errors = [service.error(code) for code in op.errors]
    return memoized("operation-rows", (op, errors), partial(_operation, op, service))
