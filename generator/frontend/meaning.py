"""Semantic checks of a built service: references, names, rules and documented examples."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from typing import Any

from generator.frontend import names
from generator.frontend.located import Located, Path
from generator.frontend.read import RawService
from generator.frontend.regex_safety import regex_problem
from generator.frontend.validation_tables import ValidationTables, param_table, validation_tables
from generator.model import Operation, Parameter, ResponseField, Service, StructType
from generator.problems import Problem
from generator.runtime import _validation


class Checker:
    def __init__(self, raw: RawService, service: Service, client_names: frozenset[str]) -> None:
        self.raw = raw
        self.service = service
        self.client_names = client_names  # what the client has for itself (runtime.client_members)
        self.problems: list[Problem] = []
        self.codes = {e.code for e in service.errors}
        self.types = {t.name: t for t in service.types}
        self._tables: ValidationTables | None = None
        self.refused_patterns = False  # then no example is run through the patterns

    def tables(self) -> ValidationTables:
        """The engine tables, built once for every example and default checked."""
        if self._tables is None:
            self._tables = validation_tables(self.service)
        return self._tables

    def report(self, doc: Located, path: Path, message: str) -> None:
        self.problems.append(doc.problem(path, message))

    def run(self) -> list[Problem]:
        self.check_service()
        self.check_types()
        method_names: dict[str, str] = {}
        docs = {doc.file: doc for doc in self.raw.operations}
        for op in self.service.operations:
            doc = docs[op.spec_file]
            other = method_names.setdefault(op.python_name, op.spec_file)
            if other != op.spec_file:
                self.report(
                    doc,
                    ("operation", "name"),
                    f"{op.name} (method {op.python_name}) is also defined in {other}",
                )
            if op.python_name in self.client_names or op.python_name.startswith("_"):
                self.report(
                    doc,
                    ("operation", "name"),
                    f"{op.name} would become method {op.python_name}, which the client already has for itself",
                )
            OperationChecker(self, op, doc).run()
        return self.problems

    def check_code(self, doc: Located, path: Path, code: str | None) -> None:
        if code is not None and code not in self.codes:
            self.report(doc, path, f"unknown error code {code!r}{_suggest(code, self.codes)}")

    def check_service(self) -> None:
        doc = self.raw.service
        if not self.service.operations:
            self.report(
                doc,
                ("service",),
                "the service has no operations yet: add an <Operation>.yaml beside "
                "service.yaml (or draft one from a saved page with `gen draft`)",
            )
        for key, code in self.service.validation.by_key:
            self.check_code(doc, ("validation", key), code)
        for key, code in self.service.fake.by_key if self.service.fake else ():
            self.check_code(doc, ("fake", key), code)
        endpoint = self.service.endpoint
        if endpoint.default_network not in endpoint.networks:
            self.report(
                doc,
                ("endpoint", "default_network"),
                f"no network named {endpoint.default_network!r}",
            )
        members: dict[str, str] = {}
        for i, error in enumerate(doc.data.get("errors", [])):
            self.check_code(doc, ("errors", i, "code"), error.get("code"))
        for error in self.service.errors:
            other = members.setdefault(error.member, error.code)
            if other != error.code:
                where, path = self.error_location(error.code)
                self.report(
                    where, path, f"{error.code} and {other} both become enum member {error.member}"
                )

    def error_location(self, code: str) -> tuple[Located, Path]:
        """The first entry that defines code, in the service file or an operation file."""
        for doc in (self.raw.service, *self.raw.operations):
            for i, entry in enumerate(doc.data.get("errors", [])):
                if entry.get("code") == code:
                    return doc, ("errors", i, "code")
        return self.raw.service, ("errors",)

    def check_types(self) -> None:
        doc = self.raw.service
        for t in self.service.types:
            base: Path = ("types", t.name)
            if t.kind == "object" and not t.fields:
                self.report(doc, base, "an object type needs fields")
            if t.kind == "array" and t.items is None:
                self.report(doc, base, "an array type needs items")
            for ref in t.one_of:
                if ref not in self.types:
                    self.report(
                        doc, base + ("one_of",), f"unknown type {ref!r}{_suggest(ref, self.types)}"
                    )
            self.check_fields(doc, base, t)
            if _cycle(t.name, self.types, ()):
                self.problems.append(doc.key_problem(base, "type refers to itself"))

    def check_fields(self, doc: Located, base: Path, t: StructType) -> None:
        keys = {f.key for f in t.fields}
        fields = list(t.fields) + ([t.items] if t.items else [])
        for f in fields:
            path = base + (("items",) if f.key == "[]" else ("fields", f.key))
            if f.ref and f.ref not in self.types:
                self.report(
                    doc, path + ("ref",), f"unknown type {f.ref!r}{_suggest(f.ref, self.types)}"
                )
            if not f.ref and not f.types:
                self.report(doc, path, "needs a type or a ref")
            if f.ref and f.types:
                self.report(doc, path, "give either type or ref, not both")
            self.check_code(doc, path + ("error",), f.error)
            self.check_pattern(doc, path + ("pattern",), f.constraints.pattern)
            check_bounds(lambda p, m: self.report(doc, p, m), path, f.constraints)
            for arg in f.error_args:
                if arg not in keys:
                    self.report(doc, path + ("error_args",), f"no field {arg!r} in {t.name}")
        for i, group in enumerate(t.together):
            for key in group.fields:
                if key not in keys:
                    self.report(
                        doc, base + ("requires_together", i), f"no field {key!r} in {t.name}"
                    )
            self.check_code(doc, base + ("requires_together", i, "error"), group.error)
            for key, code in group.missing_errors:
                here = base + ("requires_together", i, "missing_errors", key)
                if key not in group.fields:
                    self.report(doc, here, f"{key!r} is not one of this group's fields")
                self.check_code(doc, here, code)
        if t.same_value:
            self.check_code(doc, base + ("same_value", "error"), t.same_value[1])
        item = self.types.get(t.items.ref or "") if t.items else None
        item_rules: list[tuple[str, str | None]] = [
            ("max_matching", t.at_most[0] if t.at_most else None),
            ("same_value", t.same_value[0] if t.same_value else None),
        ]
        for rule, field_key in item_rules:
            if field_key is not None and (
                item is None or field_key not in {f.key for f in item.fields}
            ):
                self.report(
                    doc, base + (rule, "field"), f"items of {t.name} have no field {field_key!r}"
                )

    def check_pattern(self, doc: Located, path: Path, pattern: str | None) -> None:
        if pattern is None:
            return
        problem = regex_problem(pattern)
        if problem:
            self.report(doc, path, problem)
            self.refused_patterns = True


# Methods whose requests have no body: HTTP gives a body on them no meaning.
BODYLESS_METHODS = ("GET", "DELETE", "HEAD")


class OperationChecker:
    def __init__(self, parent: Checker, op: Operation, doc: Located) -> None:
        self.parent = parent
        self.op = op
        self.doc = doc
        self.by_wire: dict[str, Parameter] = {}
        for p in op.parameters:  # a duplicate is reported; rules are checked against the first
            self.by_wire.setdefault(p.wire_name, p)

    def report(self, path: Path, message: str) -> None:
        self.parent.report(self.doc, path, message)

    def run(self) -> None:
        self.check_names()
        for i, p in enumerate(self.op.parameters):
            self.check_parameter(("parameters", i), p, self.doc.data["parameters"][i])
            if p.location == "body" and self.op.method in BODYLESS_METHODS:
                self.report(
                    ("parameters", i, "in"),
                    f"{self.op.method} requests carry no body; send {p.wire_name} in the query",
                )
            self.check_location(("parameters", i), p)
        placeholders = re.findall(r"\{([^{}]*)\}", self.op.path)
        for name in placeholders:
            named = self.by_wire.get(name)
            if named is None or named.location != "path":
                self.report(("operation", "path"), f"{{{name}}} names no path parameter")
        self.check_rules()
        self.check_errors()
        self.check_fake()
        self.check_response_fields(("response",), self.op.response)
        self.check_paging()

    def check_location(self, path: Path, p: Parameter) -> None:
        if p.location == "path":
            if "{" + p.wire_name + "}" not in self.op.path:
                self.report(
                    path + ("in",), f"the operation's path has no {{{p.wire_name}}} segment"
                )
            if not p.required:
                self.report(path + ("required",), "a path parameter is always required")
            if p.empty_clears:
                self.report(path + ("empty_clears",), "a path segment cannot be empty")
        if p.location == "header" and not re.fullmatch(r"[A-Za-z0-9-]+", p.wire_name):
            self.report(
                path + ("name",), f"{p.wire_name!r} is not a header name (letters, digits, hyphens)"
            )

    def check_paging(self) -> None:
        paging = self.op.paging
        if paging is None:
            return
        path: Path = ("operation", "paging")
        needs = {"page_number": ("page_param",), "token": ("token_param", "next_token")}[
            paging.style
        ]
        for key in needs:
            if getattr(paging, key) is None:
                self.report(path, f"{paging.style} paging needs {key}")
        op = self.op
        targets: tuple[tuple[str, tuple[str, ...], Any, str], ...] = (
            ("page_param", ("integer",), lambda w: _kind(op.parameter(w)), "parameter"),
            ("size_param", ("integer",), lambda w: _kind(op.parameter(w)), "parameter"),
            ("token_param", ("string",), lambda w: _kind(op.parameter(w)), "parameter"),
            ("items", ("array",), lambda d: _kind(op.response_field(d)), "response field"),
            ("total", ("integer", "long"), lambda d: _kind(op.response_field(d)), "response field"),
            ("next_token", ("string",), lambda d: _kind(op.response_field(d)), "response field"),
        )
        for key, kinds, kind_of, what in targets:
            name = getattr(paging, key)
            kind = kind_of(name) if name is not None else None
            if name is not None and kind is None:
                self.report(path + (key,), f"no {what} {name!r}")
            elif kind is not None and kind not in kinds:
                self.report(path + (key,), f"{name} is {kind}; {key} must be {' or '.join(kinds)}")

    def check_response_fields(self, path: Path, fields: tuple[ResponseField, ...]) -> None:
        names: dict[str, int] = {}
        for i, f in enumerate(fields):
            if f.name in names:
                self.report(
                    path + ("fields", i, "name"),
                    f"duplicate field {f.name!r} (also fields[{names[f.name]}])",
                )
            names.setdefault(f.name, i)
            self.check_response_field(path + ("fields", i), f)

    def check_response_field(self, path: Path, f: ResponseField) -> None:
        """An array says what its items are; fields belong to objects, items to arrays; enum
        values fit the field's type."""
        if f.enum and f.type == "object":
            self.report(path + ("enum",), "an object field cannot have an enum")
        for j, e in enumerate(f.enum):
            if f.type != "object" and not _fits(e.value, _KIND_OF.get(f.type, f.type)):
                self.report(path + ("enum", j), f"{e.value!r} is not of type {f.type}")
        if f.type == "array" and f.items is None:
            self.report(path + ("type",), "an array needs items")
        if f.type != "array" and f.items is not None:
            self.report(path + ("items",), f"items belong to arrays, not {f.type}")
        if f.type != "object" and f.fields:
            self.report(path + ("fields",), f"fields belong to objects, not {f.type}")
        self.check_response_fields(path, f.fields)
        if f.items is not None:
            self.check_response_field(path + ("items",), f.items)

    def check_fake(self) -> None:
        fake = self.op.fake
        if fake is None:
            return
        path: Path = ("operation", "fake")
        action = fake.action
        if action not in ("create", "list"):
            if fake.id_param not in self.by_wire:
                self.report(
                    path + ("id_param",),
                    f"{action} needs id_param naming one of the parameters, not {fake.id_param!r}",
                )
            if fake.not_found is None:
                self.report(path, f"{action} needs not_found, the code for an unknown id")
        self.parent.check_code(self.doc, path + ("not_found",), fake.not_found)
        if fake.run_param is not None and fake.run_param not in self.by_wire:
            self.report(
                path + ("run_param",),
                f"unknown parameter {fake.run_param!r}{_suggest(fake.run_param, self.by_wire)}",
            )
        for i, rule in enumerate(fake.filters or ()):
            for key, param in (("param", rule.param), ("key_from", rule.key_from)):
                if param is not None and param not in self.by_wire:
                    self.report(
                        path + ("filters", i, key),
                        f"unknown parameter {param!r}{_suggest(param, self.by_wire)}",
                    )
        needs = {
            "describe": ("record_field", fake.record_field),
            "list": ("id_key", fake.id_key),
            "run": ("run_field", fake.run_field),
            "status": ("run_field", fake.run_field),
        }
        if action in needs and needs[action][1] is None:
            self.report(path, f"{action} needs {needs[action][0]}")
        if action == "list" and self.op.paging is None:
            self.report(path + ("action",), "list needs the operation's paging")
        known = set(_dotted_fields("", self.op.response))
        dotted: list[tuple[Path, str]] = [
            ((key,), name)
            for key, name in (
                ("id_field", fake.id_field),
                ("record_field", fake.record_field),
                ("run_field", fake.run_field),
                ("page_field", fake.page_field),
                ("size_field", fake.size_field),
            )
            if name is not None
        ]
        dotted += [(("fresh_fields", i), name) for i, name in enumerate(fake.fresh_fields or ())]
        dotted += [(("fixed", name), name) for name in fake.fixed or {}]
        for where, name in dotted:
            if name not in known:
                self.report(path + where, f"no response field {name!r}")

    def check_names(self) -> None:
        wire: dict[str, int] = {}
        wire_folded: dict[str, str] = {}
        python: dict[str, str] = {}
        for i, p in enumerate(self.op.parameters):
            path: Path = ("parameters", i, "name")
            if p.wire_name in wire:
                self.report(
                    path,
                    f"duplicate parameter {p.wire_name!r} (also parameters[{wire[p.wire_name]}])",
                )
                continue
            wire[p.wire_name] = i
            folded = wire_folded.setdefault(p.wire_name.lower(), p.wire_name)
            if folded != p.wire_name:
                self.report(path, f"{p.wire_name!r} differs from {folded!r} only in case")
            other = python.setdefault(p.python_name, p.wire_name)
            if other != p.wire_name:
                self.report(
                    path,
                    f"Python name {p.python_name!r} collides with that of {other!r}; set python_name",
                )
            if "python_name" in self.doc.data["parameters"][i]:
                problem = names.name_problem(p.python_name)
                if problem:
                    self.report(("parameters", i, "python_name"), f"{p.python_name!r} {problem}")

    def check_parameter(self, path: Path, p: Parameter, raw: dict[str, Any]) -> None:
        c = p.constraints
        if p.json_type and p.json_type not in self.parent.types:
            self.report(
                path + ("json",),
                f"unknown type {p.json_type!r}{_suggest(p.json_type, self.parent.types)}",
            )
        if p.json_type and p.doc_type != "string":
            self.report(path + ("json",), "only string parameters can carry JSON")
        if p.kind != "string" and (
            c.pattern or c.min_length is not None or c.max_length is not None
        ):
            self.report(path, f"length and pattern apply to strings, not {p.doc_type}")
        if p.kind == "string" and (c.minimum is not None or c.maximum is not None):
            self.report(path, "minimum and maximum apply to numbers, not strings")
        if p.empty_clears and p.kind != "string":
            self.report(
                path + ("empty_clears",),
                "only string parameters can be cleared with an empty string",
            )
        if p.required and p.empty_clears:
            self.report(path + ("empty_clears",), "a required parameter cannot be cleared")
        self.parent.check_pattern(self.doc, path + ("pattern",), c.pattern)
        check_bounds(self.report, path, c)
        self.parent.check_code(self.doc, path + ("enum_error",), p.enum_error)
        if p.enum_error and not c.enum:
            self.report(path + ("enum_error",), "enum_error without enum")
        for i, value in enumerate(c.enum_values):
            if not _fits(value, p.kind):
                self.report(path + ("enum", i), f"{value!r} is not of type {p.doc_type}")
        if c.default is not None:
            self.check_value(path + ("default",), p, c.default, "default")
        if p.example is not None and p.example_invalid is None:
            self.check_value(
                path + ("example",), p, _example_value(p.example, p.kind), "documented example"
            )
        for i, entry in enumerate(raw.get("examples", ())):
            if isinstance(entry, str):
                self.check_value(
                    path + ("examples", i), p, _example_value(entry, p.kind), "further example"
                )
            elif not self.parent.refused_patterns and not self.value_problems(
                p, _example_value(entry["value"], p.kind)
            ):
                self.report(
                    path + ("examples", i, "invalid"), "the example is valid; give it as plain text"
                )
        if p.example_invalid is not None and p.example is not None:
            if not self.value_problems(p, _example_value(p.example, p.kind)):
                self.report(
                    path + ("example_invalid",), "the example is valid; remove example_invalid"
                )

    def value_problems(self, p: Parameter, value: Any) -> list[str]:
        tables = self.parent.tables()
        table = _validation.Operation(name=self.op.name, params=(param_table(p, tables),))
        if self.parent.refused_patterns:
            return []  # a pattern is reported where it is written; none is run on examples
        found = _validation.validate(table, {p.python_name: value}, tables.codes)
        return [
            f"{v.path}: {v.detail}" for v in found if v.rule != "required" or v.path != p.wire_name
        ]

    def check_value(self, path: Path, p: Parameter, value: Any, what: str) -> None:
        for message in self.value_problems(p, value):
            hint = {
                "documented example": " (explain it with example_invalid)",
                "further example": " (a page's example the rules refuse: fix the rules, or explain it in notes)",
            }.get(what, "")
            self.report(path, f"{what} breaks the parameter's rules: {message}{hint}")

    def check_rules(self) -> None:
        ids: dict[str, int] = {}
        for i, rule in enumerate(self.op.rules):
            path: Path = ("rules", i)
            if rule.id in ids:
                self.report(
                    path + ("id",), f"duplicate rule id {rule.id!r} (also rules[{ids[rule.id]}])"
                )
            ids.setdefault(rule.id, i)
            for j, name in enumerate(rule.params):
                if name not in self.by_wire and rule.kind != "unchecked":
                    self.report(
                        path + ("params", j),
                        f"unknown parameter {name!r}{_suggest(name, self.by_wire)}",
                    )
            if rule.when and rule.when.param not in self.by_wire:
                self.report(
                    path + ("when", "param"),
                    f"unknown parameter {rule.when.param!r}{_suggest(rule.when.param, self.by_wire)}",
                )
            elif rule.when:
                self.check_rule_values(path + ("when", "in"), rule.when.param, rule.when.values)
            self.parent.check_code(self.doc, path + ("error",), rule.error)
            self.check_rule_shape(path, rule)

    def check_rule_shape(self, path: Path, rule: Any) -> None:
        needs = {
            "requires": ("error",),
            "forbids": ("error",),
            "combinations": ("error", "allowed"),
            "forbid_pattern": ("error", "pattern"),
            "unchecked": ("reason",),
        }.get(rule.kind, ())
        for key in needs:
            if not getattr(rule, key):
                self.report(path, f"a {rule.kind} rule needs {key}")
        if rule.kind in ("forbids", "ignores") and rule.when is None:
            self.report(path, f"a {rule.kind} rule needs when")
        for i, combo in enumerate(rule.allowed):
            if len(combo) != len(rule.params):
                self.report(
                    path + ("allowed", i), f"has {len(combo)} values for {len(rule.params)} params"
                )
                continue
            for j, (name, value) in enumerate(zip(rule.params, combo, strict=True)):
                self.check_rule_values(path + ("allowed", i, j), name, (value,))
        if rule.kind == "forbid_pattern":
            self.parent.check_pattern(self.doc, path + ("pattern",), rule.pattern)

    def check_rule_values(self, path: Path, name: str, values: tuple[Any, ...]) -> None:
        """A rule that names a value its parameter can never take can never fire."""
        p = self.by_wire.get(name)
        if p is None:
            return
        for i, value in enumerate(values):
            here = path + (i,) if len(values) > 1 or path[-1] == "in" else path
            if not _fits(value, p.kind):
                self.report(here, f"{value!r} is not of type {p.doc_type}, so {name} never has it")
            elif p.constraints.enum and value not in p.constraints.enum_values:
                self.report(here, f"{value!r} is not in {name}'s enum, so the rule never applies")

    def check_errors(self) -> None:
        seen: dict[str, int] = {}
        for i, entry in enumerate(self.doc.data.get("errors", [])):
            code = entry.get("code") or entry.get("ref")
            if code in seen:
                self.report(
                    ("errors", i), f"duplicate error code {code!r} (also errors[{seen[code]}])"
                )
            seen.setdefault(code, i)
            if "ref" in entry:
                self.parent.check_code(self.doc, ("errors", i, "ref"), code)


