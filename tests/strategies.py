"""Hypothesis strategies derived from the generated validation tables, not from SAE facts:
valid requests are built from each parameter's node and then repaired to honour the rules."""

from __future__ import annotations

import json
import random
import re
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sae_jobs._runtime import _validation as v

SAFE_TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)
CRONS = st.sampled_from(["0 1 */1 * ?", "*/5 * * * *", "0 0 12 ? * MON-FRI"])
IPV4 = st.ip_addresses(v=4).map(str)


def scalar(node: v.Scalar) -> st.SearchStrategy[Any]:
    if node.enum:
        return st.sampled_from(node.enum)
    if node.format == "ipv4":
        return IPV4
    if node.format == "cron":
        return CRONS
    kind = node.kinds[0]
    if kind == "any":
        return st.none()
    if kind == "boolean":
        return st.booleans()
    if kind in ("integer", "number"):
        low = int(node.minimum) if node.minimum is not None else -(2**31)
        high = int(node.maximum) if node.maximum is not None else 2**31
        return st.integers(low, high)
    return text(node)


def text(node: v.Scalar) -> st.SearchStrategy[str]:
    base = st.from_regex(node.pattern, fullmatch=True) if node.pattern else SAFE_TEXT
    low, high = node.min_length or 0, node.max_length
    strategy = base.filter(lambda s: len(s) >= low and (high is None or len(s) <= high))
    if node.not_prefix:
        strategy = strategy.filter(lambda s: not s.startswith(node.not_prefix or ""))
    return strategy


def structure(node: v.Node) -> st.SearchStrategy[Any]:
    if isinstance(node, v.Scalar):
        return scalar(node)
    if isinstance(node, v.OneOf):
        return st.one_of([structure(o) for o in node.options])
    if isinstance(node, v.Arr):
        return array(node)
    return obj(node)


def obj(node: v.Obj) -> st.SearchStrategy[dict[str, Any]]:
    required = {f.key: structure(f.node) for f in node.fields if f.required}
    optional = {f.key: structure(f.node) for f in node.fields if not f.required}
    strategy = st.fixed_dictionaries(required, optional=optional)
    for group in node.together:  # all or none of the fields that go together
        strategy = strategy.filter(
            lambda d, g=group: len({k for k in g.fields if k in d}) in (0, len(g.fields))
        )
    return strategy


def array(node: v.Arr) -> st.SearchStrategy[list[Any]]:
    strategy = st.lists(structure(node.items), max_size=3)
    if node.at_most is not None:
        rule = node.at_most
        strategy = strategy.filter(
            lambda items: sum(1 for i in items if i.get(rule.key) == rule.value) <= rule.limit
        )
    if node.same_value is not None:
        key = node.same_value.key
        strategy = strategy.filter(lambda items: len({str(i[key]) for i in items if key in i}) <= 1)
    return strategy


def parameter(param: v.Param) -> st.SearchStrategy[Any]:
    if param.json is not None:
        return structure(param.json)
    return scalar(param.node)


@st.composite
def valid_request(draw: st.DrawFn, table: v.Operation) -> dict[str, Any]:
    """A request that satisfies every parameter constraint and every checked rule."""
    by_wire = {p.wire_name: p for p in table.params}
    chosen = {
        p.wire_name: draw(parameter(p)) for p in table.params if p.required or draw(st.booleans())
    }
    for rule in table.rules:
        if isinstance(rule, v.Combinations):
            if any(name in chosen for name in rule.params):
                combo = draw(st.sampled_from(sorted(rule.allowed)))
                chosen.update(zip(rule.params, combo, strict=True))
        elif isinstance(rule, v.ForbidPattern):
            for name in rule.params:
                if isinstance(chosen.get(name), str) and re.search(rule.pattern, chosen[name]):
                    del chosen[name]
    for rule in table.rules:  # requirements after exclusions: a forbidden one is never required too
        applies = isinstance(rule, (v.Requires, v.Forbids)) and (
            rule.when is None or chosen.get(rule.when.param) in rule.when.values
        )
        if isinstance(rule, v.Forbids) and applies:
            for name in rule.params:
                chosen.pop(name, None)
        if isinstance(rule, v.Requires) and applies:
            for name in rule.params:
                if chosen.get(name) in (None, ""):
                    chosen[name] = draw(parameter(by_wire[name]).filter(lambda x: x != ""))
    return {by_wire[name].python_name: value for name, value in chosen.items()}


JSON_LEAVES = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | SAFE_TEXT
ANY_VALUE = st.recursive(
    JSON_LEAVES | st.just(v.CLEAR) | st.binary(max_size=4),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(SAFE_TEXT, inner, max_size=3),
    max_leaves=8,
)


def arbitrary_request(table: v.Operation) -> st.SearchStrategy[dict[str, Any]]:
    names = st.sampled_from([p.python_name for p in table.params]) | SAFE_TEXT
    return st.dictionaries(
        names, ANY_VALUE | SAFE_TEXT.map(lambda s: s[:1] + "[{" + s), max_size=12
    )


class _TextWithEqualityThatRaises(str):
    def __eq__(self, other: object) -> bool:
        raise RuntimeError("compared")

    __hash__ = str.__hash__


