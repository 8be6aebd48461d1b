# Copied by gen from its runtime (the same in every generated package); do not edit.
"""The engine behind the generated validators.

The tables in ``_tables.py`` describe every parameter and rule of each operation; this
module walks a request against them and returns every violation at once, each with the
error code the service itself would answer with.
"""

from __future__ import annotations

import json
import re
import reprlib
from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache
from typing import Any, Final, TypeGuard

from ._records import Record


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


def is_mapping(value: object) -> TypeGuard[Mapping[Any, Any]]:
    """Whether a value from outside (a caller's argument, parsed JSON) is a mapping.

    The keys and values of such a mapping are whatever the caller sent: ``Any``, said once here.
    """
    return type(value) is dict or isinstance(value, Mapping)


def is_object(value: object) -> TypeGuard[dict[str, Any]]:
    """Whether parsed JSON is an object: a dict whose keys JSON makes strings."""
    return isinstance(value, dict)


def is_array(value: object) -> TypeGuard[list[Any]]:
    """Whether parsed JSON is an array."""
    return isinstance(value, list)


"""Pass this for a parameter whose documentation says an empty value clears it."""


class Violation(Record):
    """One broken rule: where, which rule, the service's code and its documented message."""

    path: str
    rule: str
    code: str
    message: str
    detail: str

    def __str__(self) -> str:
        return f"{self.path}: {self.detail} ({self.code}: {self.message})"


class Scalar(Record):
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


class Field(Record):
    key: str
    node: Node
    required: bool = False


class Together(Record):
    fields: tuple[str, ...]
    code: str
    missing_codes: tuple[tuple[str, str], ...] = ()  # (field, the code when it is missing)


class Obj(Record):
    name: str
    fields: tuple[Field, ...]
    together: tuple[Together, ...] = ()


class AtMost(Record):
    key: str
    value: Any
    limit: int


class SameValue(Record):
    key: str
    code: str


class Arr(Record):
    name: str
    items: Node
    at_most: AtMost | None = None
    same_value: SameValue | None = None


class OneOf(Record):
    name: str
    options: tuple[Node, ...]


Node = Scalar | Obj | Arr | OneOf


class Param(Record):
    python_name: str
    wire_name: str
    node: Scalar
    required: bool = False
    location: str = "query"
    sensitive: bool = False
    empty_clears: bool = False
    json: Node | None = None
    enum_code: str | None = None


class When(Record):
    param: str
    values: tuple[Any, ...]


class Requires(Record):
    id: str
    params: tuple[str, ...]
    code: str
    when: When | None = None


class Forbids(Record):
    id: str
    params: tuple[str, ...]
    code: str
    when: When | None = None


class Combinations(Record):
    id: str
    params: tuple[str, ...]
    allowed: tuple[tuple[Any, ...], ...]
    code: str


class ForbidPattern(Record):
    id: str
    params: tuple[str, ...]
    pattern: str
    code: str


Rule = Requires | Forbids | Combinations | ForbidPattern


class Codes(Record):
    """The fallback codes and every documented message template."""

    required: str
    invalid: str
    unknown: str
    templates: Mapping[str, str]


class Operation(Record):
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


_END: Final = r"(?![\s\S])"


def strict_pattern(pattern: str) -> str:
    """The pattern with every ``$`` anchor matching only at the very end of the text.

    Python's ``$`` also matches before a final newline, so ``^[a-z]+$`` would accept "abc"
    followed by a newline. The replacement means the same in Python and in ECMAScript (JSON Schema).
    """
    if "$" not in pattern:
        return pattern
    out: list[str] = []
    i, n, in_class = 0, len(pattern), False
    while i < n:
        ch = pattern[i]
        if ch == "\\":
            out.append(pattern[i : i + 2])
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
            out.append(ch)
            i += 1
            for literal in ("^", "]"):  # "[^]...]" and "[]...]": that "]" is literal
                if pattern.startswith(literal, i):
                    out.append(literal)
                    i += 1
            continue
        elif ch == "$":
            ch = _END
        out.append(ch)
        i += 1
    return "".join(out)


