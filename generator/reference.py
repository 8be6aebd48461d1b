"""The rows of the generated package's README: each operation's parameters, rules, errors."""

from __future__ import annotations

from dataclasses import dataclass

from .model import Constraints, Operation, Parameter, Rule, Service


def md(text: object) -> str:
    """Safe inside a Markdown table cell."""
    return str(text).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ").replace("*", "\\*").replace("_", "\\_").strip()


@dataclass(frozen=True)
class ParamRow:
    wire: str
    python: str
    type: str
    required: str
    location: str
    rules: str
    description: str


@dataclass(frozen=True)
class OperationRef:
    name: str
    python_name: str
    summary: str
    method: str
    path: str
    idempotent: str
    params: tuple[ParamRow, ...]
    rules: tuple[str, ...]
    errors: tuple[tuple[str, str, str], ...]
    deprecated: str = ""  # the model's sentence, or empty


@dataclass(frozen=True)
class Reference:
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
        parts.append("one of " + ", ".join(f"`{e.value}`" + (" (deprecated)" if e.deprecated else "") for e in c.enum))
    if c.min_length is not None:
        parts.append(f"≥ {c.min_length} chars")
    if c.max_length is not None:
        parts.append(f"≤ {c.max_length} chars")
    if c.pattern:
        parts.append(f"matches `{c.pattern}`")
    if c.minimum is not None:
        parts.append(f"≥ {c.minimum:g}")
    if c.maximum is not None:
        parts.append(f"≤ {c.maximum:g}")
    if c.default is not None:
        parts.append(f"default `{c.default}`")
    if p.json_type:
        parts.append(f"JSON `{p.json_type}`")
    if p.empty_clears:
        parts.append("`CLEAR` clears")
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
        rules=md(_constraint_text(p, p.constraints)).replace("\\_", "_"),
        description=md(p.description),
    )


def _rule(rule: Rule) -> str:
    return md(f"{rule.id}: {rule.summary}").replace("\\_", "_")


def _operation(op: Operation, service: Service) -> OperationRef:
    return OperationRef(
        name=op.name,
        python_name=op.python_name,
        summary=md(op.summary),
        method=op.method,
        path=op.path,
        idempotent="yes" if op.idempotent else "no",
        params=tuple(_row(p) for p in op.parameters),
        rules=tuple(_rule(r) for r in op.rules),
        errors=tuple((str(service.error(c).http_status), c, md(service.error(c).message)) for c in op.errors),
        deprecated=md(op.deprecated.sentence) if op.deprecated else "",
    )


def reference(service: Service) -> Reference:
    return Reference(
        title=service.title,
        api_version=service.api_version,
        client_class=service.client_class,
        package=service.package,
        operations=tuple(_operation(op, service) for op in service.operations),
    )
