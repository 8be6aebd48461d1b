"""Give the parsed YAML its meaning: build the model and report every semantic problem."""

from __future__ import annotations

from typing import Any

from generator.frontend import names
from generator.frontend.located import Located, Path
from generator.frontend.read import RawService
from generator.model import (
    Condition,
    Constraints,
    Credentials,
    Deprecation,
    Endpoint,
    EnumValue,
    ErrorDef,
    FakeBehaviour,
    FakeCodes,
    FakeFilter,
    Operation,
    Paging,
    Parameter,
    ResponseField,
    ResponseFormat,
    Rule,
    Service,
    Signing,
    SpecFile,
    StructField,
    StructType,
    Together,
    ValidationCodes,
    Wire,
)
from generator.problems import Problem
from generator.runtime import _error_info, _errors

_KIND = {"string": "string", "integer": "integer", "long": "integer", "boolean": "boolean"}


class Assembler:
    """Assembles one service; problems accumulate instead of stopping the work."""

    def __init__(self, raw: RawService) -> None:
        self.raw = raw
        self.problems: list[Problem] = []

    def report(self, doc: Located, path: Path, message: str) -> None:
        self.problems.append(doc.problem(path, message))

    # -- service -----------------------------------------------------------------
    def assemble(self) -> Service:
        doc = self.raw.service
        data = doc.data
        types = tuple(self.struct_type(name, spec) for name, spec in data.get("types", {}).items())
        errors = self.service_errors(doc)
        operations = tuple(self.operation(op) for op in self.raw.operations)
        errors = errors + self.operation_errors(errors)
        info = data["service"]
        return Service(
            name=info["name"],
            title=info["title"],
            package=info["package"],
            package_version=str(
                info.get("package_version") or names.version_from(str(info["api_version"]))
            ),
            client_class=info["client_class"],
            async_client_class="Async" + info["client_class"],
            root_error=info["client_class"].removesuffix("Client") + "Error",
            api_version=str(info["api_version"]),
            style=info["style"],
            endpoint=endpoint(data["endpoint"]),
            signing=signing(data["signing"]),
            credentials=Credentials(**data["credentials"]),
            wire=Wire(**data["wire"]),
            response=response_format(data["response"]),
            validation=ValidationCodes(**data["validation"]),
            types=types,
            errors=errors,
            operations=operations,
            files=tuple(SpecFile(path, digest) for path, digest in sorted(self.raw.hashes.items())),
            fake=FakeCodes(**data["fake"]) if "fake" in data else None,
            notes=tuple(info.get("notes", ())),
        )

    def error_def(self, entry: dict[str, Any], source: str) -> ErrorDef:
        return ErrorDef(
            code=entry["code"],
            member=names.constant_name(entry["code"]),
            http_status=entry["http_status"],
            message=entry["message"],
            description=entry.get("description", ""),
            retryable=entry.get("retryable", False),
            throttling=entry.get("throttling", False),
            not_found=entry.get("not_found", entry["http_status"] == 404),
            source=source,
            exception=exception_class(
                entry["http_status"],
                entry.get("throttling", False),
                entry.get("not_found", entry["http_status"] == 404),
            ),
        )

    def service_errors(self, doc: Located) -> tuple[ErrorDef, ...]:
        seen: dict[str, int] = {}
        out = []
        for i, entry in enumerate(doc.data.get("errors", [])):
            if entry["code"] in seen:
                self.report(
                    doc,
                    ("errors", i, "code"),
                    f"duplicate error code {entry['code']!r} (also errors[{seen[entry['code']]}])",
                )
                continue
            seen[entry["code"]] = i
            out.append(self.error_def(entry, doc.file))
        return tuple(out)

    def operation_errors(self, known: tuple[ErrorDef, ...]) -> tuple[ErrorDef, ...]:
        """Codes first documented on operation pages, merged into one catalogue."""
        catalogue = {e.code: e for e in known}
        added: list[ErrorDef] = []
        for doc in self.raw.operations:
            for i, entry in enumerate(doc.data.get("errors", [])):
                if "code" not in entry:
                    continue
                new = self.error_def(entry, doc.file)
                old = catalogue.get(new.code)
                if old is None:
                    catalogue[new.code] = new
                    added.append(new)
                elif _conflict(old, new, entry):
                    self.report(
                        doc,
                        ("errors", i),
                        f"{new.code} is {_conflict(new, old, entry)} here but {_conflict(old, new, entry)} in {old.source}",
                    )
        return tuple(added)

    # -- structured JSON types -----------------------------------------------------
    def struct_field(self, key: str, spec: dict[str, Any]) -> StructField:
        raw_types = spec.get("type", ())
        types = (
            tuple(raw_types) if isinstance(raw_types, list) else ((raw_types,) if raw_types else ())
        )
        return StructField(
            key=key,
            types=types,
            ref=spec.get("ref"),
            required=spec.get("required", False),
            description=spec.get("description", ""),
            constraints=constraints(spec),
            format=spec.get("format"),
            not_prefix=spec.get("not_prefix"),
            error=spec.get("error"),
            error_args=tuple(spec.get("error_args", ())),
            deprecated=deprecation(spec),
        )

    def struct_type(self, name: str, spec: dict[str, Any]) -> StructType:
        kind = "one_of" if "one_of" in spec else spec.get("type", "object")
        at_most = spec.get("max_matching")
        same = spec.get("same_value")
        return StructType(
            name=name,
            kind=kind,
            description=spec.get("description", ""),
            fields=tuple(self.struct_field(k, v) for k, v in spec.get("fields", {}).items()),
            items=self.struct_field("[]", spec["items"]) if "items" in spec else None,
            one_of=tuple(spec.get("one_of", ())),
            together=tuple(
                Together(tuple(t["fields"]), t["error"], tuple(t.get("missing_errors", {}).items()))
                for t in spec.get("requires_together", ())
            ),
            at_most=(at_most["field"], at_most["value"], at_most["max"]) if at_most else None,
            same_value=(same["field"], same["error"]) if same else None,
            notes=tuple(spec.get("notes", ())),
        )

    # -- operations ----------------------------------------------------------------
    def operation(self, doc: Located) -> Operation:
        data = doc.data
        op = data["operation"]
        params = tuple(self.parameter(p) for p in data.get("parameters", []))
        rules = tuple(self.rule(r) for r in data.get("rules", []))
        response = data.get("response", {})
        codes = tuple(e.get("code") or e["ref"] for e in data.get("errors", []))
        return Operation(
            name=op["name"],
            python_name=names.safe_identifier(names.snake_case(op["name"])),
            params_class=f"{op['name']}Params",
            response_class=f"{op['name']}Response",
            summary=op["summary"],
            method=op["method"],
            path=op["path"],
            idempotent=op["idempotent"],
            source=op["source"],
            spec_file=doc.file,
            parameters=params,
            rules=rules,
            response_description=response.get("description", ""),
            response=tuple(response_field(f) for f in response.get("fields", [])),
            errors=codes,
            error_refs=tuple(e["ref"] for e in data.get("errors", []) if "ref" in e),
            fake=fake_behaviour(op["fake"]) if "fake" in op else None,
            notes=tuple(op.get("notes", ())),
            paging=Paging(**op["paging"]) if "paging" in op else None,
            deprecated=deprecation(op),
        )

    def parameter(self, spec: dict[str, Any]) -> Parameter:
        wire = spec["name"]
        return Parameter(
            wire_name=wire,
            python_name=spec.get("python_name") or names.python_name(wire),
            doc_type=spec["type"],
            kind=_KIND[spec["type"]],
            required=spec.get("required", False),
            location=spec["in"],
            description=spec.get("description", ""),
            example=spec.get("example"),
            examples=tuple(e for e in spec.get("examples", ()) if isinstance(e, str)),
            refused_examples=tuple(
                (e["value"], e["invalid"]) for e in spec.get("examples", ()) if isinstance(e, dict)
            ),
            example_invalid=spec.get("example_invalid"),
            constraints=constraints(spec),
            enum_error=spec.get("enum_error"),
            sensitive=spec.get("sensitive", False),
            empty_clears=spec.get("empty_clears", False),
            json_type=spec.get("json"),
            notes=tuple(spec.get("notes", ())),
            deprecated=deprecation(spec),
        )

    def rule(self, spec: dict[str, Any]) -> Rule:
        when = spec.get("when")
        return Rule(
            id=spec["id"],
            kind=spec["kind"],
            params=tuple(spec["params"]),
            source=spec["source"],
            when=Condition(when["param"], tuple(when["in"])) if when else None,
            allowed=tuple(tuple(pair) for pair in spec.get("allowed", ())),
            pattern=spec.get("pattern"),
            error=spec.get("error"),
            reason=spec.get("reason"),
            notes=tuple(spec.get("notes", ())),
        )