@lru_cache(maxsize=512)
def _regex(pattern: str) -> re.Pattern[str]:
    return re.compile(strict_pattern(pattern))


def matches(pattern: str, text: str) -> bool:
    """Whether a documented pattern accepts text, ``$`` meaning the very end."""
    return _regex(pattern).search(text) is not None


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
            self.add(path, "enum", code, f"{excerpt(value, secret)} is not one of: {choices}")
        if isinstance(value, str):
            if (
                node.min_length is not None
                or node.max_length is not None
                or node.pattern
                or node.not_prefix
                or node.format
            ):
                self._text(node, value, path, secret, code)
        elif not isinstance(value, bool) and isinstance(value, (int, float)):
            if node.minimum is not None and value < node.minimum:
                self.add(path, "minimum", code, f"must be at least {_num(node.minimum)}")
            if node.maximum is not None and value > node.maximum:
                self.add(path, "maximum", code, f"must be at most {_num(node.maximum)}")
        return True

    def _text(self, node: Scalar, value: str, path: str, secret: bool, code: str) -> None:
        if node.min_length is not None and len(value) < node.min_length:
            self.add(path, "min_length", code, f"must be at least {node.min_length} character(s)")
        too_long = node.max_length is not None and len(value) > node.max_length
        if too_long:
            self.add(
                path,
                "max_length",
                code,
                f"must be at most {node.max_length} characters, not {len(value)}",
            )
        # Matching stops at the stated length: a pattern need not be run over megabytes.
        if node.pattern is not None and not too_long and not _regex(node.pattern).search(value):
            self.add(
                path, "pattern", code, f"{excerpt(value, secret)} does not match {node.pattern}"
            )
        if node.not_prefix is not None and value.startswith(node.not_prefix):
            self.add(path, "not_prefix", code, f"must not start with {node.not_prefix!r}")
        if node.format is not None and not _FORMATS[node.format](value):
            self.add(path, "format", code, f"{excerpt(value, secret)} is not a valid {node.format}")

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
        if not is_mapping(value):
            self.add(path, "type", self.codes.invalid, f"must be an object, not {_kind_of(value)}")
            return
        known = _field_index(node)
        for key in value:
            if type(key) is str and key in known:
                continue
            if isinstance(key, str) and str.__str__(key) in known:
                continue  # a str subclass: judged by its text
            detail = "unknown key" if self.trial else _unknown(key, known)
            self.add(f"{path}.{_name(key)}", "unknown", self.codes.invalid, detail)
        for f in node.fields:
            here = f"{path}.{f.key}"
            if f.key not in value:
                if f.required:
                    self.add(here, "required", self.codes.required, "is required")
            elif isinstance(f.node, Scalar) and f.node.error and f.node.error_args:
                args = [_arg(value.get(k, "")) for k in f.node.error_args]
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
                absent = [k for k in group.fields if k not in value]
                code = dict(group.missing_codes).get(absent[0], group.code)
                detail = f"{', '.join(given)} given without {', '.join(absent)}"
                self.add(path, "together", code, detail)

    def arr(self, node: Arr, value: Any, path: str) -> None:
        if not _is_sequence(value):
            self.add(path, "type", self.codes.invalid, f"must be an array, not {_kind_of(value)}")
            return
        for i, item in enumerate(value):
            self.node(node.items, item, f"{path}[{i}]")
        if node.at_most is None and node.same_value is None:
            return
        items = [item for item in value if is_mapping(item)]
        if node.at_most is not None:
            rule = node.at_most
            hits = sum(1 for item in items if item.get(rule.key) == rule.value)
            if hits > rule.limit:
                self.add(
                    path,
                    "at_most",
                    self.codes.invalid,
                    f"at most {rule.limit} item(s) may have {rule.key}={excerpt(rule.value)}, "
                    f"found {hits}",
                )
        if node.same_value is not None:
            same = node.same_value
            seen = sorted({_arg(item[same.key]) for item in items if same.key in item})
            if len(seen) > 1:
                shown = ", ".join(seen[:5]) + (", ..." if len(seen) > 5 else "")
                self.add(
                    path,
                    "same_value",
                    same.code,
                    f"all items must share one {same.key}, found {shown}",
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
        except RecursionError:
            self.add(path, "json", self.codes.invalid, "is not valid JSON (nested too deeply)")
            return
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
            cause = (
                f" when {rule.when.param} is {excerpt(given[rule.when.param])}" if rule.when else ""
            )
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
                        f"{n}={excerpt(v)}" for n, v in zip(rule.params, values, strict=True)
                    )
                    self.add(
                        "/".join(rule.params),
                        rule.id,
                        rule.code,
                        f"{pairs} is not an allowed combination",
                        [_arg(v) for v in values],
                    )
        else:
            for name in rule.params:
                value = given.get(name)
                if isinstance(value, str) and matches(rule.pattern, value):
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
    if not _readable(params, run, codes):
        return run.found
    index = param_index(table)
    for key in params:
        if type(key) is not str or key not in index:
            name = _name(key)
            run.add(name, "unknown", codes.unknown, _unknown(key, index), [name])
    return run.found


