"""JSON Schema derived from the model: the structures carried in JSON-string parameters,
the response bodies, and (for export) each operation's request payload."""

from __future__ import annotations

from typing import Any

from .model import Constraints, Operation, Parameter, ResponseField, Service, StructField, StructType

_SCALAR = {"string": "string", "integer": "integer", "long": "integer", "number": "number", "boolean": "boolean"}


def _constraints(c: Constraints) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if c.enum:
        out["enum"] = list(c.enum_values)
    for key, name in (("min_length", "minLength"), ("max_length", "maxLength"), ("minimum", "minimum"), ("maximum", "maximum")):
        if getattr(c, key) is not None:
            out[name] = getattr(c, key)
    if c.pattern is not None:
        out["pattern"] = c.pattern
    if c.default is not None:
        out["default"] = c.default
    return out


def _field(f: StructField, ref_base: str) -> dict[str, Any]:
    if f.ref:
        out: dict[str, Any] = {"$ref": f"{ref_base}{f.ref}"}
    else:
        types = [_SCALAR[t] for t in f.types]
        out = {"type": types[0] if len(types) == 1 else types}
        out.update(_constraints(f.constraints))
        if f.not_prefix:
            out["not"] = {"pattern": "^" + _escape(f.not_prefix)}
        if f.format == "ipv4":
            out["format"] = "ipv4"
    if f.description:
        out["description"] = f.description
    return out


def _escape(text: str) -> str:
    import re

    return re.escape(text)


def struct_schema(t: StructType, ref_base: str, *, closed: bool) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if t.kind == "object":
        out["type"] = "object"
        out["properties"] = {f.key: _field(f, ref_base) for f in t.fields}
        required = [f.key for f in t.fields if f.required]
        if required:
            out["required"] = required
        if closed:
            out["additionalProperties"] = False
        for group in t.together:
            out.setdefault("dependentRequired", {}).update({k: [o for o in group.fields if o != k] for k in group.fields})
    elif t.kind == "array":
        assert t.items is not None
        out["type"] = "array"
        out["items"] = _field(t.items, ref_base)
    else:
        out["anyOf"] = [{"$ref": f"{ref_base}{name}"} for name in t.one_of]
    if t.description:
        out["description"] = t.description
    return out


def _response_field(
    f: ResponseField, service: Service, owner: str, defs: dict[str, Any], top: bool = False
) -> dict[str, Any]:
    """A response element; named objects become their own TypedDict (owner + name, items
    of an array owner + name + "Item"), objects without documented fields open mappings."""
    name = f"{owner}Item" if f.name == "[]" else f"{owner}{f.name}"
    if f.type == "object" and f.fields:
        defs[name] = _response_object(f.fields, service, name, defs, f.description)
        return {"$ref": f"#/$defs/{name}"}
    out: dict[str, Any]
    if f.type == "object":
        out = {"type": "object"}
    elif f.type == "array":
        assert f.items is not None, "lint requires items on arrays"
        out = {"type": "array", "items": _response_field(f.items, service, name, defs)}
    else:
        out = {"type": _SCALAR[f.type]}
    # The client normalises these two fields (spec: response.code_field / error_code_field).
    if top and f.name == service.response["code_field"]:
        out = {"type": "integer"}
    elif top and f.name == service.response["error_code_field"]:
        out = {"type": ["string", "null"]}
    if f.description:
        out["description"] = f.description
    return out


def _response_object(
    fields: tuple[ResponseField, ...], service: Service, name: str, defs: dict[str, Any], description: str,
    top: bool = False,
) -> dict[str, Any]:
    out: dict[str, Any] = {
        "type": "object",
        "properties": {f.name: _response_field(f, service, name, defs, top) for f in fields},
    }
    required = [f.name for f in fields if f.required]
    if required:
        out["required"] = required
    if description:
        out["description"] = description
    return out


def models_schema(service: Service, *, closed: bool = False) -> dict[str, Any]:
    """The input of datamodel-code-generator: every structure and every response body."""
    defs: dict[str, Any] = {t.name: struct_schema(t, "#/$defs/", closed=closed) for t in service.types}
    for op in service.operations:
        defs[op.response_class] = _response_object(
            op.response, service, op.response_class, defs, op.response_description, top=True
        )
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": "Models", "$defs": defs}


def parameter_schema(p: Parameter, ref_base: str) -> dict[str, Any]:
    out: dict[str, Any] = {"type": _SCALAR[p.doc_type]}
    out.update(_constraints(p.constraints))
    if p.json_type:
        out = {"type": "string", "contentMediaType": "application/json", "contentSchema": {"$ref": f"{ref_base}{p.json_type}"}}
    if p.description:
        out["description"] = p.description
    if p.sensitive:
        out["writeOnly"] = True
    return out


def request_schema(service: Service, op: Operation, ref_base: str = "#/$defs/") -> dict[str, Any]:
    """The request payload by wire name, as JSON Schema (structures given as parsed JSON)."""
    props: dict[str, Any] = {}
    for p in op.parameters:
        schema = parameter_schema(p, ref_base)
        if p.json_type:
            schema = {"anyOf": [{"$ref": f"{ref_base}{p.json_type}"}, {"type": "string"}]}
        props[p.wire_name] = schema
    return {
        "type": "object",
        "properties": props,
        "required": [p.wire_name for p in op.parameters if p.required],
        "additionalProperties": False,
    }
