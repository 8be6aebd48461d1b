# Copied by gen from its runtime (the same in every generated package); do not edit.
"""The engine behind the generated validators.

The tables in ``_tables.py`` describe every parameter and rule of each operation; this
module walks a request against them and returns every violation at once, each with the
error code the service itself would answer with.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any, Final, NamedTuple


class ClearType:
    """The type of :data:`CLEAR`: send an empty value to clear a setting."""

    _instance: ClearType | None = None

    def __new__(cls) -> ClearType:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "CLEAR"

    def __reduce__(self) -> str:
        return "CLEAR"


CLEAR: Final = ClearType()
"""Pass this for a parameter whose documentation says an empty value clears it."""


class Violation(NamedTuple):
    """One broken rule: where, which rule, the service's code and its documented message."""

    path: str
    rule: str
    code: str
    message: str
    detail: str

    def __str__(self) -> str:
        return f"{self.path}: {self.detail} ({self.code}: {self.message})"


class Scalar(NamedTuple):
    kinds: tuple[str, ...]
    enum: tuple[Any, ...] = ()
    min_length: int | None = None
    max_length: int | None = None
    pattern: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    format: str | None = None
    not_prefix: str | None = None
    error: str | None = None
    error_args: tuple[str, ...] = ()


class Field(NamedTuple):
    key: str
    node: Node
    required: bool = False


class Together(NamedTuple):
    fields: tuple[str, ...]
    code: str


class Obj(NamedTuple):
    name: str
    fields: tuple[Field, ...]
    together: tuple[Together, ...] = ()


class AtMost(NamedTuple):
    key: str
    value: Any
    limit: int


class SameValue(NamedTuple):
    key: str
    code: str


class Arr(NamedTuple):
    name: str
    items: Node
    at_most: AtMost | None = None
    same_value: SameValue | None = None


class OneOf(NamedTuple):
    name: str
    options: tuple[Node, ...]


Node = Scalar | Obj | Arr | OneOf


class Param(NamedTuple):
    python_name: str
    wire_name: str
    node: Scalar
    required: bool = False
    location: str = "query"
    sensitive: bool = False
    empty_clears: bool = False
    json: Node | None = None
    enum_code: str | None = None


class When(NamedTuple):
    param: str
    values: tuple[Any, ...]


class Requires(NamedTuple):
    id: str
    params: tuple[str, ...]
    code: str
    when: When | None = None


class Forbids(NamedTuple):
    id: str
    params: tuple[str, ...]
    code: str
    when: When | None = None


class Combinations(NamedTuple):
    id: str
    params: tuple[str, ...]
    allowed: tuple[tuple[Any, ...], ...]
    code: str


class ForbidPattern(NamedTuple):
    id: str
    params: tuple[str, ...]
    pattern: str
    code: str


Rule = Requires | Forbids | Combinations | ForbidPattern


class Codes(NamedTuple):
    """The fallback codes and every documented message template."""

    required: str
    invalid: str
    unknown: str
    templates: Mapping[str, str]


class Operation(NamedTuple):
    name: str
    params: tuple[Param, ...]
    rules: tuple[Rule, ...] = ()


_INDEXES: dict[int, tuple[Operation, dict[str, Param]]] = {}


def param_index(op: Operation) -> dict[str, Param]:
    """The operation's parameters by Python name (built once per table)."""
    # Keyed by identity: hashing a table would walk all of it on every call. The entry
    # keeps its table alive, so an id can never be reused by another table.
    entry = _INDEXES.get(id(op))
    if entry is None or entry[0] is not op:
        entry = _INDEXES[id(op)] = (op, {p.python_name: p for p in op.params})
    return entry[1]