def validate(
    table: Operation, params: Mapping[Any, Any], codes: Codes, *, strict_enums: bool = True
) -> list[Violation]:
    """Every violation of the operation's documented rules by ``params`` (Python names).

    The keys are checked too: a caller's mapping may hold anything. From the second call with
    a table on, a check compiled from it (:func:`compile_check`) answers first; only when it
    cannot say the request is valid does :func:`walk` look for, and word, every violation.
    """
    check = _compiled(table, strict_enums)
    if check is not None:
        try:
            if check(params):
                return []
        except Exception:  # the walk finds out what it was, and says so
            pass
    return walk(table, params, codes, strict_enums=strict_enums)


def walk(
    table: Operation, params: Mapping[Any, Any], codes: Codes, *, strict_enums: bool = True
) -> list[Violation]:
    """What :func:`validate` answers, found the slow way: every parameter and rule walked, every
    violation collected in order and worded."""
    run = _Run(codes, strict_enums)
    if not _readable(params, run, codes):
        return run.found
    by_name = param_index(table)
    given: dict[str, Any] = {}
    mistyped: set[str] = set()  # already reported; rules about them would only add noise
    for key, value in params.items():
        if type(key) is not str:  # a str subclass is judged by its text, else unknown
            key = str.__str__(key) if isinstance(key, str) else key
        p = by_name.get(key) if type(key) is str else None
        if p is None:
            name = _name(key)
            run.add(name, "unknown", codes.unknown, _unknown(key, by_name), [name])
            continue
        if type(value) not in _PLAIN and isinstance(value, str):
            value = str.__str__(value)  # a subclass's own methods are not to be trusted
        try:
            ok = run.param(p, value)
        except Exception as exc:  # a value whose own methods fail is refused, not raised
            run.add(p.wire_name, "type", codes.invalid, _unusable(value, exc))
            ok = False
        if ok:
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
            try:
                run.rule(rule, given, table)
            except Exception as exc:
                run.add("/".join(rule.params), rule.id, codes.invalid, _unusable(None, exc))
    return run.found


def _readable(params: Any, run: _Run, codes: Codes) -> bool:
    """Whether params is a mapping whose items can be listed; otherwise says why not."""
    if type(params) is dict:
        return True
    if is_mapping(params):
        try:
            list(params.items())
            return True
        except Exception as exc:
            detail = _unusable(params, exc)
    else:
        detail = f"must be a mapping of parameter names to values, not {_kind_of(params)}"
    run.add("(parameters)", "type", codes.invalid, detail)
    return False


def _unusable(value: Any, exc: BaseException) -> str:
    what = f"its {type(value).__name__} " if value is not None else ""
    return f"cannot be checked: {what}raised {type(exc).__name__} when examined"


