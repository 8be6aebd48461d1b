"""Turn the model into the validation engine's tables (one object graph per operation).

The same objects serve `gen lint` in-process and, printed as source, the generated
package's _tables.py.
"""

from __future__ import annotations

from typing import Any

from generator.frontend.names import constant_name
from generator.model import Operation, Parameter, Rule, Service, StructField, StructType
from generator.runtime import _validation


class ValidationTables:
    """The engine objects of one service, with the names they are printed under."""

    def __init__(self, codes: Any) -> None:
        self.codes = codes
        self.operations: dict[str, Any] = {}
        self.types: dict[str, Any] = {}  # struct type name -> node
        self.constant_names: dict[int, str] = {}  # id(node) -> constant


# Made once per service: the front end's checks and the back end's view both read them. The
# service is kept beside its tables, so that its id stays its own until release().
_MADE: dict[int, tuple[Service, ValidationTables]] = {}


def validation_tables(service: Service) -> ValidationTables:
    made = _MADE.get(id(service))
    if made is None:
        made = _MADE[id(service)] = (service, _make(service))
    return made[1]


def release(service: Service) -> None:
    """Let go of the service's tables (and of the service, unless something else holds it)."""
    _MADE.pop(id(service), None)


def _make(service: Service) -> ValidationTables:
    codes = _validation.Codes(
        required=service.validation.required,
        invalid=service.validation.invalid,
        unknown=service.validation.unknown,
        templates={e.code: e.message for e in service.errors},
    )
    tables = ValidationTables(codes)
    by_name = {t.name: t for t in service.types}
    for struct in service.types:
        _node_for(struct.name, by_name, tables, ())
    for op in service.operations:
        tables.operations[op.name] = _operation(op, tables)
    return tables


def _node_for(
    name: str, by_name: dict[str, StructType], tables: ValidationTables, seen: tuple[str, ...]
) -> Any:
    """Build a named type once; cycles and dangling names accept anything (lint reports them)."""
    if name in tables.types:
        return tables.types[name]
    struct = by_name.get(name)
    if struct is None or name in seen:
        return _validation.Scalar(kinds=("any",))
    seen = seen + (name,)
    node: _validation.Node
    if struct.kind == "object":
        node = _validation.Obj(
            name=name,
            fields=tuple(
                _validation.Field(f.key, _field_node(f, by_name, tables, seen), f.required)
                for f in struct.fields
            ),
            together=tuple(
                _validation.Together(t.fields, t.error, t.missing_errors) for t in struct.together
            ),
        )
    elif struct.kind == "array":
        assert struct.items is not None
        node = _validation.Arr(
            name=name,
            items=_field_node(struct.items, by_name, tables, seen),
            at_most=_validation.AtMost(*struct.at_most) if struct.at_most else None,
            same_value=_validation.SameValue(*struct.same_value) if struct.same_value else None,
        )
    elif struct.kind == "one_of":
        node = _validation.OneOf(
            name=name, options=tuple(_node_for(o, by_name, tables, seen) for o in struct.one_of)
        )
    else:
        node = _validation.Scalar(kinds=(struct.kind,))
    tables.types[name] = node
    tables.constant_names[id(node)] = constant_name(name)
    return node


def _field_node(
    f: StructField, by_name: dict[str, StructType], tables: ValidationTables, seen: tuple[str, ...]
) -> Any:
    if f.ref:
        return _node_for(f.ref, by_name, tables, seen)
    c = f.constraints
    return _validation.Scalar(
        kinds=f.types,
        enum=c.enum_values,
        min_length=c.min_length,
        max_length=c.max_length,
        pattern=c.pattern,
        minimum=c.minimum,
        maximum=c.maximum,
        format=f.format,
        not_prefix=f.not_prefix,
        error=f.error,
        error_args=f.error_args,
    )


def param_table(p: Parameter, tables: ValidationTables) -> Any:
    c = p.constraints
    return _validation.Param(
        python_name=p.python_name,
        wire_name=p.wire_name,
        node=_validation.Scalar(
            kinds=(p.kind,),
            enum=c.enum_values,
            min_length=c.min_length,
            max_length=c.max_length,
            pattern=c.pattern,
            minimum=c.minimum,
            maximum=c.maximum,
        ),
        required=p.required,
        location=p.location,
        sensitive=p.sensitive,
        empty_clears=p.empty_clears,
        json=tables.types.get(p.json_type) if p.json_type else None,
        enum_code=p.enum_error,
    )


def _rule(rule: Rule) -> Any:
    assert rule.error is not None, "checked rules carry their error code (the format requires it)"
    when = _validation.When(rule.when.param, rule.when.values) if rule.when else None
    if rule.kind == "requires":
        return _validation.Requires(rule.id, rule.params, rule.error, when)
    if rule.kind == "forbids":
        return _validation.Forbids(rule.id, rule.params, rule.error, when)
    if rule.kind == "combinations":
        return _validation.Combinations(
            rule.id, rule.params, tuple(sorted(rule.allowed, key=repr)), rule.error
        )
    assert rule.pattern is not None
    return _validation.ForbidPattern(rule.id, rule.params, rule.pattern, rule.error)


def _operation(op: Operation, tables: ValidationTables) -> Any:
    return _validation.Operation(
        name=op.name,
        params=tuple(param_table(p, tables) for p in op.parameters),
        rules=tuple(_rule(r) for r in op.rules if r.checked),
    )