def exception_class(status: int, throttling: bool, not_found: bool) -> str:
    """The exception the generated client raises for a code answered with its documented
    status: the runtime's own rule, asked rather than restated."""
    info = _error_info.ErrorInfo(
        http_status=status, message="", throttling=throttling, not_found=not_found
    )
    name: str = _errors.exception_class(status, info).__name__
    return name


def _conflict(e: ErrorDef, other: ErrorDef, entry: dict[str, Any]) -> str:
    """e's side of a disagreement with other, or "" when they agree. Status and message must
    match wherever a code is documented; a flag only where this entry states it."""
    keys = ["http_status", "message"] + [
        k for k in ("retryable", "throttling", "not_found") if k in entry
    ]
    if all(getattr(e, k) == getattr(other, k) for k in keys):
        return ""
    return ", ".join(f"{k}={getattr(e, k)!r}" for k in keys)


def deprecation(spec: dict[str, Any]) -> Deprecation | None:
    entry = spec.get("deprecated")
    return Deprecation(entry["since"], entry.get("sunset"), entry.get("use")) if entry else None


def enum_values(spec: dict[str, Any]) -> tuple[EnumValue, ...]:
    return tuple(
        (
            EnumValue(e["value"], e.get("description", ""), deprecation(e))
            if isinstance(e, dict)
            else EnumValue(e)
        )
        for e in spec.get("enum", ())
    )