_FIELDS: dict[int, tuple[Obj, dict[str, Field]]] = {}


def _field_index(node: Obj) -> dict[str, Field]:
    entry = _FIELDS.get(id(node))
    if entry is None or entry[0] is not node:  # see param_index for why identity
        entry = _FIELDS[id(node)] = (node, {f.key: f for f in node.fields})
    return entry[1]


EXCERPT: Final = 40
"""Characters of a value a message shows at most: messages stay small whatever the input."""

_REPR = reprlib.Repr()
_REPR.maxstring = _REPR.maxother = EXCERPT
_REPR.maxlevel = 3


def excerpt(value: Any, secret: bool = False) -> str:
    """A short, safe description of a value for a message; secrets are never shown."""
    if secret:
        return "the value"
    seen: object = value  # type(Any) would be an unknown type
    kind = type(seen)
    if kind is str:
        if len(value) <= EXCERPT:
            return repr(value)
        return f"{value[:EXCERPT]!r}... ({len(value)} characters)"
    if kind is int and value.bit_length() > 128:
        return f"an integer of {value.bit_length()} bits"
    if kind in (int, float, bool) or value is None:
        return repr(value)
    if isinstance(value, str):
        return excerpt(str.__str__(value))
    try:
        return _REPR.repr(value)
    except Exception:  # reprlib shows big integers and odd objects through their own repr
        return f"a {type(value).__name__}"


def _arg(value: Any) -> str:
    """A value as it fills a documented ``%s`` placeholder: itself when short, else an excerpt."""
    if type(value) is str and len(value) <= EXCERPT:
        return value
    if type(value) is int and value.bit_length() <= 128:
        return str(value)
    return excerpt(value)


def _name(key: Any) -> str:
    """A parameter or field name as a message shows it."""
    if type(key) is str and len(key) <= EXCERPT and key.isprintable():
        return key
    return excerpt(key)


KindTest = Callable[[Any], bool]
"""Whether a value from a caller is of one documented kind."""

_KIND_TESTS: dict[tuple[str, ...], KindTest] = {}


def _kind_test(kinds: tuple[str, ...]) -> KindTest:
    """One test per distinct tuple of kinds, so the common single-kind case is one call."""
    tests = [_KINDS[k] for k in kinds]
    test: KindTest = tests[0] if len(tests) == 1 else (lambda value: any(t(value) for t in tests))
    _KIND_TESTS[kinds] = test
    return test


_KINDS: Final[dict[str, KindTest]] = {
    "any": lambda v: True,
    "string": lambda v: type(v) is str or isinstance(v, str),
    "integer": lambda v: type(v) is int or (isinstance(v, int) and not isinstance(v, bool)),
    "number": lambda v: type(v) in (int, float)
    or (isinstance(v, (int, float)) and not isinstance(v, bool)),
    "boolean": lambda v: type(v) is bool,
}


_NOT_ARRAYS: Final = (str, bytes, bytearray, memoryview)


def _is_sequence(value: object) -> TypeGuard[Sequence[Any]]:
    """Whether a caller's value stands for a JSON array: a sequence that is not text or bytes."""
    return type(value) in (list, tuple) or (
        not isinstance(value, _NOT_ARRAYS) and isinstance(value, Sequence)
    )


_PLAIN: Final = frozenset({str, int, float, bool, list, dict, tuple, type(None)})


def _kind_of(value: Any) -> str:
    if value is None:
        return "None"
    for name, test in _KINDS.items():
        if name != "any" and test(value):
            return name
    if isinstance(value, (bytes, bytearray, memoryview)):
        return "bytes"
    if isinstance(value, Mapping):
        return "object"
    if isinstance(value, Sequence):
        return "array"
    return type(value).__name__


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _unknown(key: Any, known: Mapping[str, object]) -> str:
    if type(key) is not str and isinstance(key, str):
        key = str.__str__(key)
    if type(key) is not str:
        return f"unknown parameter: names are strings, not {_kind_of(key)}"
    if len(key) > 4 * EXCERPT:
        return "unknown parameter"
    import difflib  # only needed when a caller misspells a name

    close = difflib.get_close_matches(key, list(known), n=1, cutoff=0.6)
    return f"unknown parameter; did you mean {close[0]!r}?" if close else "unknown parameter"


