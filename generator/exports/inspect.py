"""The normalised model as JSON: the stable form that `gen inspect --json` prints."""

from __future__ import annotations

import json
from typing import Any

from generator.exports.python_types import annotation
from generator.model import Parameter, Section, Service, as_spec, is_record

SCHEMA_VERSION = 1


def _plain(value: Any) -> Any:
    if isinstance(value, Section):  # a spec section: the keys the spec gives
        return as_spec(value)
    if is_record(value):
        out = {name: _plain(item) for name, item in zip(value._fields, value, strict=True)}
        if isinstance(value, Parameter):
            out = _with_annotation(out, annotation(value))
        return out
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def _with_annotation(param: dict[str, Any], printed: str) -> dict[str, Any]:
    """A parameter's fields with the keyword argument's Python type, as the generated package
    prints it, after json_type (where schema version 1 has it)."""
    out: dict[str, Any] = {}
    for key, value in param.items():
        out[key] = value
        if key == "json_type":
            out["annotation"] = printed
    return out


def model_dict(services: list[Service]) -> dict[str, Any]:
    return {"schema_version": SCHEMA_VERSION, "services": [_plain(s) for s in services]}


def model_json(services: list[Service]) -> str:
    return json.dumps(model_dict(services), indent=2, ensure_ascii=False) + "\n"


def model_text(services: list[Service]) -> str:
    """A compact outline for people: one line per operation, parameter, rule and error."""
    lines: list[str] = []
    for s in services:
        lines.append(f"service {s.name} {s.api_version} -> package {s.package} ({s.client_class})")
        for op in s.operations:
            flag = "idempotent" if op.idempotent else "not idempotent"
            lines.append(f"  {op.name} {op.method} {op.path} -> {op.python_name}() [{flag}]")
            for p in op.parameters:
                extras = [p.location, "required" if p.required else "optional"]
                extras += [k for k in ("sensitive", "empty_clears") if getattr(p, k)]
                if p.json_type:
                    extras.append(f"json={p.json_type}")
                lines.append(
                    f"    {p.wire_name} ({p.python_name}): {p.doc_type} {' '.join(extras)}"
                )
            for r in op.rules:
                lines.append(
                    f"    rule {r.id}: {r.kind} {', '.join(r.params)}"
                    + (f" -> {r.error}" if r.error else "")
                )
            lines.append(f"    errors: {len(op.errors)} documented")
        lines.append(
            f"  error catalogue: {len(s.errors)} codes; types: {', '.join(t.name for t in s.types)}"
        )
    return "\n".join(lines) + "\n"
