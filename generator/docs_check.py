"""Compare each operation's spec with the text of its documentation page, and list the drift.

This is what a user runs after saving a changed doc page. Types, required flags, HTTP
statuses and messages are transcribed verbatim, so any difference there is drift. Only an
entry the page lacks (explained by its notes) and an example the spec flags with
example_invalid count as explained.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .docs_page import DocPage, DocParam, parse_page_file, structured_examples
from .model import Operation, Parameter, ResponseField, Service


@dataclass(frozen=True)
class Drift:
    operation: str
    kind: str  # parameter, response, error
    name: str
    message: str
    explained: bool

    def __str__(self) -> str:
        mark = "explained" if self.explained else "DRIFT"
        return f"{self.operation}: {mark}: {self.kind} {self.name}: {self.message}"


def _flat_response(fields: tuple[ResponseField, ...], prefix: str = "") -> dict[str, ResponseField]:
    out: dict[str, ResponseField] = {}
    for f in fields:
        out[prefix + f.name] = f
        out.update(_flat_response(f.fields, f"{prefix}{f.name}."))
    return out


def _compare_parameters(op: Operation, page: DocPage) -> list[Drift]:
    ours = {p.wire_name: p for p in op.parameters}
    theirs = {p.name: p for p in page.parameters}
    out = []
    for name in theirs.keys() - ours.keys():
        out.append(Drift(op.name, "parameter", name, "on the page, not in the spec", False))
    for name in ours.keys() - theirs.keys():
        out.append(Drift(op.name, "parameter", name, "in the spec, not on the page", bool(ours[name].notes)))
    for name in sorted(ours.keys() & theirs.keys()):
        out.extend(_compare_parameter(op.name, ours[name], theirs[name]))
    return out


def _compare_parameter(op: str, p: Parameter, doc: DocParam) -> list[Drift]:
    out = []
    if doc.type and doc.type != p.doc_type:
        out.append(Drift(op, "parameter", p.wire_name, f"type {p.doc_type} in the spec, {doc.type} on the page", False))
    if doc.required is not None and doc.required != p.required:
        out.append(Drift(op, "parameter", p.wire_name, f"required={p.required} in the spec, {doc.required} on the page", False))
    if _norm(doc.example) != _norm(p.example or ""):
        message = f"example {p.example!r} in the spec, {doc.example!r} on the page"
        out.append(Drift(op, "parameter", p.wire_name, message, p.example_invalid is not None))
    ours = {_bare(text) for text in (p.example or "", *p.examples, *(e for e, _ in p.refused_examples))}
    for example in structured_examples(doc.description):
        if _bare(example) not in ours:
            out.append(Drift(op, "parameter", p.wire_name, f"example {example!r} on the page, not in the spec (examples)", False))
    return out


def _bare(text: str) -> str:
    return "".join(text.split())


def _norm(text: str) -> str:
    return " ".join(text.split())


def _compare_response(op: Operation, page: DocPage) -> list[Drift]:
    ours = _flat_response(op.response)
    theirs = {(f"{p.parent}." if p.parent else "") + p.name: p for p in page.response}
    out = []
    for name in sorted(theirs.keys() - ours.keys()):
        out.append(Drift(op.name, "response", name, "on the page, not in the spec", False))
    for name in sorted(ours.keys() - theirs.keys()):
        out.append(Drift(op.name, "response", name, "in the spec, not on the page", bool(ours[name].notes)))
    for name in sorted(ours.keys() & theirs.keys()):
        doc_type, spec_type = theirs[name].type, ours[name].type
        if doc_type and doc_type != spec_type:
            message = f"type {spec_type} in the spec, {doc_type} on the page"
            out.append(Drift(op.name, "response", name, message, False))
    return out


def _compare_errors(op: Operation, service: Service, page: DocPage) -> list[Drift]:
    ours = [c for c in op.errors if c not in op.error_refs]
    theirs = {e.code: e for e in page.errors}
    out = []
    for code in sorted(theirs.keys() - set(ours)):
        out.append(Drift(op.name, "error", code, "on the page, not in the spec", False))
    for code in sorted(set(ours) - theirs.keys()):
        out.append(Drift(op.name, "error", code, "in the spec, not on the page", False))
    for code in sorted(set(ours) & theirs.keys()):
        spec, doc = service.error(code), theirs[code]
        if spec.http_status != doc.http_status:
            message = f"HTTP {spec.http_status} in the spec, {doc.http_status} on the page"
            out.append(Drift(op.name, "error", code, message, False))
        if _norm(spec.message) != _norm(doc.message):
            out.append(Drift(op.name, "error", code, f"message {spec.message!r} in the spec, {doc.message!r} on the page", False))
    return out


def check_docs(service: Service, docs: Path | None = None) -> tuple[list[Drift], list[str]]:
    """Drift per operation, and the operations whose page could not be read.

    An operation's `source:` is relative to its spec file's folder, or to docs when given."""
    drift: list[Drift] = []
    missing: list[str] = []
    for op in service.operations:
        base = docs if docs is not None else Path(op.spec_file).parent
        page_path = base / op.source
        if not page_path.is_file():
            missing.append(f"{op.name}: no documentation page at {page_path}")
            continue
        page = parse_page_file(page_path)
        drift += _compare_parameters(op, page) + _compare_response(op, page) + _compare_errors(op, service, page)
    return drift, missing