def _kind(found: Parameter | ResponseField | None) -> str | None:
    """What a paging key points at: a parameter's validated kind, a response field's type."""
    if isinstance(found, Parameter):
        return found.kind
    return found.type if found is not None else None


def check_bounds(report: Any, path: Path, c: Any) -> None:
    if c.minimum is not None and c.maximum is not None and c.minimum > c.maximum:
        report(path + ("minimum",), f"minimum {c.minimum} is above maximum {c.maximum}")
    if c.min_length is not None and c.max_length is not None and c.min_length > c.max_length:
        report(
            path + ("min_length",), f"min_length {c.min_length} is above max_length {c.max_length}"
        )


def _fits(value: Any, kind: str) -> bool:
    if kind == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "boolean":
        return isinstance(value, bool)
    return isinstance(value, str)


def _example_value(example: str, kind: str) -> Any:
    """Documented examples are text; read them as the parameter's type where they can be."""
    if kind == "integer" and re.fullmatch(r"-?[0-9]+", example.strip()):
        return int(example)
    if kind == "boolean" and example.strip().lower() in ("true", "false"):
        return example.strip().lower() == "true"
    return example


def _suggest(name: str, known: Any) -> str:
    import difflib

    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


def _cycle(name: str, types: dict[str, StructType], seen: tuple[str, ...]) -> bool:
    if name in seen:
        return True
    t = types.get(name)
    if t is None:
        return False
    refs = (
        [f.ref for f in t.fields if f.ref]
        + ([t.items.ref] if t.items and t.items.ref else [])
        + list(t.one_of)
    )
    return any(_cycle(r, types, seen + (name,)) for r in refs if r)