_OCTET: Final = r"(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"
_PLAIN_IPV4: Final = re.compile(rf"{_OCTET}(?:\.{_OCTET}){{3}}")
"""Dotted quads that ipaddress accepts on every Python version (no leading zeros)."""


def _is_ipv4(text: str) -> bool:
    if _PLAIN_IPV4.fullmatch(text):  # the usual address, without parsing it
        return True
    import ipaddress

    try:
        ipaddress.IPv4Address(text)
    except ValueError:
        return False
    return True


_CRON_FIELDS: Final = re.compile(r"[0-9A-Za-z*?/,#-]+(?: [0-9A-Za-z*?/,#-]+){4,6}")


def _is_cron(text: str) -> bool:
    """5 to 7 whitespace-separated fields of digits, letters and * ? / , # -."""
    return _CRON_FIELDS.fullmatch(" ".join(text.split())) is not None


_FORMATS: Final[dict[str, Any]] = {"ipv4": _is_ipv4, "cron": _is_cron}


# -- compiled checks: the fast path -------------------------------------------------------------
#
# A request is valid far more often than not, so validate() first asks a check compiled from
# the tables: small closures, one per parameter, structure and rule, with their limits, value
# sets and regular expressions bound once. A check answers only whether the walk would find
# nothing; it accepts only plain values (exact dict, list, tuple, str, int, float, bool, None
# and CLEAR), and anything else, any doubt and any exception leaves the answer to the walk. So
# which violations are found, their order and their words are the walk's alone.

Check = Callable[[Any], bool]
"""Whether a value breaks no rule of a table, as far as the walk is concerned."""

_CHECKS: dict[tuple[int, bool], tuple[Operation, Check | None]] = {}


def _compiled(table: Operation, strict_enums: bool) -> Check | None:
    """The table's compiled check from its second use on: a table built for one call (the
    generator checks documented examples that way) is walked without compiling."""
    key = (id(table), strict_enums)
    entry = _CHECKS.get(key)
    if entry is None or entry[0] is not table:  # identity, as in param_index
        _CHECKS[key] = (table, None)
        return None
    if entry[1] is None:
        try:
            check = compile_check(table, strict_enums=strict_enums)
        except Exception:  # e.g. a pattern that does not compile: the walk reports it
            check = _never
        _CHECKS[key] = entry = (table, check)
    return entry[1]


def compile_check(table: Operation, *, strict_enums: bool = True) -> Check:
    """A function of a request (Python names) that is True only when :func:`walk` would find no
    violation in it; False tells nothing more (the walk says what and why)."""
    by_name = {p.python_name: p for p in table.params}
    wires = {p.wire_name: p.python_name for p in table.params}
    if len(by_name) != len(table.params) or len(wires) != len(table.params):
        return _never  # names the walk tells apart only by order: leave them to it
    parameters = _keyed_check(
        {name: _param_check(p, strict_enums) for name, p in by_name.items()},
        frozenset(p.python_name for p in table.params if p.required),
    )
    rules = tuple(_rule_check(rule, wires) for rule in table.rules)

    def check(params: Any) -> bool:
        if not parameters(params):
            return False
        for rule in rules:
            if not rule(params):
                return False
        return True

    return check


def _keyed_check(checks: Mapping[str, Check], required: frozenset[str]) -> Check:
    """A dict (a request, or an object inside one) whose keys are all known names, each value
    passing its own check, with every required name given."""

    def check(value: Any) -> bool:
        seen: object = value  # type(Any) would be an unknown type (pyright)
        if type(seen) is not dict:
            return False
        get = checks.get
        for key, item in value.items():
            if type(key) is not str:
                return False
            one = get(key)
            if one is None or not one(item):
                return False
        if not value.keys() >= required:
            return False
        return True

    return check


