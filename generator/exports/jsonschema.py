"""JSON Schema derived from the model: the structures carried in JSON-string parameters,
the response bodies, and (for export) each operation's request payload."""

from __future__ import annotations

from typing import Any

from generator.model import (
    Constraints,
    Operation,
    Parameter,
    ResponseField,
    Rule,
    Service,
    StructField,
    StructType,
)
from generator.runtime import _validation

_SCALAR = {
    "string": "string",
    "integer": "integer",
    "long": "integer",
    "number": "number",
    "boolean": "boolean",
}


def _prose(text: str) -> str:
    """A description as generated code carries it (models' docstrings): no line ends in spaces."""
    return "\n".join(line.rstrip() for line in text.strip().splitlines())


def _constraints(c: Constraints) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if c.enum:
        out["enum"] = list(c.enum_values)
    for key, name in (
        ("min_length", "minLength"),
        ("max_length", "maxLength"),
        ("minimum", "minimum"),
        ("maximum", "maximum"),
    ):
        if getattr(c, key) is not None:
            out[name] = getattr(c, key)
    if c.pattern is not None:
        out["pattern"] = _pattern(c.pattern)
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
        out["description"] = _prose(f.description)
    return out


def _escape(text: str) -> str:
    import re

    return re.escape(text)


def _pattern(pattern: str) -> str:
    """The pattern as the validator reads it: ``$`` only at the very end (the same in ECMA 262)."""
    return str(_validation.strict_pattern(pattern))


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
            out.setdefault("dependentRequired", {}).update(
                {k: [o for o in group.fields if o != k] for k in group.fields}
            )
    elif t.kind == "array":
        assert t.items is not None
        out["type"] = "array"
        out["items"] = _field(t.items, ref_base)
        if t.at_most is not None:
            key, value, limit = t.at_most
            out["contains"] = {
                "type": "object",
                "required": [key],
                "properties": {key: {"const": value}},
            }
            out["minContains"], out["maxContains"] = 0, limit
    else:
        out["anyOf"] = [{"$ref": f"{ref_base}{name}"} for name in t.one_of]
    if t.description:
        out["description"] = _prose(t.description)
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
    if top and f.name == service.response.code_field:
        out = {"type": "integer"}
    elif top and f.name == service.response.error_code_field:
        out = {"type": ["string", "null"]}
    if f.description:
        out["description"] = _prose(f.description)
    return out


def _response_object(
    fields: tuple[ResponseField, ...],
    service: Service,
    name: str,
    defs: dict[str, Any],
    description: str,
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
        out["description"] = _prose(description)
    return out


def models_schema(service: Service, *, closed: bool = False) -> dict[str, Any]:
    """The input of datamodel-code-generator: every structure and every response body."""
    defs: dict[str, Any] = {
        t.name: struct_schema(t, "#/$defs/", closed=closed) for t in service.types
    }
    for op in service.operations:
        defs[op.response_class] = _response_object(
            op.response, service, op.response_class, defs, op.response_description, top=True
        )
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Models",
        "$defs": defs,
    }


def parameter_schema(p: Parameter, ref_base: str) -> dict[str, Any]:
    out: dict[str, Any] = {"type": _SCALAR[p.doc_type]}
    out.update(_constraints(p.constraints))
    if p.required and p.kind == "string" and not p.constraints.min_length:
        out["minLength"] = 1  # an empty required value is refused like a missing one
    if p.json_type:
        out = {
            "type": "string",
            "contentMediaType": "application/json",
            "contentSchema": {"$ref": f"{ref_base}{p.json_type}"},
        }
    if p.description:
        out["description"] = _prose(p.description)
    if p.sensitive:
        out["writeOnly"] = True
    return out


NOT_EXPRESSED = (
    "integer parameters and fields refuse integral floats such as 1.0, which JSON Schema counts as integers",
    "format cron (no JSON Schema format); format ipv4 is asserted only by validators that assert formats",
    "same_value: all items of an array share one value of a field",
    "contentSchema is an annotation in 2020-12: JSON-string parameters are looked into only by validators "
    "that assert content (the structured alternative is checked everywhere)",
    "CLEAR and Python-only values (tuples, mappings that are not dicts, str subclasses) have no JSON form",
    "the first of several violations a rule reports, and the service's error codes and messages",
)
"""What the generated validator checks that the request schema does not say (see request_schema)."""


def _json_string(p: Parameter, ref_base: str, kind: str) -> dict[str, Any]:
    """A JSON-string parameter: the structure itself, or text whose JSON is that structure.
    An empty text is no JSON and is not looked into; "{}" clears a clearable object."""
    structure: dict[str, Any] = {"$ref": f"{ref_base}{p.json_type}"}
    content = (
        {"anyOf": [{"const": {}}, structure]} if p.empty_clears and kind == "object" else structure
    )
    text: dict[str, Any] = {"type": "string", **_constraints(p.constraints)}
    if p.required and not p.constraints.min_length:
        text["minLength"] = 1
    text["if"] = {"minLength": 1}
    text["then"] = {"contentMediaType": "application/json", "contentSchema": content}
    return {"anyOf": [structure, text]}


def _filled(name: str) -> dict[str, Any]:
    return {"required": [name], "properties": {name: {"not": {"const": ""}}}}


def _rule_schema(rule: Rule) -> dict[str, Any] | None:
    """A cross-parameter rule as if/then, as the validator applies it; None if not checked."""
    if rule.kind in ("requires", "forbids"):
        if rule.kind == "requires":
            then: dict[str, Any] = {"allOf": [_filled(name) for name in rule.params]}
        else:
            then = {"properties": {name: {"const": ""} for name in rule.params}}
        if rule.when is None:
            return then
        condition = {
            "required": [rule.when.param],
            "properties": {rule.when.param: {"enum": list(rule.when.values)}},
        }
        return {"if": condition, "then": then}
    if rule.kind == "combinations":
        allowed = [
            {"properties": {n: {"const": v} for n, v in zip(rule.params, combo, strict=True)}}
            for combo in rule.allowed
        ]
        return {"if": {"required": list(rule.params)}, "then": {"anyOf": allowed}}
    if rule.kind == "forbid_pattern" and rule.pattern is not None:
        return {
            "properties": {
                n: {"not": {"type": "string", "pattern": _pattern(rule.pattern)}}
                for n in rule.params
            }
        }
    return None  # unchecked, ignores: documented only


def request_schema(service: Service, op: Operation, ref_base: str = "#/$defs/") -> dict[str, Any]:
    """The request payload by wire name, as JSON Schema: each parameter's rules, JSON-string
    parameters as their structure or as text carrying it (contentSchema), and the
    cross-parameter rules as if/then. NOT_EXPRESSED lists what it cannot say."""
    props: dict[str, Any] = {}
    kinds = {t.name: t.kind for t in service.types}
    for p in op.parameters:
        props[p.wire_name] = (
            _json_string(p, ref_base, kinds.get(p.json_type, ""))
            if p.json_type
            else parameter_schema(p, ref_base)
        )
    out: dict[str, Any] = {
        "type": "object",
        "properties": props,
        "required": [p.wire_name for p in op.parameters if p.required],
        "additionalProperties": False,
    }
    rules = [schema for rule in op.rules if (schema := _rule_schema(rule)) is not None]
    if rules:
        out["allOf"] = rules
    return out