UNRESOLVED_TODO = "unresolved TODO"


def _dotted_fields(prefix: str, fields: Any) -> Iterator[str]:
    """Every response field's dotted name, nested ones included."""
    for f in fields:
        yield prefix + f.name
        yield from _dotted_fields(prefix + f.name + ".", f.fields)


def todo_problems(doc: Located) -> list[Problem]:
    """Every text that starts with "TODO" (a draft's open question), where it stands."""
    found: list[Problem] = []
    _todos(doc, _entries(doc.data), (), found)
    return found


def _entries(node: Any) -> Any:
    """A collection's (key or index, value) pairs; () for a scalar."""
    if isinstance(node, dict):
        return node.items()
    return enumerate(node) if isinstance(node, list) else ()


# The walks below recurse into collections only and look at scalars in their loop: a spec
# file is ten times more scalars than collections. (Recursive by themselves, not through a
# closure: a closure that calls itself is a reference cycle, which would keep the document
# alive while gc is off.)
def _todos(doc: Located, entries: Any, path: Path, found: list[Problem]) -> None:
    for key, value in entries:
        if isinstance(value, str):
            if value.startswith("TODO"):
                text = value.removeprefix("TODO").lstrip(": ")
                found.append(doc.problem(path + (key,), f"{UNRESOLVED_TODO}: {text}"))
        elif isinstance(value, (dict, list)):
            _todos(doc, _entries(value), path + (key,), found)


