"""Check a loaded spec against the JSON Schema of the spec format.

jsonschema is not a dependency of gen, and its errors know nothing of YAML lines, so this
interprets the subset of JSON Schema that the format files in spec_format/ use, reporting
every problem with its position and, for misspelt keys, the key that was probably meant.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path as FilePath
from typing import Any

from generator.frontend.located import Located, Path
from generator.problems import Problem
from generator.runtime import _validation

Schema = dict[str, Any]
_TYPES: dict[str, tuple[type, ...]] = {
    "object": (dict,),
    "array": (list,),
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "null": (type(None),),
}


SPEC_FORMAT = FilePath(__file__).resolve().parents[1] / "spec_format"  # installed with gen


@cache
def format_schema(name: str) -> Schema:
    return dict(json.loads((SPEC_FORMAT / name).read_text("utf-8")))


class _Checker:
    """Collects (path, message, whether the key itself is wrong); check_format turns them into
    problems. Positions are looked up only then: anyOf's probes find problems they drop."""

    def __init__(self, doc: Located, root: str) -> None:
        self.doc = doc
        self.root = root
        self.problems: list[tuple[Path, str, bool]] = []

    def resolve(self, schema: Schema, base: str) -> tuple[Schema, str]:
        while "$ref" in schema:
            ref = schema["$ref"]
            file, _, pointer = ref.partition("#")
            base = file or base
            target: Any = format_schema(base)
            for part in pointer.strip("/").split("/") if pointer else []:
                target = target[part]
            schema = target
        return schema, base

    def report(self, path: Path, message: str, key: bool = False) -> None:
        self.problems.append((path, message, key))

    def is_valid(self, value: Any, schema: Schema, base: str) -> bool:
        probe = _Checker(self.doc, self.root)
        probe.check(value, schema, base, ())
        return not probe.problems

    def check(self, value: Any, schema: Schema, base: str, path: Path) -> None:
        schema, base = self.resolve(schema, base)
        if "anyOf" in schema:
            self._any_of(value, schema["anyOf"], base, path)
            return
        if not self._type_ok(value, schema, path):
            return
        self._scalar_rules(value, schema, path)
        if isinstance(value, dict):
            self._object(value, schema, base, path)
        elif isinstance(value, list):
            self._array(value, schema, base, path)

    def _any_of(self, value: Any, options: list[Schema], base: str, path: Path) -> None:
        if any(self.is_valid(value, option, base) for option in options):
            return
        # Report against the option that fits the value's shape best, not a vague "no match".
        fitting = [
            self.resolve(o, base)
            for o in options
            if self._shape_matches(value, self.resolve(o, base)[0])
        ]
        if isinstance(value, dict) and len(fitting) > 1:
            fitting.sort(key=lambda pair: -len(set(value) & set(pair[0].get("properties", {}))))
        if fitting:
            self.check(value, fitting[0][0], fitting[0][1], path)
            return
        self.report(path, f"unexpected value {value!r}")

    def _shape_matches(self, value: Any, schema: Schema) -> bool:
        wanted = schema.get("type")
        if wanted is None:
            return "enum" not in schema and "const" not in schema
        names = wanted if isinstance(wanted, list) else [wanted]
        return any(_is_type(value, name) for name in names)

    def _type_ok(self, value: Any, schema: Schema, path: Path) -> bool:
        if "const" in schema and value != schema["const"]:
            self.report(path, f"must be {schema['const']!r}, not {value!r}")
            return False
        if "enum" in schema and value not in schema["enum"]:
            choices = ", ".join(map(str, schema["enum"]))
            self.report(path, f"{value!r} is not one of: {choices}")
            return False
        wanted = schema.get("type")
        if wanted is None or (type(wanted) is str and _is_type(value, wanted)):
            return True  # the one type named: the common case, checked without a generator
        names = wanted if isinstance(wanted, list) else [wanted]
        if any(_is_type(value, name) for name in names):
            return True
        self.report(path, f"must be {' or '.join(names)}, not {_type_name(value)}")
        return False

    def _scalar_rules(self, value: Any, schema: Schema, path: Path) -> None:
        if isinstance(value, str):
            if len(value) < schema.get("minLength", 0):
                self.report(path, "must not be empty")
            if "pattern" in schema and not _matches(schema["pattern"], value):
                self.report(path, f"{value!r} does not match {schema['pattern']}")
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            if "minimum" in schema and value < schema["minimum"]:
                self.report(path, f"must be at least {schema['minimum']}")
            if "maximum" in schema and value > schema["maximum"]:
                self.report(path, f"must be at most {schema['maximum']}")

    def _object(self, value: dict[str, Any], schema: Schema, base: str, path: Path) -> None:
        props: dict[str, Schema] = schema.get("properties", {})
        extra = schema.get("additionalProperties", True)
        names = schema.get("propertyNames")
        for key, item in value.items():
            if names and not _matches(names["pattern"], key):
                self.report(path + (key,), f"name {key!r} does not match {names['pattern']}")
            if key in props:
                self.check(item, props[key], base, path + (key,))
            elif extra is False:
                self.report(path + (key,), _unknown_key(key, props), key=True)
            elif isinstance(extra, dict):
                self.check(item, extra, base, path + (key,))
        for key in schema.get("required", []):
            if key not in value:
                self.report(path, f"missing required key {key!r}")

    def _array(self, value: list[Any], schema: Schema, base: str, path: Path) -> None:
        if len(value) < schema.get("minItems", 0):
            self.report(path, f"needs at least {schema['minItems']} item(s)")
        if "items" in schema:
            for i, item in enumerate(value):
                self.check(item, schema["items"], base, path + (i,))


def _matches(pattern: str, text: str) -> bool:
    """The validator's own matching: ``$`` is the very end, so "my_pkg\\n" is no name."""
    return bool(_validation.matches(pattern, text))


def _is_type(value: Any, name: str) -> bool:
    if isinstance(value, bool) and name in ("integer", "number"):
        return False
    return isinstance(value, _TYPES[name])


def _type_name(value: Any) -> str:
    for name in _TYPES:
        if _is_type(value, name):
            return name
    return type(value).__name__


def _unknown_key(key: str, known: dict[str, Schema]) -> str:
    import difflib  # here: only a spec with a problem needs it

    close = difflib.get_close_matches(key, list(known), n=1, cutoff=0.6)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    return f"unknown key {key!r}{hint}"


def check_format(doc: Located, schema_name: str) -> list[Problem]:
    checker = _Checker(doc, schema_name)
    checker.check(doc.data, format_schema(schema_name), schema_name, ())
    return [
        doc.key_problem(path, message) if key else doc.problem(path, message)
        for path, message, key in checker.problems
    ]