def constraints(spec: dict[str, Any]) -> Constraints:
    enum = enum_values(spec)
    return Constraints(
        min_length=spec.get("min_length"),
        max_length=spec.get("max_length"),
        pattern=spec.get("pattern"),
        minimum=spec.get("minimum"),
        maximum=spec.get("maximum"),
        enum=enum,
        default=spec.get("default"),
    )


def response_field(spec: dict[str, Any], name: str | None = None) -> ResponseField:
    items = spec.get("items")
    return ResponseField(
        name=spec["name"] if name is None else name,
        type=spec["type"],
        description=spec.get("description", ""),
        example=spec.get("example"),
        fields=tuple(response_field(f) for f in spec.get("fields", ())),
        notes=tuple(spec.get("notes", ())),
        required=spec.get("required", False),
        items=response_field(items, "[]") if items is not None else None,
        enum=enum_values(spec),
        deprecated=deprecation(spec),
    )


# -- the service file's sections -----------------------------------------------------------
# The shape check has run: required keys are there, and every key is one the format names.
def endpoint(spec: dict[str, Any]) -> Endpoint:
    return Endpoint(spec["scheme"], dict(spec["networks"]), spec["default_network"])


def signing(spec: dict[str, Any]) -> Signing:
    return Signing(**{**spec, "signed_headers": tuple(spec["signed_headers"])})


def response_format(spec: dict[str, Any]) -> ResponseFormat:
    return ResponseFormat(**{**spec, "empty_error_codes": tuple(spec["empty_error_codes"])})


def fake_behaviour(spec: dict[str, Any]) -> FakeBehaviour:
    fresh, fixed, filters = spec.get("fresh_fields"), spec.get("fixed"), spec.get("filters")
    return FakeBehaviour(
        **{
            **spec,
            "fresh_fields": tuple(fresh) if fresh is not None else None,
            "fixed": dict(fixed) if fixed is not None else None,
            "filters": tuple(fake_filter(f) for f in filters) if filters is not None else None,
        }
    )


def fake_filter(spec: dict[str, Any]) -> FakeFilter:
    keys = spec.get("keys")
    return FakeFilter(**{**spec, "keys": dict(keys) if keys is not None else None})