_KIND_OF = {"long": "integer"}


def check_deprecations(doc: Located) -> list[Problem]:
    """Every `deprecated:` entry in a file: real dates, and a sunset no earlier than since."""
    found: list[Problem] = []
    _deprecations(doc, doc.data, (), found)
    return found


def _deprecations(doc: Located, node: Any, path: Path, found: list[Problem]) -> None:
    if isinstance(node, dict):
        entry = node.get("deprecated")
        if isinstance(entry, dict):
            found.extend(_date_problems(doc, entry, path + ("deprecated",)))
    for key, child in _entries(node):
        if key != "deprecated" and isinstance(child, (dict, list)):
            _deprecations(doc, child, path + (key,), found)


def _date_problems(doc: Located, entry: dict[str, Any], path: Path) -> Iterator[Problem]:
    dates = {key: entry[key] for key in ("since", "sunset") if isinstance(entry.get(key), str)}
    for key, text in dates.items():
        try:
            date.fromisoformat(text)
        except ValueError:
            yield doc.problem(path + (key,), f"{text!r} is not a date (YYYY-MM-DD)")
    if len(dates) == 2 and dates["sunset"] < dates["since"]:
        yield doc.problem(
            path + ("sunset",), f"the sunset {dates['sunset']} is before since {dates['since']}"
        )


def check_all(raw: RawService, service: Service, client_names: frozenset[str]) -> Iterator[Problem]:
    """Every problem of meaning in service; client_names: the public names the generated
    client has for itself (runtime.client_members, or the memo's copy of them)."""
    yield from Checker(raw, service, client_names).run()
    for doc in (raw.service, *raw.operations):
        yield from todo_problems(doc)
        yield from check_deprecations(doc)