def _never(value: Any) -> bool:
    return False


def _anything(value: Any) -> bool:
    return True


_EXACT: Final[dict[str, tuple[type, ...]]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
}
_PLAIN_SCALARS: Final = (str, int, float, bool, type(None))


def _param_check(p: Param, strict_enums: bool) -> Check:
    """The parameter as _Run.param checks it: CLEAR where it clears, the scalar (a JSON text
    parsed and looked into) or the structure given as a value."""
    scalar = _scalar_check(p.node, strict_enums)
    empty_clears, required = p.empty_clears, p.required
    if p.json is None:
        if not (empty_clears or required or "any" in p.node.kinds):
            return scalar  # CLEAR is of no kind: the scalar refuses it
        return lambda value: (
            empty_clears if value is CLEAR else scalar(value) and not (required and value == "")
        )
    structure = _node_check(p.json, strict_enums)
    empty_object = empty_clears and isinstance(p.json, Obj)

    def check(value: Any) -> bool:
        if type(value) is not str:
            if value is CLEAR:
                return empty_clears
            # A str subclass is turned into text by the walk first: leave it to the walk.
            return not isinstance(value, str) and structure(value)
        if not scalar(value):
            return False
        if value == "":
            return not required
        parsed = json.loads(value)
        return (empty_object and parsed == {}) or structure(parsed)

    return check


def _node_check(node: Node, strict_enums: bool) -> Check:
    if isinstance(node, Scalar):
        return _scalar_check(node, strict_enums)
    if isinstance(node, Obj):
        return _obj_check(node, strict_enums)
    if isinstance(node, Arr):
        return _arr_check(node, strict_enums)
    return _one_of_check(node, strict_enums)


def _scalar_check(node: Scalar, strict_enums: bool) -> Check:
    """The scalar's kind, value list, length, pattern, prefix, format and range, as _Run.scalar
    checks them (CLEAR is of no kind, so it is refused here)."""
    exact: tuple[type, ...] | None = None  # None: any value at all
    if "any" not in node.kinds:
        exact = tuple(t for kind in node.kinds for t in _EXACT.get(kind, ()))
    members = _members(node.enum) if node.enum and strict_enums else None
    text = _text_check(node)
    numeric = node.minimum is not None or node.maximum is not None
    if members is None and text is None and not numeric:
        if exact is None:
            return _anything
        if len(exact) == 1:
            kind = exact[0]
            return lambda value: type(value) is kind
        return lambda value: type(value) in exact
    kinds = _PLAIN_SCALARS if exact is None else exact  # a constraint needs a plain value
    low, high = node.minimum, node.maximum

    def check(value: Any) -> bool:
        seen: object = value
        kind = type(seen)
        if kind not in kinds:
            return False
        if members is not None and value not in members:
            return False
        if kind is str:
            return text is None or text(value)
        if kind is int or kind is float:
            # "not <" and "not >", as the walk compares: NaN is within any range there too.
            return (low is None or not value < low) and (high is None or not value > high)
        return True

    return check


def _members(values: tuple[Any, ...]) -> frozenset[Any] | tuple[Any, ...]:
    """A value list as a set where its values allow (the same answers as the tuple, faster)."""
    try:
        return frozenset(values)
    except TypeError:
        return values


def _text_check(node: Scalar) -> Check | None:
    """The text constraints of a scalar, None when it has none (_Run.scalar's own condition)."""
    if not (
        node.min_length is not None
        or node.max_length is not None
        or node.pattern
        or node.not_prefix
        or node.format
    ):
        return None
    shortest = node.min_length if node.min_length is not None else 0
    longest = node.max_length
    search = _regex(node.pattern).search if node.pattern is not None else None
    prefix = node.not_prefix
    valid: Check | None = None
    if node.format is not None:
        valid = _FORMATS.get(node.format)
        if valid is None:
            return _never  # the walk reports the unknown format
    # Lengths first: a pattern is never run over a value longer than the stated maximum.

    def check(value: str) -> bool:
        size = len(value)
        if size < shortest or (longest is not None and size > longest):
            return False
        if search is not None and search(value) is None:
            return False
        if prefix is not None and value.startswith(prefix):
            return False
        return valid is None or bool(valid(value))

    return check