HOSTILE_LEAVES = (
    st.binary(max_size=8)
    | st.builds(bytearray, st.binary(max_size=4))
    | st.integers(min_value=10**4300, max_value=10**4400)
    | st.integers(max_value=-(10**4300), min_value=-(10**4400))
    | st.text(min_size=5000, max_size=6000)
    | SAFE_TEXT.map(lambda s: s + "\n")
    | st.builds(_TextWithEqualityThatRaises, SAFE_TEXT)
    | st.integers(1, 3000).map(lambda depth: "[" * depth + "]" * depth)
    | st.floats(allow_nan=True, allow_infinity=True)
)
HOSTILE_VALUE = st.recursive(
    JSON_LEAVES | HOSTILE_LEAVES,
    lambda inner: st.lists(inner, max_size=3)
    | st.tuples(inner)
    | st.dictionaries(SAFE_TEXT | st.integers() | st.binary(max_size=2), inner, max_size=3),
    max_leaves=6,
)


def hostile_request(table: v.Operation) -> st.SearchStrategy[Any]:
    """What an attacker or an unlucky caller passes: odd keys, odd values, or no mapping at all."""
    names = (
        st.sampled_from([p.python_name for p in table.params])
        | SAFE_TEXT
        | st.integers()
        | st.binary(max_size=4)
    )
    return st.dictionaries(names, HOSTILE_VALUE, max_size=8) | HOSTILE_VALUE


# -- valid requests broken the ways callers break them ---------------------------------------
ODD_VALUES: list[Any] = [  # what callers put where something else belongs
    None,
    True,
    False,
    0,
    -1,
    1.0,
    2.5,
    10**20,
    "",
    " ",
    "x",
    "sae-x",
    "A",
    "a\n",
    "*/5 * * * *",
    "not cron",
    "1.2.3.4",
    "300.1.1.1",
    [],
    [1],
    ["a"],
    {},
    {"a": 1},
    [{}],
    "[]",
    "{}",
    "[{}]",
    "{",
    "null",
    '{"a": 1}',
    b"x",
    "stdout",
    "http",
    "time",
    "configMapRef",
]


def valid_bases(table: v.Operation, count: int) -> list[dict[str, Any]]:
    """count valid requests, the same on every run (hypothesis, derandomized)."""
    found: list[dict[str, Any]] = []

    @settings(
        max_examples=count,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    @given(valid_request(table))
    def collect(params: dict[str, Any]) -> None:
        found.append(params)

    collect()
    return found


def broken_value(rng: random.Random, value: Any) -> Any:
    """value broken somewhere inside, or replaced whole."""
    if isinstance(value, dict) and value and rng.random() < 0.6:
        key = rng.choice(sorted(value))
        how = rng.choice(["drop", "inner", "extra"])
        if how == "drop":
            return {k: x for k, x in value.items() if k != key}
        if how == "extra":
            return {**value, rng.choice(["x", "key", "Name"]): rng.choice(ODD_VALUES)}
        return {**value, key: broken_value(rng, value[key])}
    if isinstance(value, list) and value and rng.random() < 0.6:
        i = rng.randrange(len(value))
        return (
            [*value[:i], broken_value(rng, value[i]), *value[i + 1 :]]
            if rng.random() < 0.7
            else value + value
        )
    if isinstance(value, int) and not isinstance(value, bool) and rng.random() < 0.6:
        return rng.choice([float(value), value * 1000, -value - 1, str(value), value + 1])
    if isinstance(value, str) and rng.random() < 0.6:
        return rng.choice(
            [value + "\n", value * 40, "", value.upper(), "sae-" + value, value + " x", value[1:]]
        )
    return rng.choice(ODD_VALUES)


def broken_request(
    rng: random.Random, table: v.Operation, bases: list[dict[str, Any]]
) -> dict[str, Any]:
    """One of the bases broken in up to three places, the ways callers break requests: a
    parameter dropped, borrowed from another base, broken inside, sent as JSON text, set to
    trip a cross-parameter rule, or an unknown name added."""
    params = dict(rng.choice(bases))
    donors = [b for b in bases if b is not params]
    for _ in range(rng.randrange(4)):
        p = rng.choice(table.params)
        name = p.python_name
        how = rng.choice(["drop", "borrow", "break", "break", "text", "rule", "unknown"])
        if how == "drop":
            params.pop(name, None)
        elif how == "borrow":  # another valid value, which may now break a cross-parameter rule
            donor = rng.choice(donors)
            if name in donor:
                params[name] = donor[name]
        elif how == "break":
            params[name] = broken_value(rng, params.get(name, rng.choice(ODD_VALUES)))
        elif how == "text" and p.json is not None and name in params:  # the JSON text callers send
            inner = broken_value(rng, params[name]) if rng.random() < 0.5 else params[name]
            try:
                params[name] = json.dumps(inner)
            except (TypeError, ValueError):  # CLEAR or bytes inside: no JSON text for it
                pass
        elif how == "rule" and table.rules:
            rule = rng.choice(table.rules)
            if isinstance(rule, (v.Requires, v.Forbids)) and rule.when is not None:
                when = next(q for q in table.params if q.wire_name == rule.when.param)
                params[when.python_name] = rng.choice(rule.when.values)
            elif isinstance(rule, v.Combinations):
                for wire, value in zip(rule.params, rng.choice(rule.allowed), strict=True):
                    params[next(q.python_name for q in table.params if q.wire_name == wire)] = value
                wire = rng.choice(rule.params)
                other = rng.choice(rng.choice(rule.allowed))
                params[next(q.python_name for q in table.params if q.wire_name == wire)] = other
        elif how == "unknown":
            params[rng.choice(["x_extra", "AppName", "appName"])] = "1"
    return params
