"""Exports of the model for other tools: an OpenAPI 3.1 document and a JSON Schema of the
request payloads.

Both are derived from the same model the client is generated from, through the JSON Schema
builders in generator.exports.jsonschema, so an export can never describe a different API than the client.
Order follows the specs where it carries meaning (parameters, enum values) and is sorted
everywhere else, so that the same specs always give the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from http import HTTPStatus
from pathlib import Path
from typing import Any

from generator.exports.jsonschema import (
    NOT_EXPRESSED,
    models_schema,
    parameter_schema,
    request_schema,
    struct_schema,
)
from generator.frontend.meaning import _example_value
from generator.model import ErrorDef, Operation, Parameter, Rule, Service

OPENAPI_VERSION = "3.1.0"
JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
COMPONENTS = "#/components/schemas/"
DEFS = "#/$defs/"
ERROR_SCHEMA = "ErrorResponse"
FORM = "application/x-www-form-urlencoded"
# OpenAPI requires a default for every server variable and the specs name no region; this is
# the region their own examples use.
DEFAULT_REGION = "cn-hangzhou"


class ExportError(ValueError):
    """The model cannot be expressed in the requested format (e.g. two operations share a path)."""


# ---------------------------------------------------------------------------------------------
# OpenAPI


def openapi_document(service: Service) -> dict[str, Any]:
    """The service as an OpenAPI 3.1 document."""
    scheme_name = service.signing.algorithm
    return {
        "openapi": OPENAPI_VERSION,
        "info": _info(service),
        "jsonSchemaDialect": JSON_SCHEMA_DIALECT,
        "servers": _servers(service),
        "security": [{scheme_name: []}],
        "paths": _paths(service),
        "components": {
            "schemas": _component_schemas(service),
            "securitySchemes": {scheme_name: _security_scheme(service)},
        },
    }


def _info(service: Service) -> dict[str, Any]:
    return {
        "title": service.title,
        "version": service.api_version,
        "description": f"{service.title} API {service.api_version}, exported by gen from its YAML specs.",
        "x-acs-product": service.name,
        "x-acs-style": service.style,
    }


def _servers(service: Service) -> list[dict[str, Any]]:
    endpoint = service.endpoint
    networks = endpoint.networks
    # The default network first: tools that take servers[0] then pick the right one.
    order = [endpoint.default_network, *sorted(set(networks) - {endpoint.default_network})]
    return [
        {
            "url": f"{endpoint.scheme}://{networks[name]}",
            "description": f"The {name} endpoint of a region.",
            "variables": {
                "region": {
                    "default": DEFAULT_REGION,
                    "description": "The region ID, e.g. cn-hangzhou.",
                }
            },
        }
        for name in order
    ]


def _security_scheme(service: Service) -> dict[str, Any]:
    signing = service.signing
    signed = ", ".join(signing.signed_headers)
    return {
        "type": "apiKey",
        "in": "header",
        "name": "Authorization",
        "description": (
            f"{signing.algorithm} request signature, computed per request from the AccessKey pair: "
            f"Authorization: {signing.algorithm} Credential=<AccessKeyId>,SignedHeaders=<names>,Signature=<hex>. "
            f"Signed headers: {signed}, plus content-type when there is a body and "
            f"{signing.security_token_header} with STS credentials. "
            f"{signing.content_hash_header} carries the hex SHA-256 of the body; "
            f"{signing.action_header} and {signing.version_header} carry the operation's "
            "x-acs-action and x-acs-version."
        ),
    }


def _paths(service: Service) -> dict[str, Any]:
    paths: dict[str, dict[str, Any]] = {}
    for op in service.operations:
        methods = paths.setdefault(op.path, {})
        method = op.method.lower()
        if method in methods:
            raise ExportError(
                f"{op.name} and {methods[method]['operationId']} are both {op.method} {op.path}"
            )
        methods[method] = _operation(service, op)
    return dict(sorted(paths.items()))


def _operation(service: Service, op: Operation) -> dict[str, Any]:
    out: dict[str, Any] = {
        "operationId": op.name,
        "summary": op.summary,
        "x-acs-action": op.name,
        "x-acs-version": service.api_version,
        "x-acs-idempotent": op.idempotent,
    }
    query = [_query_parameter(p) for p in op.parameters if p.location == "query"]
    if query:
        out["parameters"] = query
    if op.body_parameters:
        out["requestBody"] = _request_body(op.body_parameters)
    out["responses"] = _responses(service, op)
    if op.rules:
        out["x-acs-rules"] = [_rule(r) for r in op.rules]
    return out


def _parameter_schema(p: Parameter) -> dict[str, Any]:
    schema = parameter_schema(p, COMPONENTS)
    if p.doc_type == "long" and not p.json_type:
        schema["format"] = "int64"
    example = _example(p)
    if example is not None:
        schema["examples"] = [example]
    return schema


def _example(p: Parameter) -> Any:
    # An example the spec marks as broken (example_invalid) would mislead: leave it out.
    if p.example is None or p.example_invalid is not None:
        return None
    return _example_value(p.example, p.kind)


def _query_parameter(p: Parameter) -> dict[str, Any]:
    schema = _parameter_schema(p)
    out: dict[str, Any] = {"name": p.wire_name, "in": "query", "required": p.required}
    if "description" in schema:  # said once, on the parameter, where tools look for it
        out["description"] = schema.pop("description")
    if "examples" in schema:
        out["example"] = schema.pop("examples")[0]
    out["schema"] = schema
    if p.empty_clears:
        out["x-acs-empty-clears"] = True  # "" is a value here: it clears the setting
    return out


def _request_body(params: tuple[Parameter, ...]) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "object", "properties": {}}
    for p in params:
        field = _parameter_schema(p)
        if p.empty_clears:
            field["x-acs-empty-clears"] = True
        schema["properties"][p.wire_name] = field
    required = [p.wire_name for p in params if p.required]
    if required:
        schema["required"] = required
    return {"required": bool(required), "content": {FORM: {"schema": schema}}}


def _responses(service: Service, op: Operation) -> dict[str, Any]:
    responses: dict[str, Any] = {
        "200": {
            "description": op.response_description or "Success.",
            "content": {
                "application/json": {"schema": {"$ref": f"{COMPONENTS}{op.response_class}"}}
            },
        }
    }
    for status, errors in _errors_by_status(service, op.errors):
        responses[str(status)] = _error_response(status, errors)
    return responses


def _errors_by_status(service: Service, codes: Iterable[str]) -> list[tuple[int, list[ErrorDef]]]:
    groups: dict[int, list[ErrorDef]] = {}
    for code in codes:
        error = service.error(code)
        groups.setdefault(error.http_status, []).append(error)
    return [(status, sorted(groups[status], key=lambda e: e.code)) for status in sorted(groups)]


def _error_response(status: int, errors: list[ErrorDef]) -> dict[str, Any]:
    return {
        "description": f"{_phrase(status)}. Error codes: {', '.join(e.code for e in errors)}.",
        "content": {"application/json": {"schema": {"$ref": f"{COMPONENTS}{ERROR_SCHEMA}"}}},
        "x-error-codes": [_error_entry(e) for e in errors],
    }


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:  # a status the service uses that the standard does not name
        return f"HTTP {status}"


def _error_entry(error: ErrorDef) -> dict[str, Any]:
    out: dict[str, Any] = {"code": error.code, "message": error.message}
    if error.retryable:
        out["retryable"] = True
    return out


def _rule(rule: Rule) -> dict[str, Any]:
    """A cross-parameter rule, which JSON Schema cannot say per parameter; `checked` tells the
    ones the generated client enforces from those the service alone decides."""
    out: dict[str, Any] = {
        "id": rule.id,
        "kind": rule.kind,
        "params": list(rule.params),
        "checked": rule.checked,
    }
    if rule.when is not None:
        out["when"] = {"param": rule.when.param, "in": list(rule.when.values)}
    if rule.allowed:
        out["allowed"] = [list(combination) for combination in rule.allowed]
    if rule.pattern is not None:
        out["pattern"] = rule.pattern
    if rule.error is not None:
        out["error"] = rule.error
    if rule.reason is not None:
        out["reason"] = rule.reason
    return out


def _component_schemas(service: Service) -> dict[str, Any]:
    # closed: the client's validator, like the service, rejects keys a structure does not define.
    defs: dict[str, Any] = _rebase(models_schema(service, closed=True)["$defs"], DEFS, COMPONENTS)
    if ERROR_SCHEMA in defs:
        raise ExportError(
            f"a type is named {ERROR_SCHEMA}, which the export needs for error bodies"
        )
    defs[ERROR_SCHEMA] = _error_schema(service)
    return dict(sorted(defs.items()))


def _error_schema(service: Service) -> dict[str, Any]:
    fields = service.response
    return {
        "type": "object",
        "description": "The body of a failed call: the service's own, or the API gateway's (Code holds the error code).",
        "properties": {
            fields.request_id_field: {"type": "string"},
            fields.success_field: {"type": "boolean"},
            fields.code_field: {"type": ["string", "integer"]},
            fields.error_code_field: {"type": ["string", "null"]},
            fields.message_field: {"type": "string"},
        },
    }


def _rebase(value: Any, old: str, new: str) -> Any:
    """A copy of a schema with every $ref under old moved under new."""
    if isinstance(value, dict):
        return {
            k: (
                new + v[len(old) :]
                if k == "$ref" and isinstance(v, str) and v.startswith(old)
                else _rebase(v, old, new)
            )
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_rebase(v, old, new) for v in value]
    return value


# ---------------------------------------------------------------------------------------------
# JSON Schema of the request payloads


def request_defs_name(op: Operation) -> str:
    return f"{op.name}Request"


def requests_jsonschema(service: Service) -> dict[str, Any]:
    """One document: each operation's payload by wire name under $defs/<Operation>Request, the
    structures beside them, and a root that accepts {"<Operation>": payload} for exactly one
    operation (so a single validator checks any request and errors name the operation)."""
    defs = {t.name: struct_schema(t, DEFS, closed=True) for t in service.types}
    ops = {}
    for op in service.operations:
        name = request_defs_name(op)
        if name in defs:
            raise ExportError(f"type {name} collides with the request schema of {op.name}")
        defs[name] = request_schema(service, op, DEFS)
        ops[op.name] = {"$ref": f"{DEFS}{name}"}
    return {
        "$schema": JSON_SCHEMA_DIALECT,
        "title": f"{service.title} {service.api_version} requests",
        "description": "Request payloads by wire name; JSON-string parameters may be given as structured values.",
        "$comment": "Checked by the generated validator, not expressed here: "
        + "; ".join(NOT_EXPRESSED)
        + ".",
        "type": "object",
        "properties": dict(sorted(ops.items())),
        "additionalProperties": False,
        "minProperties": 1,
        "maxProperties": 1,
        "$defs": dict(sorted(defs.items())),
    }


def operation_jsonschema(document: dict[str, Any], operation: str) -> dict[str, Any]:
    """The schema of one operation's payload alone, out of a requests_jsonschema document."""
    ref = document["properties"][operation]["$ref"]
    return {"$schema": document["$schema"], "$ref": ref, "$defs": document["$defs"]}


# ---------------------------------------------------------------------------------------------
# Choosing a service and writing the result


def pick_service(services: list[Service], name: str | None) -> Service:
    if name is not None:
        for service in services:
            if name in (service.name, service.package):
                return service
        raise ExportError(
            f"no service named {name!r}; there are: {', '.join(s.name for s in services)}"
        )
    if len(services) != 1:
        raise ExportError(f"the specs hold {len(services)} services; choose one with --service")
    return services[0]


def render(document: dict[str, Any], path: Path | None) -> str:
    """JSON, or YAML for a .yaml/.yml path; the bytes depend on the document alone."""
    if path is not None and path.suffix.lower() in (".yaml", ".yml"):
        return _yaml(document)
    if path is not None and path.suffix.lower() != ".json":
        raise ExportError(f"{path}: the file name must end in .json, .yaml or .yml")
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _yaml(document: dict[str, Any]) -> str:
    import yaml

    class _Dumper(yaml.SafeDumper):
        def ignore_aliases(self, data: Any) -> bool:
            return True  # shared sub-objects must not turn into &anchors: plain, diffable YAML

    text = yaml.dump(document, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
    assert isinstance(text, str)
    return text