def _obj_check(node: Obj, strict_enums: bool) -> Check:
    fields = {f.key: _node_check(f.node, strict_enums) for f in node.fields}
    if len(fields) != len(node.fields):
        return _never  # a key listed twice: the walk checks both
    keyed = _keyed_check(fields, frozenset(f.key for f in node.fields if f.required))
    if not node.together:
        return keyed
    together = tuple((group.fields, len(group.fields)) for group in node.together)

    def check(value: Any) -> bool:
        if not keyed(value):
            return False
        for names, size in together:
            given = sum(1 for name in names if name in value)
            if 0 < given < size:
                return False
        return True

    return check


def _arr_check(node: Arr, strict_enums: bool) -> Check:
    items = _node_check(node.items, strict_enums)
    at_most, same = node.at_most, node.same_value

    def check(value: Any) -> bool:
        seen: object = value
        kind = type(seen)
        if kind is not list and kind is not tuple:
            return False
        for item in value:
            if not items(item):
                return False
        return True

    if at_most is None and same is None:
        return check

    def counted(value: Any) -> bool:
        if not check(value):
            return False
        mappings: list[Any] = []
        for item in value:
            seen: object = item
            if type(seen) is dict:
                mappings.append(item)
            elif isinstance(item, Mapping):
                return False  # counted by the walk as a mapping: leave it to the walk
        if at_most is not None:
            hits = 0
            for item in mappings:
                if item.get(at_most.key) == at_most.value:
                    hits += 1
            if hits > at_most.limit:
                return False
        if same is not None:
            return len({_arg(item[same.key]) for item in mappings if same.key in item}) <= 1
        return True

    return counted


def _one_of_check(node: OneOf, strict_enums: bool) -> Check:
    options = tuple(_node_check(option, strict_enums) for option in node.options)

    def check(value: Any) -> bool:
        for option in options:
            if option(value):
                return True
        return False

    return check


_NOWHERE: Final = object()
"""Where a rule's parameter that the table does not have is looked for: never in a request."""


def _rule_check(rule: Rule, wires: Mapping[str, str]) -> Check:
    """The rule on a request by Python names (the walk reads them by wire name)."""

    def name(wire: str) -> object:
        return wires.get(wire, _NOWHERE)

    names = tuple(name(wire) for wire in rule.params)
    if isinstance(rule, (Requires, Forbids)):
        when = (name(rule.when.param), rule.when.values) if rule.when is not None else None
        wanted = isinstance(rule, Requires)  # each parameter filled (Requires) or none (Forbids)

        def conditional(params: Any) -> bool:
            if when is not None and params.get(when[0], _ABSENT) not in when[1]:
                return True
            for key in names:
                if bool(_filled(params.get(key, _ABSENT))) is not wanted:
                    return False
            return True

        return conditional
    if isinstance(rule, Combinations):
        allowed = rule.allowed

        def combination(params: Any) -> bool:
            for key in names:
                if key not in params:
                    return True
            return tuple(params[key] for key in names) in allowed

        return combination
    search = _regex(rule.pattern).search

    def forbidden(params: Any) -> bool:
        for key in names:
            value = params.get(key)
            if isinstance(value, str) and search(value) is not None:
                return False
        return True

    return forbidden


def forget_tables() -> None:
    """Let go of what this module derived from tables (indexes, compiled checks). A client's
    tables live as long as it does; a program that builds tables and throws them away (gen's
    own checks) calls this so that they do not stay for the whole run."""
    for derived in (_INDEXES, _FIELDS, _CHECKS):
        derived.clear()