@lru_cache(maxsize=512)
def _regex(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def fill(template: str, args: Sequence[object]) -> str:
    """Fill the documented ``%s`` placeholders in order; missing arguments stay empty."""
    parts = template.split("%s")
    out = [parts[0]]
    for i, rest in enumerate(parts[1:]):
        out.append(str(args[i]) if i < len(args) else "")
        out.append(rest)
    return "".join(out)


class _Run:
    """One validation run: collects violations with their codes and messages."""

    def __init__(self, codes: Codes, strict_enums: bool, trial: bool = False) -> None:
        self.codes = codes
        self.strict_enums = strict_enums
        self.found: list[Violation] = []
        # A trial run (one option of a one_of) only counts failures: its messages are
        # never shown unless it turns out to be the closest option, and is re-run then.
        self.trial = trial
        self.failures = 0

    def add(
        self, path: str, rule: str, code: str, detail: str, args: Sequence[object] | None = None
    ) -> None:
        if self.trial:
            self.failures += 1
            return
        template = self.codes.templates.get(code, "")
        if args is None:
            args = [path] if template.count("%s") < 2 else [path, detail]
        self.found.append(Violation(path, rule, code, fill(template, args), detail))

    def scalar(
        self, node: Scalar, value: Any, path: str, secret: bool = False, code: str | None = None
    ) -> bool:
        """Check one scalar; returns False when its type is wrong (nothing more to check)."""
        test = _KIND_TESTS.get(node.kinds) or _kind_test(node.kinds)
        if not test(value):
            self.add(
                path,
                "type",
                self.codes.invalid,
                f"must be {' or '.join(node.kinds)}, not {_kind_of(value)}",
            )
            return False
        code = code or node.error or self.codes.invalid
        if node.enum and value not in node.enum and self.strict_enums:
            choices = ", ".join(map(str, node.enum))
            self.add(path, "enum", code, f"{_shown(value, secret)} is not one of: {choices}")
        if isinstance(value, str):
            if (
                node.min_length is not None
                or node.max_length is not None
                or node.pattern
                or node.not_prefix
                or node.format
            ):
                self._text(node, value, path, _shown(value, secret), code)
        elif not isinstance(value, bool) and isinstance(value, (int, float)):
            if node.minimum is not None and value < node.minimum:
                self.add(path, "minimum", code, f"must be at least {_num(node.minimum)}")
            if node.maximum is not None and value > node.maximum:
                self.add(path, "maximum", code, f"must be at most {_num(node.maximum)}")
        return True

    def _text(self, node: Scalar, value: str, path: str, shown: str, code: str) -> None:
        if node.min_length is not None and len(value) < node.min_length:
            self.add(path, "min_length", code, f"must be at least {node.min_length} character(s)")
        if node.max_length is not None and len(value) > node.max_length:
            self.add(
                path,
                "max_length",
                code,
                f"must be at most {node.max_length} characters, not {len(value)}",
            )
        if node.pattern is not None and not _regex(node.pattern).search(value):
            self.add(path, "pattern", code, f"{shown} does not match {node.pattern}")
        if node.not_prefix is not None and value.startswith(node.not_prefix):
            self.add(path, "not_prefix", code, f"must not start with {node.not_prefix!r}")
        if node.format is not None and not _FORMATS[node.format](value):
            self.add(path, "format", code, f"{shown} is not a valid {node.format}")

    def node(self, node: Node, value: Any, path: str) -> None:
        if isinstance(node, Scalar):
            self.scalar(node, value, path)
        elif isinstance(node, Obj):
            self.obj(node, value, path)
        elif isinstance(node, Arr):
            self.arr(node, value, path)
        else:
            self.one_of(node, value, path)

    def obj(self, node: Obj, value: Any, path: str) -> None:
        if type(value) is not dict and not isinstance(value, Mapping):
            self.add(path, "type", self.codes.invalid, f"must be an object, not {_kind_of(value)}")
            return
        known = _field_index(node)
        for key in value:
            if key not in known:
                detail = "unknown key" if self.trial else _unknown(str(key), known)
                self.add(f"{path}.{key}", "unknown", self.codes.invalid, detail)
        for f in node.fields:
            here = f"{path}.{f.key}"
            if f.key not in value:
                if f.required:
                    self.add(here, "required", self.codes.required, "is required")
            elif isinstance(f.node, Scalar) and f.node.error and f.node.error_args:
                args = [value.get(k, "") for k in f.node.error_args]
                before = len(self.found)
                self.scalar(f.node, value[f.key], here)
                for i in range(before, len(self.found)):
                    v = self.found[i]
                    if v.code == f.node.error:
                        template = self.codes.templates.get(v.code, "")
                        self.found[i] = Violation(
                            v.path, v.rule, v.code, fill(template, args), v.detail
                        )
            else:
                self.node(f.node, value[f.key], here)
        for group in node.together:
            given = [k for k in group.fields if k in value]
            if given and len(given) < len(group.fields):
                missing = ", ".join(k for k in group.fields if k not in value)
                self.add(
                    path, "together", group.code, f"{', '.join(given)} given without {missing}"
                )

    def arr(self, node: Arr, value: Any, path: str) -> None:
        if type(value) not in (list, tuple) and (
            isinstance(value, (str, bytes)) or not isinstance(value, Sequence)
        ):
            self.add(path, "type", self.codes.invalid, f"must be an array, not {_kind_of(value)}")
            return
        for i, item in enumerate(value):
            self.node(node.items, item, f"{path}[{i}]")
        if node.at_most is None and node.same_value is None:
            return
        items = [item for item in value if isinstance(item, Mapping)]
        if node.at_most is not None:
            rule = node.at_most
            hits = sum(1 for item in items if item.get(rule.key) == rule.value)
            if hits > rule.limit:
                self.add(
                    path,
                    "at_most",
                    self.codes.invalid,
                    f"at most {rule.limit} item(s) may have {rule.key}={rule.value!r}, found {hits}",
                )
        if node.same_value is not None:
            same = node.same_value
            seen = sorted({str(item[same.key]) for item in items if same.key in item})
            if len(seen) > 1:
                self.add(
                    path,
                    "same_value",
                    same.code,
                    f"all items must share one {same.key}, found {', '.join(seen)}",
                )

    def one_of(self, node: OneOf, value: Any, path: str) -> None:
        # Report the option that the value came closest to, so the message names a fix.
        best: tuple[int, Node] | None = None
        for option in node.options:
            trial = _Run(self.codes, self.strict_enums, trial=True)
            trial.node(option, value, path)
            if not trial.failures:
                return
            if best is None or trial.failures < best[0]:
                best = (trial.failures, option)
        if best is not None:
            self.node(best[1], value, path)

    def param(self, p: Param, value: Any) -> bool:
        """Check one parameter; False when its value is of the wrong kind altogether."""
        path = p.wire_name
        if value is CLEAR:
            if not p.empty_clears:
                self.add(
                    path,
                    "clear",
                    self.codes.invalid,
                    "cannot be cleared: the documentation gives no empty value for it",
                )
            return True
        if p.json is not None and not isinstance(value, str):
            self.node(p.json, value, path)
            return True
        if not self.scalar(p.node, value, path, p.sensitive, p.enum_code):
            return False
        if p.required and value == "":
            self.add(path, "required", self.codes.required, "must not be empty")
        if p.json is not None and value != "":
            self.raw_json(p, value, path)
        return True

    def raw_json(self, p: Param, text: str, path: str) -> None:
        try:
            parsed = json.loads(text)
        except ValueError as exc:
            self.add(
                path,
                "json",
                self.codes.invalid,
                f"is not valid JSON ({exc.__class__.__name__}: {exc})",
            )
            return
        if p.json is not None:
            if p.empty_clears and parsed == {} and isinstance(p.json, Obj):
                return
            self.node(p.json, parsed, path)

    def rule(self, rule: Rule, given: Mapping[str, Any], table: Operation) -> None:
        if isinstance(rule, (Requires, Forbids)):
            if (
                rule.when is not None
                and given.get(rule.when.param, _ABSENT) not in rule.when.values
            ):
                return
            cause = f" when {rule.when.param} is {given[rule.when.param]!r}" if rule.when else ""
            for name in rule.params:
                has = _filled(given.get(name, _ABSENT))
                if isinstance(rule, Requires) and not has:
                    self.add(name, rule.id, rule.code, f"is required{cause}")
                elif isinstance(rule, Forbids) and has:
                    self.add(name, rule.id, rule.code, f"is not supported{cause}")
        elif isinstance(rule, Combinations):
            if all(name in given for name in rule.params):
                values = tuple(given[name] for name in rule.params)
                if values not in rule.allowed:
                    pairs = ", ".join(
                        f"{n}={v!r}" for n, v in zip(rule.params, values, strict=True)
                    )
                    self.add(
                        "/".join(rule.params),
                        rule.id,
                        rule.code,
                        f"{pairs} is not an allowed combination",
                        values,
                    )
        else:
            for name in rule.params:
                value = given.get(name)
                if isinstance(value, str) and _regex(rule.pattern).search(value):
                    self.add(name, rule.id, rule.code, f"must not contain {rule.pattern}")


_ABSENT: Final = object()


def _filled(value: Any) -> bool:
    return value is not _ABSENT and value is not None and value is not CLEAR and value != ""


def unknown_parameters(
    table: Operation, params: Mapping[str, Any], codes: Codes
) -> list[Violation]:
    """Only the names that are not parameters: what must be refused even unvalidated,
    since a request cannot be built from them."""
    run = _Run(codes, strict_enums=False)
    index = param_index(table)
    for key in params:
        if key not in index:
            run.add(key, "unknown", codes.unknown, _unknown(key, index), [key])
    return run.found


def validate(
    table: Operation, params: Mapping[str, Any], codes: Codes, *, strict_enums: bool = True
) -> list[Violation]:
    """Every violation of the operation's documented rules by ``params`` (Python names)."""
    run = _Run(codes, strict_enums)
    by_name = param_index(table)
    given: dict[str, Any] = {}
    mistyped: set[str] = set()  # already reported; rules about them would only add noise
    for key, value in params.items():
        p = by_name.get(key)
        if p is None:
            run.add(key, "unknown", codes.unknown, _unknown(key, by_name), [key])
        elif run.param(p, value):
            given[p.wire_name] = value
        else:
            mistyped.add(p.wire_name)
    for p in table.params:
        if p.required and p.wire_name not in given and p.wire_name not in mistyped:
            run.add(p.wire_name, "required", codes.required, "is required")
    for rule in table.rules:
        involved = (
            (*rule.params, rule.when.param)
            if isinstance(rule, (Requires, Forbids)) and rule.when
            else rule.params
        )
        if not mistyped.intersection(involved):
            run.rule(rule, given, table)
    return run.found


_FIELDS: dict[int, tuple[Obj, dict[str, Field]]] = {}


def _field_index(node: Obj) -> dict[str, Field]:
    entry = _FIELDS.get(id(node))
    if entry is None or entry[0] is not node:  # see param_index for why identity
        entry = _FIELDS[id(node)] = (node, {f.key: f for f in node.fields})
    return entry[1]


def _shown(value: Any, secret: bool) -> str:
    return "the value" if secret else repr(value)


_KIND_TESTS: dict[tuple[str, ...], Any] = {}


def _kind_test(kinds: tuple[str, ...]) -> Any:
    """One test per distinct tuple of kinds, so the common single-kind case is one call."""
    tests = [_KINDS[k] for k in kinds]
    test = tests[0] if len(tests) == 1 else (lambda value: any(t(value) for t in tests))
    _KIND_TESTS[kinds] = test
    return test


_KINDS: Final[dict[str, Any]] = {
    "any": lambda v: True,
    "string": lambda v: type(v) is str or isinstance(v, str),
    "integer": lambda v: type(v) is int or (isinstance(v, int) and not isinstance(v, bool)),
    "number": lambda v: type(v) in (int, float)
    or (isinstance(v, (int, float)) and not isinstance(v, bool)),
    "boolean": lambda v: type(v) is bool,
}


def _kind_of(value: Any) -> str:
    if value is None:
        return "None"
    for name, test in _KINDS.items():
        if name != "any" and test(value):
            return name
    if isinstance(value, Mapping):
        return "object"
    if isinstance(value, Sequence):
        return "array"
    return type(value).__name__


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _unknown(key: str, known: Mapping[str, object]) -> str:
    import difflib  # only needed when a caller misspells a name

    close = difflib.get_close_matches(key, list(known), n=1, cutoff=0.6)
    return f"unknown parameter; did you mean {close[0]!r}?" if close else "unknown parameter"


def _is_ipv4(text: str) -> bool:
    import ipaddress

    try:
        ipaddress.IPv4Address(text)
    except ValueError:
        return False
    return True


_CRON_FIELD: Final = re.compile(r"^[0-9A-Za-z*?/,#-]+$")


def _is_cron(text: str) -> bool:
    fields = text.split()
    return 5 <= len(fields) <= 7 and all(_CRON_FIELD.match(f) for f in fields)


_FORMATS: Final[dict[str, Any]] = {"ipv4": _is_ipv4, "cron": _is_cron}
