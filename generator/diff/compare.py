"""Compare two models and classify every change by whom it breaks.

Only the model is read, never YAML text: a reformatted or reordered spec is no change, and
every derived name (method, keyword argument, enum member) is compared as generated.
Direction decides the level: what a caller sends may only get looser, what a caller reads
may only get richer.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from generator.diff.rules import CATALOGUE, rank
from generator.model import (
    Constraints,
    Deprecation,
    EnumValue,
    ErrorDef,
    Operation,
    Parameter,
    ResponseField,
    Rule,
    Scalar,
    Section,
    Service,
    StructField,
    StructType,
    Together,
    as_spec,
    record_dict,
)

Value = Scalar | None
T = TypeVar("T")


@dataclass(frozen=True)
class Finding:
    rule: str
    level: str
    operation: str  # an operation name, or service:<name> for what all operations share
    path: str
    old: Value
    new: Value
    why: str
    waived: str | None = None  # the reason of the waiver that accepts it (config.py)

    @property
    def fingerprint(self) -> str:
        # Level and why stay out, so that re-levelling a rule keeps recorded fingerprints valid.
        parts = (self.rule, self.operation, self.path, json.dumps(self.old), json.dumps(self.new))
        return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    unique = dict.fromkeys(findings)  # one-of variants can report the same field twice
    return sorted(unique, key=lambda f: (rank(f.level), f.operation, f.path, f.rule, f.fingerprint))


class Scope:
    """Findings about one operation (or one service-wide part).

    as_of is the day sunsets are judged against (None: no sunset has passed).
    """

    def __init__(self, found: list[Finding], operation: str, as_of: date | None = None) -> None:
        self.found = found
        self.operation = operation
        self.as_of = as_of

    def removed(self, rule: str, path: str, old: Value, deprecated: Deprecation | None) -> None:
        """Something callers use is gone: breaking, unless it was deprecated and its sunset
        has passed, when callers were told in time."""
        sunset = deprecated.sunset if deprecated else None
        if sunset and self.as_of and date.fromisoformat(sunset) <= self.as_of:
            self.add("removed-after-sunset", path, f"{old} (sunset {sunset})", None)
        else:
            self.add(rule, path, old, None)

    def deprecation(self, path: str, old: Deprecation | None, new: Deprecation | None) -> None:
        if old == new:
            return
        if old is None or new is None:
            rule = "deprecated-added" if new else "deprecation-withdrawn"
            self.add(rule, path, old.sentence if old else None, new.sentence if new else None)
        elif old.sunset != new.sunset:
            self.add("deprecation-sunset-changed", path, old.sunset, new.sunset)
        else:
            self.changed("notes-changed", path, old.sentence, new.sentence)

    def add(self, rule: str, path: str, old: Value, new: Value) -> None:
        info = CATALOGUE[rule]
        self.found.append(Finding(rule, info.level, self.operation, path, old, new, info.why))

    def changed(self, rule: str, path: str, old: Value, new: Value) -> None:
        if old != new:
            self.add(rule, path, old, new)

    def flag(self, stem: str, path: str, old: bool, new: bool) -> None:
        if old != new:
            self.add(f"{stem}-added" if new else f"{stem}-removed", path, old, new)


def compare(base: list[Service], head: list[Service], as_of: date | None = None) -> list[Finding]:
    """Every change from base to head; sunsets on or before as_of have passed."""
    found: list[Finding] = []
    old, new = _by_key(base, lambda s: s.name), _by_key(head, lambda s: s.name)
    removed, added, common = _split(old, new)
    for name in removed:
        Scope(found, f"service:{name}").add("service-removed", name, old[name].package, None)
    for name in added:
        Scope(found, f"service:{name}").add("service-added", name, None, new[name].package)
    for name in common:
        ServiceDiff(old[name], new[name], found, as_of).run()
    return sort_findings(found)


class ServiceDiff:
    def __init__(
        self, old: Service, new: Service, found: list[Finding], as_of: date | None
    ) -> None:
        self.old = old
        self.new = new
        self.found = found
        self.as_of = as_of
        self.out = self.scope(f"service:{new.name}")

    def scope(self, operation: str) -> Scope:
        return Scope(self.found, operation, self.as_of)

    def run(self) -> None:
        self.out.changed("package-changed", "package", self.old.package, self.new.package)
        self.out.changed(
            "client-class-changed", "client_class", self.old.client_class, self.new.client_class
        )
        self.settings()
        self.types()
        self.errors()
        self.operations()

    def settings(self) -> None:
        old, new = _settings(self.old), _settings(self.new)
        for key in dict.fromkeys([*old, *new]):
            before, after = old.get(key), new.get(key)
            if before == after:
                continue
            rule = _setting_rule(key)
            if key.startswith("endpoint.networks."):
                rule = (
                    "network-added"
                    if before is None
                    else "network-removed" if after is None else rule
                )
            self.out.add(rule, key, before, after)

    def types(self) -> None:
        old, new = _by_key(self.old.types, _name), _by_key(self.new.types, _name)
        removed, added, renames, common = _matched(
            old, new, lambda a, b: _shape(old, a) == _shape(new, b)
        )
        for name in removed:
            self.out.add("type-removed", f"types.{name}", old[name].kind, None)
        for name in added:
            self.out.add("type-added", f"types.{name}", None, new[name].kind)
        for a, b in renames:
            self.out.add("type-renamed", f"types.{a}", a, b)
        # Descriptions are reported once here rather than at every parameter that uses the type.
        for name in common:
            self.out.changed(
                "description-changed", f"types.{name}", old[name].description, new[name].description
            )
            self.out.changed("notes-changed", f"types.{name}", _notes(old[name]), _notes(new[name]))
        # A type no parameter carries is still a class of the package: compared on its own.
        used = _carried(self.old) | _carried(self.new)
        for name in common:
            if name not in used:
                StructDiff(self.old, self.new, self.out).type(f"types.{name}", name, name)

    def errors(self) -> None:
        old, new = _by_key(self.old.errors, _code), _by_key(self.new.errors, _code)
        removed, added, common = _split(old, new)
        for code in removed:
            self.out.add("error-removed", code, old[code].member, None)
        for code in added:
            self.out.add("error-added", code, None, new[code].member)
        for code in common:
            self.error(old[code], new[code])

    def error(self, o: ErrorDef, n: ErrorDef) -> None:
        crossed = o.http_status // 100 != n.http_status // 100
        if o.http_status != n.http_status:
            self.out.add(
                "error-status-class-changed" if crossed else "error-status-changed",
                o.code,
                o.http_status,
                n.http_status,
            )
        if not crossed and o.exception != n.exception:  # crossing 4xx/5xx says so already
            # Judged by what callers catch: a subclass of the old exception still lands in every
            # except clause written for it.
            narrowed = o.exception in exception_ancestry(n.exception)
            self.out.add(
                "error-exception-narrowed" if narrowed else "error-exception-changed",
                o.code,
                o.exception,
                n.exception,
            )
        if o.placeholders != n.placeholders:
            self.out.add("error-placeholders-changed", o.code, o.placeholders, n.placeholders)
        else:
            self.out.changed("error-message-changed", o.code, o.message, n.message)
        self.out.changed("error-flags-changed", o.code, _flags(o), _flags(n))
        self.out.changed("description-changed", o.code, o.description, n.description)

    def operations(self) -> None:
        old, new = _by_key(self.old.operations, _name), _by_key(self.new.operations, _name)
        removed, added, renames, common = _matched(
            old, new, lambda a, b: (old[a].method, old[a].path) == (new[b].method, new[b].path)
        )
        for name in removed:
            self.scope(name).removed(
                "operation-removed", name, _endpoint(old[name]), old[name].deprecated
            )
        for name in added:
            self.scope(name).add("operation-added", name, None, _endpoint(new[name]))
        for a, b in renames:
            self.scope(b).add("operation-renamed", a, a, b)
        for a, b in [(n, n) for n in common] + renames:
            OperationDiff(self, old[a], new[b]).run()


class OperationDiff:
    def __init__(self, service: ServiceDiff, old: Operation, new: Operation) -> None:
        self.service = service
        self.old = old
        self.new = new
        self.out = service.scope(new.name)

    def run(self) -> None:
        self.shape()
        self.parameters()
        self.rules()
        self.response("", self.old.response, self.new.response)
        self.errors()

    def shape(self) -> None:
        o, n, out = self.old, self.new, self.out
        out.changed("operation-method-changed", "method", o.method, n.method)
        out.changed("operation-path-changed", "path", o.path, n.path)
        if o.body_parameters and n.body_parameters:
            out.changed(
                "operation-body-encoding-changed",
                "body",
                _body_encoding(self.service.old),
                _body_encoding(self.service.new),
            )
        if o.idempotent != n.idempotent:
            rule = "operation-now-idempotent" if n.idempotent else "operation-no-longer-idempotent"
            out.add(rule, "idempotent", o.idempotent, n.idempotent)
        out.deprecation(n.name, o.deprecated, n.deprecated)
        out.changed("description-changed", "summary", o.summary, n.summary)
        out.changed("notes-changed", "source", o.source, n.source)
        out.changed("notes-changed", "notes", _notes(o), _notes(n))
        out.changed("fake-changed", "fake", _flat_text(o.fake), _flat_text(n.fake))
        out.changed(
            "description-changed", "response", o.response_description, n.response_description
        )

    # -- parameters -------------------------------------------------------------------
    def parameters(self) -> None:
        old, new = _by_key(self.old.parameters, _wire), _by_key(self.new.parameters, _wire)
        removed, added, renames, common = _matched(
            old, new, lambda a, b: _same_meaning(old[a], new[b])
        )
        for name in removed:
            self.out.removed("parameter-removed", name, _kind(old[name]), old[name].deprecated)
        for name in added:
            rule = "parameter-added-required" if new[name].required else "parameter-added-optional"
            self.out.add(rule, name, None, _kind(new[name]))
        for a, b in renames:
            self.out.add("parameter-renamed", a, a, b)
        for a, b in [(n, n) for n in common] + renames:
            self.parameter(old[a], new[b])

    def parameter(self, o: Parameter, n: Parameter) -> None:
        out, path = self.out, n.wire_name
        out.changed("parameter-python-name-changed", path, o.python_name, n.python_name)
        out.deprecation(path, o.deprecated, n.deprecated)
        if o.required != n.required:
            out.add(
                "parameter-made-required" if n.required else "parameter-made-optional",
                path,
                o.required,
                n.required,
            )
        type_rule = _parameter_type_rule(o.doc_type, n.doc_type)
        if type_rule:
            out.add(type_rule, path, o.doc_type, n.doc_type)
        out.changed("parameter-location-changed", path, o.location, n.location)
        self.json_type(path, o.json_type, n.json_type)
        compare_constraints(out, path, o.constraints, n.constraints)
        if o.constraints.enum and n.constraints.enum:
            out.changed(
                "violation-code-changed",
                path,
                _setting("enum_error", o.enum_error),
                _setting("enum_error", n.enum_error),
            )
        out.flag("empty-clears", path, o.empty_clears, n.empty_clears)
        out.flag("sensitive", path, o.sensitive, n.sensitive)
        out.changed("description-changed", path, o.description, n.description)
        out.changed("example-changed", path, o.example, n.example)
        out.changed(
            "example-changed",
            path,
            _setting("example_invalid", o.example_invalid),
            _setting("example_invalid", n.example_invalid),
        )
        out.changed("notes-changed", path, _notes(o), _notes(n))

    def json_type(self, path: str, old: str | None, new: str | None) -> None:
        if old is None and new is not None:
            self.out.add("parameter-json-added", path, None, new)
        elif old is not None and new is None:
            self.out.add("parameter-json-removed", path, old, None)
        elif old is not None and new is not None:
            StructDiff(self.service.old, self.service.new, self.out).type(path, old, new)

    # -- rules across parameters --------------------------------------------------------
    def rules(self) -> None:
        old, new = _by_key(self.old.rules, _id), _by_key(self.new.rules, _id)
        for a, b in _matched(old, new, lambda a, b: _check(old[a]) == _check(new[b]))[2]:
            self.out.add("rule-renamed", a, a, b)
            new[a] = new.pop(b)  # then compared as one rule: its notes and source may differ
        for rule_id in list(old) + [r for r in new if r not in old]:
            self.rule(rule_id, old.get(rule_id), new.get(rule_id))

    def rule(self, rule_id: str, o: Rule | None, n: Rule | None) -> None:
        # A rule moving between checked and unchecked is judged by what the client checks.
        was, now = o is not None and o.checked, n is not None and n.checked
        before, after = _describe(o), _describe(n)
        if was and now and o and n:
            verdict = _rule_verdict(o, n)
            if verdict:
                self.out.add(verdict, rule_id, before, after)
            self.out.changed("violation-code-changed", rule_id, o.error, n.error)
        elif now:
            self.out.add("rule-added", rule_id, before, after)
        elif was:
            self.out.add("rule-removed", rule_id, before, after)
        elif o is None:
            self.out.add("unchecked-rule-added", rule_id, None, after)
        elif n is None:
            self.out.add("unchecked-rule-removed", rule_id, before, None)
        else:
            self.out.changed("description-changed", rule_id, _rule_text(o), _rule_text(n))
        if o and n:
            self.out.changed("notes-changed", rule_id, _notes(o), _notes(n))

    # -- responses and errors ----------------------------------------------------------
    def response(
        self,
        prefix: str,
        old_fields: tuple[ResponseField, ...],
        new_fields: tuple[ResponseField, ...],
    ) -> None:
        old, new = _by_key(old_fields, _name), _by_key(new_fields, _name)
        removed, added, common = _split(old, new)
        for name in removed:
            self.out.removed(
                "response-field-removed", _join(prefix, name), old[name].type, old[name].deprecated
            )
        for name in added:
            self.out.add("response-field-added", _join(prefix, name), None, new[name].type)
        for name in common:
            self.response_field(_join(prefix, name), old[name], new[name])

    def response_field(self, path: str, o: ResponseField, n: ResponseField) -> None:
        if o.type != n.type:
            widths = {o.type, n.type} <= {"integer", "long"}
            self.out.add(
                "response-field-width-changed" if widths else "response-field-type-changed",
                path,
                o.type,
                n.type,
            )
        self.out.changed("description-changed", path, o.description, n.description)
        self.out.changed("example-changed", path, o.example, n.example)
        self.out.changed("notes-changed", path, _notes(o), _notes(n))
        self.out.deprecation(path, o.deprecated, n.deprecated)
        _enum(self.out, path, o.enum, n.enum, stem="response-enum")
        self.response(path, o.fields, n.fields)

    def errors(self) -> None:
        old, new = dict.fromkeys(self.old.errors), dict.fromkeys(self.new.errors)
        removed, added, _ = _split(old, new)
        members = {e.code: e.member for e in self.service.old.errors + self.service.new.errors}
        for code in removed:
            self.out.add("operation-error-removed", code, members.get(code), None)
        for code in added:
            self.out.add("operation-error-added", code, None, members.get(code))


class StructDiff:
    """Walks the structures two JSON parameters point at, side by side.

    The loader rejects types that refer to themselves, so the walk always ends.
    """

    def __init__(self, old: Service, new: Service, out: Scope) -> None:
        self.old = _by_key(old.types, _name)
        self.new = _by_key(new.types, _name)
        self.out = out

    def type(self, path: str, old_name: str, new_name: str) -> None:
        o, n = self.old[old_name], self.new[new_name]
        if o.kind != n.kind:
            self.out.add("struct-field-type-changed", path, o.kind, n.kind)
            return
        if o.items is not None and n.items is not None:
            self.field(path + "[]", o.items, n.items)
        self.fields(path, o, n)
        self.variants(path, o, n)
        self.type_rules(path, o, n)

    def fields(self, path: str, o: StructType, n: StructType) -> None:
        old, new = _by_key(o.fields, _key), _by_key(n.fields, _key)
        removed, added, common = _split(old, new)
        for key in removed:
            self.out.removed(
                "struct-field-removed", f"{path}.{key}", _field_type(old[key]), old[key].deprecated
            )
        for key in added:
            rule = (
                "struct-field-added-required"
                if new[key].required
                else "struct-field-added-optional"
            )
            self.out.add(rule, f"{path}.{key}", None, _field_type(new[key]))
        for key in common:
            self.field(f"{path}.{key}", old[key], new[key])

    def variants(self, path: str, o: StructType, n: StructType) -> None:
        # Fields of every variant share the parameter's path: a caller sees one JSON shape.
        removed, added, common = _split(dict.fromkeys(o.one_of), dict.fromkeys(n.one_of))
        for name in removed:
            self.out.add("struct-variant-removed", path, name, None)
        for name in added:
            self.out.add("struct-variant-added", path, None, name)
        for name in common:
            self.type(path, name, name)

    def type_rules(self, path: str, o: StructType, n: StructType) -> None:
        """Rules across fields, compared by what they allow rather than by their text."""
        self.together(path, o, n)
        self.at_most(path, o.at_most, n.at_most)
        old_same, new_same = o.same_value, n.same_value
        if old_same and new_same and old_same[0] == new_same[0]:
            self.out.changed(
                "violation-code-changed", path, _same_text(old_same), _same_text(new_same)
            )
        else:
            self.rule_pair(
                path, old_same and _same_text(old_same), new_same and _same_text(new_same)
            )

    def together(self, path: str, o: StructType, n: StructType) -> None:
        # A group says: any of its fields present means all present. A group with more
        # fields allows less; one group contained in another is its tighter or looser form.
        old, new = {frozenset(g.fields): g for g in o.together}, {
            frozenset(g.fields): g for g in n.together
        }
        for fields in set(old) & set(new):
            self.out.changed(
                "violation-code-changed",
                path,
                _together_text(old[fields]),
                _together_text(new[fields]),
            )
        gone, fresh = [k for k in old if k not in new], [k for k in new if k not in old]
        for a in gone:
            b = next((b for b in fresh if a < b or b < a), None)
            if b is None:
                self.out.add("struct-rule-removed", path, _together_text(old[a]), None)
                continue
            fresh.remove(b)
            rule = "struct-rule-tightened" if a < b else "struct-rule-relaxed"
            self.out.add(rule, path, _together_text(old[a]), _together_text(new[b]))
        for b in fresh:
            self.out.add("struct-rule-added", path, None, _together_text(new[b]))

    def at_most(
        self, path: str, o: tuple[str, Scalar, int] | None, n: tuple[str, Scalar, int] | None
    ) -> None:
        if o and n and o[:2] == n[:2] and o[2] != n[2]:
            self.out.add(
                "struct-rule-tightened" if n[2] < o[2] else "struct-rule-relaxed",
                path,
                _at_most_text(o),
                _at_most_text(n),
            )
        elif o != n:
            self.rule_pair(path, o and _at_most_text(o), n and _at_most_text(n))

    def rule_pair(self, path: str, old: str | None, new: str | None) -> None:
        """A rule across fields that is only the same or another one."""
        if old == new:
            return
        if old is not None:
            self.out.add("struct-rule-removed", path, old, None)
        if new is not None:
            self.out.add("struct-rule-added", path, None, new)

    def field(self, path: str, o: StructField, n: StructField) -> None:
        if o.required != n.required:
            self.out.add(
                "struct-field-made-required" if n.required else "struct-field-made-optional",
                path,
                o.required,
                n.required,
            )
        self.field_type(path, o, n)
        self.out.deprecation(path, o.deprecated, n.deprecated)
        compare_constraints(self.out, path, o.constraints, n.constraints)
        _presence(self.out, "format", path, "format", o.format, n.format)
        _presence(self.out, "format", path, "not_prefix", o.not_prefix, n.not_prefix)
        self.out.changed("violation-code-changed", path, _field_error(o), _field_error(n))
        self.out.changed("description-changed", path, o.description, n.description)

    def field_type(self, path: str, o: StructField, n: StructField) -> None:
        if o.ref and n.ref:
            self.type(path, o.ref, n.ref)
        elif _field_type(o) != _field_type(n):
            widened = not o.ref and not n.ref and _covers(n.types, o.types)
            self.out.add(
                "struct-field-type-widened" if widened else "struct-field-type-changed",
                path,
                _field_type(o),
                _field_type(n),
            )


# -- value constraints, shared by parameters and structure fields -------------------------
def compare_constraints(out: Scope, path: str, o: Constraints, n: Constraints) -> None:
    """Constraints on what a caller sends: adding or tightening one is breaking, removing
    or loosening it is info. A bound that restricts nothing (min_length 0) is no bound."""
    _enum(out, path, o.enum, n.enum, stem="enum")
    _bound(
        out, "length", path, "min_length", o.min_length or None, n.min_length or None, is_min=True
    )
    _bound(out, "length", path, "max_length", o.max_length, n.max_length, is_min=False)
    _bound(out, "range", path, "minimum", o.minimum, n.minimum, is_min=True)
    _bound(out, "range", path, "maximum", o.maximum, n.maximum, is_min=False)
    # Whether one regular expression accepts less than another is undecidable in general,
    # so only adding or dropping a pattern has a direction.
    _presence(out, "pattern", path, "pattern", _pattern(o.pattern), _pattern(n.pattern))
    out.changed("default-changed", path, o.default, n.default)


def _presence(
    out: Scope, stem: str, path: str, name: str, old: str | None, new: str | None
) -> None:
    """A check that is there or not: added (breaking), removed (info), changed (warning)."""
    if old == new:
        return
    verdict = "added" if old is None else "removed" if new is None else "changed"
    out.add(f"{stem}-{verdict}", path, _setting(name, old), _setting(name, new))


def _pattern(pattern: str | None) -> str | None:
    # Patterns that match every text restrict nothing.
    return None if pattern in (None, "", ".*", "^.*$", "^.*", ".*$") else pattern


def _enum(
    out: Scope, path: str, o: tuple[EnumValue, ...], n: tuple[EnumValue, ...], *, stem: str
) -> None:
    """stem enum: values a caller sends (fewer is breaking); response-enum: values a caller
    reads (more is a warning)."""
    if not o and not n:
        return
    if not o:
        out.add(f"{stem}-introduced", path, None, _listing(e.value for e in n))
        return
    if not n:
        out.add(f"{stem}-dropped", path, _listing(e.value for e in o), None)
        return
    # Keyed by type as well, because True == 1 would hide a change from 1 to true.
    old = {(type(e.value), e.value): e for e in o}
    new = {(type(e.value), e.value): e for e in n}
    removed, added, common = _split(old, new)
    for key in removed:
        out.removed(f"{stem}-value-removed", path, key[1], old[key].deprecated)
    for key in added:
        out.add(f"{stem}-value-added", path, None, key[1])
    for key in common:
        out.changed(
            "description-changed", f"{path}={key[1]}", old[key].description, new[key].description
        )
        out.deprecation(f"{path}={key[1]}", old[key].deprecated, new[key].deprecated)


def _bound(
    out: Scope,
    stem: str,
    path: str,
    name: str,
    old: float | None,
    new: float | None,
    *,
    is_min: bool,
) -> None:
    if old == new:
        return
    tighter = new is not None and (old is None or (new > old if is_min else new < old))
    out.add(
        f"{stem}-tightened" if tighter else f"{stem}-relaxed",
        path,
        _setting(name, old),
        _setting(name, new),
    )


def _rule_verdict(o: Rule, n: Rule) -> str | None:
    """Which of tightened, relaxed or changed a checked rule underwent, or None."""
    if _rule_text(o) == _rule_text(n) and set(o.allowed) == set(n.allowed):
        return None
    if (o.kind, o.pattern) != (n.kind, n.pattern):
        return "rule-changed"  # another kind or pattern is not an order relation
    if o.kind == "combinations" and o.params == n.params:
        # Fewer allowed combinations reject more calls.
        return _direction(
            tighter=set(n.allowed) <= set(o.allowed), looser=set(n.allowed) >= set(o.allowed)
        )
    if o.kind in ("requires", "forbids"):
        more_params, fewer_params = set(n.params) >= set(o.params), set(n.params) <= set(o.params)
        wider, narrower = _applies_wider(n, o), _applies_wider(o, n)
        return _direction(tighter=more_params and wider, looser=fewer_params and narrower)
    return "rule-changed"


def _direction(*, tighter: bool, looser: bool) -> str | None:
    if tighter and looser:
        return None  # same sets in another order
    if tighter:
        return "rule-tightened"
    return "rule-relaxed" if looser else "rule-changed"


def _applies_wider(a: Rule, b: Rule) -> bool:
    """Does rule a apply whenever rule b does? No condition means always."""
    if a.when is None:
        return True
    if b.when is None or a.when.param != b.when.param:
        return False
    return set(a.when.values) >= set(b.when.values)


def _describe(rule: Rule | None) -> str | None:
    return None if rule is None else _rule_text(rule)


def _check(rule: Rule) -> tuple[object, ...]:
    """What a rule checks and reports, without its id and documentation."""
    return (
        rule.kind,
        frozenset(rule.params),
        rule.when and (rule.when.param, frozenset(rule.when.values)),
        frozenset(rule.allowed),
        rule.pattern,
        rule.error,
        rule.reason,
    )


def _rule_text(rule: Rule) -> str:
    text = f"{rule.kind} {', '.join(rule.params)}"
    if rule.when:
        text += f" when {rule.when.param} in {_listing(rule.when.values)}"
    if rule.allowed:
        text += f" ({len(rule.allowed)} allowed)"
    if rule.pattern:
        text += f" matching {rule.pattern}"
    if rule.error:
        text += f" -> {rule.error}"
    return text


def _shape(types: dict[str, StructType], name: str) -> object:
    """A type with its name left out and every type it refers to written out in place, so
    that a renamed type (and the list types that refer to it) compare equal."""

    def expand(value: object) -> object:
        if isinstance(value, dict):
            return {
                k: _shape(types, v) if k == "ref" and v in types else expand(v)
                for k, v in value.items()
            }
        if isinstance(value, list):
            return [expand(v) for v in value]
        return value

    data = record_dict(types[name])
    data["one_of"] = [_shape(types, v) for v in data.pop("one_of")]
    del data["name"]
    return expand(data)


def _carried(service: Service) -> set[str]:
    """The types some parameter carries as JSON, and every type those refer to."""
    types = _by_key(service.types, _name)
    todo = [p.json_type for op in service.operations for p in op.parameters if p.json_type]
    seen: set[str] = set()
    while todo:
        name = todo.pop()
        if name in seen or name not in types:
            continue
        seen.add(name)
        t = types[name]
        fields = [*t.fields, *([t.items] if t.items else [])]
        todo += [f.ref for f in fields if f.ref] + list(t.one_of)
    return seen


def _together_text(group: Together) -> str:
    return f"{', '.join(group.fields)} together -> {group.error}"


def _at_most_text(at_most: tuple[str, Scalar, int]) -> str:
    key, value, most = at_most
    return f"at most {most} with {key}={value}"


def _same_text(same: tuple[str, str]) -> str:
    return f"same {same[0]} in every item -> {same[1]}"


def _field_error(f: StructField) -> str:
    args = f" ({', '.join(f.error_args)})" if f.error_args else ""
    return _setting("error", f.error) + args


# -- service settings ------------------------------------------------------------------------
# The first matching prefix decides the rule of a changed setting. The body's encoding is
# judged per operation (operation-body-encoding-changed), so it is not repeated here.
_SETTING_RULES = (
    ("api_version", "api-version-changed"),
    ("title", "description-changed"),
    ("notes", "notes-changed"),
    ("style", "wire-changed"),
    ("endpoint.default_network", "default-network-changed"),
    ("endpoint", "endpoint-changed"),
    ("signing.note", "notes-changed"),
    ("signing", "signing-changed"),
    ("credentials", "credential-env-changed"),
    ("wire.form_content_type", ""),
    ("wire", "wire-changed"),
    ("response", "response-format-changed"),
    ("validation", "violation-code-changed"),
    ("fake", "fake-changed"),
)


def _settings(s: Service) -> dict[str, Value]:
    """Every service-wide setting as dotted key -> scalar (lists joined)."""
    flat: dict[str, Value] = {
        "api_version": s.api_version,
        "title": s.title,
        "style": s.style,
        "notes": _notes(s),
    }
    sections: tuple[tuple[str, Section | None], ...] = (
        ("endpoint", s.endpoint),
        ("signing", s.signing),
        ("credentials", s.credentials),
        ("wire", s.wire),
        ("response", s.response),
        ("validation", s.validation),
        ("fake", s.fake),
    )
    for name, section in sections:
        flat.update(_flatten(name, as_spec(section) if section else None))
    return {k: v for k, v in flat.items() if _setting_rule(k)}


def _setting_rule(key: str) -> str:
    return next(
        rule for prefix, rule in _SETTING_RULES if key == prefix or key.startswith(prefix + ".")
    )


def _flatten(prefix: str, value: object) -> dict[str, Value]:
    if isinstance(value, dict):
        return {
            k: v
            for key, item in value.items()
            for k, v in _flatten(f"{prefix}.{key}", item).items()
        }
    if isinstance(value, (list, tuple)):
        return {prefix: _listing(value)}
    return (
        {prefix: value}
        if isinstance(value, (str, int, float, bool)) or value is None
        else {prefix: str(value)}
    )


def _flat_text(section: Section | None) -> str | None:
    flat = _flatten("", as_spec(section)) if section else {}
    return "; ".join(f"{k.lstrip('.')}={v}" for k, v in flat.items()) or None


def _notes(item: Service | Operation | Parameter | Rule | StructType | ResponseField) -> str | None:
    return " ".join(item.notes) or None


# -- small helpers -------------------------------------------------------------------------
def _split(old: Mapping[T, object], new: Mapping[T, object]) -> tuple[list[T], list[T], list[T]]:
    """Removed, added and common keys, each in the order its side lists them."""
    return (
        [k for k in old if k not in new],
        [k for k in new if k not in old],
        [k for k in old if k in new],
    )


def _matched(
    old: Mapping[str, object], new: Mapping[str, object], alike: Callable[[str, str], bool]
) -> tuple[list[str], list[str], list[tuple[str, str]], list[str]]:
    """Removed, added, renamed (old, new) and common names; a rename is not also removed or added."""
    removed, added, common = _split(old, new)
    renames = _renames(removed, added, alike)
    gone, fresh = {a for a, _ in renames}, {b for _, b in renames}
    return (
        [n for n in removed if n not in gone],
        [n for n in added if n not in fresh],
        renames,
        common,
    )


def _renames(
    removed: list[str], added: list[str], alike: Callable[[str, str], bool]
) -> list[tuple[str, str]]:
    """Pair removed with added names: first by case-insensitive name, then by `alike`."""
    pairs: list[tuple[str, str]] = []
    for test in (lambda a, b: a.lower() == b.lower(), alike):
        for old in removed:
            if any(old == a for a, _ in pairs):
                continue
            new = next((b for b in added if test(old, b) and all(b != n for _, n in pairs)), None)
            if new is not None:
                pairs.append((old, new))
    return pairs


def _same_meaning(a: Parameter, b: Parameter) -> bool:
    # An empty description says nothing, so it cannot tie two parameters together.
    return bool(a.description) and (a.doc_type, a.location, a.description) == (
        b.doc_type,
        b.location,
        b.description,
    )


def _kind(p: Parameter) -> str:
    return f"{p.doc_type} in {p.location}"


def _parameter_type_rule(old: str, new: str) -> str | None:
    if old == new:
        return None
    if {old, new} <= {"integer", "long"}:
        return "parameter-type-widened" if new == "long" else "parameter-type-narrowed"
    return "parameter-type-changed"


def _covers(new: tuple[str, ...], old: tuple[str, ...]) -> bool:
    """Does every value of the old scalar types still fit one of the new ones?"""
    return all(t in new or (t == "integer" and "number" in new) for t in old)


def _body_encoding(service: Service) -> str:
    # The model has no per-operation encoding: every body is the service's form encoding.
    return service.wire.form_content_type


def _flags(error: ErrorDef) -> str:
    names = [name for name in ("retryable", "throttling", "not_found") if getattr(error, name)]
    return ", ".join(names) or "none"


def _field_type(f: StructField) -> str:
    return f.ref or " | ".join(f.types)


def exception_ancestry(name: str) -> tuple[str, ...]:
    """The exception and the classes it subclasses, as templates/errors.py.j2 defines them."""
    chain = [name]
    while chain[-1] in EXCEPTION_BASES:
        chain.append(EXCEPTION_BASES[chain[-1]])
    return tuple(chain)


# Class -> base class among the fixed classes under the package's root error
# (tests/diff/test_compare.py checks this against the generated package).
EXCEPTION_BASES = {
    "BadRequestError": "APIError",
    "NotFoundError": "BadRequestError",
    "ThrottlingError": "BadRequestError",
    "ServerError": "APIError",
    "APITimeoutError": "APIConnectionError",
}


def _setting(name: str, value: object) -> str:
    return f"{name}={value}" if value is not None else f"no {name}"


def _listing(values: Iterable[Scalar]) -> str:
    return ", ".join(str(v) for v in values)


def _endpoint(op: Operation) -> str:
    return f"{op.method} {op.path}"


def _join(prefix: str, name: str) -> str:
    return f"{prefix}.{name}" if prefix else name


def _by_key(items: Iterable[T], key: Callable[[T], str]) -> dict[str, T]:
    return {key(item): item for item in items}


def _name(item: Service | Operation | StructType | ResponseField) -> str:
    return item.name


def _code(error: ErrorDef) -> str:
    return error.code


def _wire(p: Parameter) -> str:
    return p.wire_name


def _id(rule: Rule) -> str:
    return rule.id


def _key(f: StructField) -> str:
    return f.key
