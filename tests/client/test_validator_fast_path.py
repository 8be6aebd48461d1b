"""The validator's two paths agree: the check compiled from the tables (which answers valid
requests) says "valid" exactly where the full walk (which finds and words every violation)
finds nothing, so validate() answers what the walk alone would, message for message.

Over the generated package's operations, both fixture services and a made-up table that uses
every construct of the engine, on valid requests, on valid requests broken the ways callers
break them, and on arbitrary and hostile input."""

from __future__ import annotations

import importlib
import ipaddress
import math
import random
import re
import sys
from collections import UserDict
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sae_jobs import _tables
from sae_jobs._runtime import _validation as v

from tests.helpers import fixture_output
from tests.strategies import (
    arbitrary_request,
    broken_request,
    hostile_request,
    valid_bases,
    valid_request,
)

ITEM = v.Obj(
    name="Item",
    fields=(
        v.Field(
            "name", v.Scalar(("string",), min_length=1, max_length=8, pattern="^[a-z]+$"), True
        ),
        v.Field("kind", v.Scalar(("string",), enum=("a", "b"))),
        v.Field("size", v.Scalar(("number",), minimum=0.5, maximum=10)),
        v.Field(
            "host",
            v.Scalar(("string",), format="ipv4", error="E.Host", error_args=("name", "host")),
        ),
        v.Field("tag", v.Scalar(("integer", "string"))),
        v.Field("anything", v.Scalar(("any",))),
        v.Field("flag", v.Scalar(("boolean",))),
        v.Field("label", v.Scalar(("string",), not_prefix="x-")),
        v.Field("first", v.Scalar(("string",))),
        v.Field("second", v.Scalar(("string",))),
    ),
    together=(v.Together(("first", "second"), "E.Together", (("first", "E.First"),)),),
)
CHOICE = v.OneOf(
    "Choice",
    (
        v.Obj("ByNumber", (v.Field("number", v.Scalar(("integer",)), True),)),
        v.Arr("Schedules", v.Scalar(("string",), format="cron")),
    ),
)
SYNTHETIC = v.Operation(
    name="Synthetic",
    params=(
        v.Param(
            "name",
            "Name",
            v.Scalar(("string",), max_length=10, pattern="^[A-Z][a-z]*$"),
            required=True,
        ),
        v.Param("mode", "Mode", v.Scalar(("string",), enum=("on", "off")), enum_code="E.Mode"),
        v.Param("count", "Count", v.Scalar(("integer",), minimum=1, maximum=5)),
        v.Param("ratio", "Ratio", v.Scalar(("number",), minimum=0)),
        v.Param("note", "Note", v.Scalar(("string",)), empty_clears=True),
        v.Param("secret", "Secret", v.Scalar(("string",), min_length=4), sensitive=True),
        v.Param(
            "items",
            "Items",
            v.Scalar(("string",)),
            json=v.Arr(
                "Items",
                ITEM,
                at_most=v.AtMost("kind", "a", 1),
                same_value=v.SameValue("tag", "E.Same"),
            ),
        ),
        v.Param("choice", "Choice", v.Scalar(("string",)), required=True, json=CHOICE),
        v.Param("config", "Config", v.Scalar(("string",)), empty_clears=True, json=ITEM),
        v.Param("extra", "Extra", v.Scalar(("any",))),
    ),
    rules=(
        v.Requires("needs-count", ("Count",), "E.Requires", v.When("Mode", ("on",))),
        v.Forbids("no-ratio", ("Ratio", "Note"), "E.Forbids", v.When("Mode", ("off",))),
        v.Combinations("pairs", ("Count", "Mode"), ((1, "on"), (2, "on"), (3, "off")), "E.Pair"),
        v.ForbidPattern("no-q", ("Name", "Note"), "[Qq]", "E.Pattern"),
    ),
)
SYNTHETIC_CODES = v.Codes("E.Required", "E.Invalid", "E.Unknown", {"E.Invalid": "bad {%s}: %s"})


def _native(value: Any) -> Any:
    """A fixture package's table in sae_jobs' runtime types (the same runtime, copied), so the
    strategies, which look at types, read it."""
    if isinstance(value, tuple) and hasattr(value, "_fields"):
        return getattr(v, type(value).__name__)(*map(_native, value))
    if isinstance(value, tuple):
        return tuple(map(_native, value))
    return value


def _fixture_tables(package: str) -> Iterator[tuple[str, tuple[v.Operation, v.Codes]]]:
    folder = fixture_output("widgets" if package == "widget_store" else "edge_cases")
    sys.path.insert(0, str(folder))
    try:
        tables = importlib.import_module(f"{package}._tables")
    finally:
        sys.path.remove(str(folder))
    codes = _native(tables.CODES)
    for name in tables.__all__:
        table = getattr(tables, name)
        if type(table).__name__ == "Operation":
            yield f"{package}.{table.name}", (_native(table), codes)


TABLES: dict[str, tuple[v.Operation, v.Codes]] = {
    **{
        f"sae_jobs.{t.name}": (t, _tables.CODES)
        for t in (getattr(_tables, n) for n in _tables.__all__)
        if isinstance(t, v.Operation)
    },
    **dict(_fixture_tables("widget_store")),
    **dict(_fixture_tables("edge_pkg")),
    "Synthetic": (SYNTHETIC, SYNTHETIC_CODES),
}
SETTINGS = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


def fast(check: v.Check, params: Any) -> bool:
    """The compiled check's answer as validate() takes it: an exception means "ask the walk"."""
    try:
        return check(params)
    except Exception:
        return False


def _agree(table: v.Operation, codes: v.Codes, params: Any, exact: bool = True) -> None:
    for strict in (True, False):
        walked = v.walk(table, params, codes, strict_enums=strict)
        said = fast(v.compile_check(table, strict_enums=strict), params)
        if exact:
            assert said == (walked == []), (params, walked)
        else:  # values the check leaves to the walk (str subclasses, mappings that are not dicts)
            assert not said or walked == [], (params, walked)
        for _ in range(2):  # the first call walks, later ones go through the compiled check
            assert v.validate(table, params, codes, strict_enums=strict) == walked


@pytest.mark.parametrize("name", sorted(TABLES))
def test_broken_requests_get_the_same_answer_both_ways(name: str) -> None:
    table, codes = TABLES[name]
    bases = valid_bases(table, 30)
    check = v.compile_check(table)
    for base in bases:
        _agree(table, codes, base)
    assert any(fast(check, base) for base in bases)  # valid requests do take the fast path
    rng = random.Random(name)
    answers = {True: 0, False: 0}
    for _ in range(600):
        params = broken_request(rng, table, bases)
        _agree(table, codes, params)
        answers[fast(check, params)] += 1
    assert answers[False] > 0, answers


@pytest.mark.parametrize("name", ["sae_jobs.CreateJob", "sae_jobs.UpdateJob", "Synthetic"])
def test_generated_input_gets_the_same_answer_both_ways(name: str) -> None:
    table, codes = TABLES[name]

    @SETTINGS
    @given(valid_request(table))
    def valid(params: dict[str, Any]) -> None:
        _agree(table, codes, params)

    @SETTINGS
    @given(arbitrary_request(table))
    def arbitrary(params: dict[str, Any]) -> None:
        _agree(table, codes, params)

    @SETTINGS
    @given(hostile_request(table))
    def hostile(params: Any) -> None:
        _agree(table, codes, params, exact=False)

    valid()
    arbitrary()
    hostile()


class Spoof(str):
    """A key that passes for a field's name in a dict, though its text is another."""

    def __hash__(self) -> int:
        return hash("name")

    def __eq__(self, other: object) -> bool:
        return True


class Shouting(str):
    def startswith(self, *args: Any) -> bool:
        raise RuntimeError("no")


GOOD = {"name": "Abc", "choice": {"number": 1}}
ODD: list[dict[Any, Any]] = [
    GOOD,
    {**GOOD, "note": v.CLEAR},
    {**GOOD, "secret": v.CLEAR},
    {**GOOD, "extra": v.CLEAR},
    {**GOOD, "extra": object()},
    {**GOOD, "config": v.CLEAR},
    {**GOOD, "choice": v.CLEAR},
    {**GOOD, "items": [v.CLEAR]},
    {**GOOD, "config": "{}"},
    {**GOOD, "config": ""},
    {**GOOD, "choice": ""},
    {**GOOD, "choice": "["},
    {**GOOD, "choice": "[" * 100_000},
    {**GOOD, "choice": ["0 1 * * *", "*/5 * * * * * *"]},
    {**GOOD, "choice": ("0 1 * * *",)},
    {**GOOD, "choice": ["0 1 * * * * * *"]},
    {**GOOD, "ratio": math.nan},
    {**GOOD, "ratio": math.inf},
    {**GOOD, "ratio": -0.0},
    {**GOOD, "ratio": True},
    {**GOOD, "count": 1.0},
    {**GOOD, "count": 10**5000, "mode": "on"},
    {**GOOD, "mode": "on"},
    {**GOOD, "mode": "on", "count": 1},
    {**GOOD, "mode": "off", "count": 3},
    {**GOOD, "mode": "off", "count": 3, "note": ""},
    {**GOOD, "mode": "off", "count": 3, "note": v.CLEAR},
    {**GOOD, "mode": "off", "count": 3, "note": "x"},
    {**GOOD, "mode": "maybe"},
    {**GOOD, "name": "Aq"},
    {**GOOD, "name": "A" * 11},
    {**GOOD, "name": "A" * 1_000_000},
    {**GOOD, "name": "Abc\n"},
    {**GOOD, "items": [{"name": "a", "kind": "a"}, {"name": "b", "kind": "a"}]},
    {**GOOD, "items": [{"name": "a", "tag": 1}, {"name": "b", "tag": "1"}]},
    {**GOOD, "items": [{"name": "a", "tag": 1}, {"name": "b", "tag": 2}]},
    {**GOOD, "items": [{"name": "a", "first": "x"}]},
    {**GOOD, "items": [{"name": "a", "second": "x"}]},
    {**GOOD, "items": [{"name": "a", "host": "10.0.0.1"}, {"name": "b", "host": "010.0.0.1"}]},
    {**GOOD, "items": [{"name": "a", "label": "x-y"}]},
    {**GOOD, "items": [{"name": "a", "size": 0.5, "flag": False, "anything": [object()]}]},
    {**GOOD, "items": '[{"name": "a", "size": NaN}]'},
    {**GOOD, "items": [{Spoof("zzz"): "a"}]},
    {"choice": {"number": 1}, Spoof("zzz"): "Abc"},
    {**GOOD, 1: 2},
    {"choice": {"number": 1}},
    {},
]
LEFT_TO_THE_WALK: list[dict[Any, Any]] = [  # valid, but not in plain values: the walk decides
    {**GOOD, "items": [UserDict({"name": "a"})]},
    {**GOOD, "items": [{"name": Shouting("a"), "label": Shouting("b")}]},
    {**GOOD, "name": Shouting("Abc")},
]


@pytest.mark.parametrize("params", ODD, ids=[str(i) for i in range(len(ODD))])
def test_odd_values_get_the_same_answer_both_ways(params: dict[Any, Any]) -> None:
    _agree(SYNTHETIC, SYNTHETIC_CODES, params)
    _agree(SYNTHETIC, SYNTHETIC_CODES, UserDict(params), exact=False)


@pytest.mark.parametrize("params", LEFT_TO_THE_WALK, ids=["mapping", "nested-str", "str"])
def test_values_that_are_not_plain_are_left_to_the_walk(params: dict[Any, Any]) -> None:
    _agree(SYNTHETIC, SYNTHETIC_CODES, params, exact=False)


def test_a_rule_naming_a_parameter_the_table_lacks_never_fires_either_way() -> None:
    table = SYNTHETIC._replace(
        rules=(
            v.Requires("ghost", ("Missing",), "E.Requires", v.When("Nope", ("x",))),
            v.Forbids("ghost-2", ("Missing",), "E.Forbids"),
            v.Combinations("ghost-3", ("Missing", "Mode"), (), "E.Pair"),
        )
    )
    _agree(table, SYNTHETIC_CODES, {**GOOD, "mode": "on"})


def test_a_table_built_for_one_call_is_walked_not_compiled() -> None:
    table = SYNTHETIC._replace(name="Once")
    v.validate(table, GOOD, SYNTHETIC_CODES)
    assert v._CHECKS[(id(table), True)] == (table, None)
    v.validate(table, GOOD, SYNTHETIC_CODES)
    assert v._CHECKS[(id(table), True)][1] is not None


def test_a_table_that_cannot_be_compiled_is_walked() -> None:
    broken = v.Param("odd", "Odd", v.Scalar(("string",), pattern="(unclosed"))
    table = SYNTHETIC._replace(params=(*SYNTHETIC.params, broken))
    for _ in range(3):  # compiled on the second call: the pattern's error is the walk's to report
        found = v.validate(table, {**GOOD, "odd": "x"}, SYNTHETIC_CODES)
        assert [x.path for x in found] == ["Odd"] and "cannot be checked" in found[0].detail


OCTETS = (
    st.integers(0, 300).map(str) | st.text("0123456789", max_size=4) | st.sampled_from(["٣", ""])
)
ADDRESSES = (
    st.lists(OCTETS, min_size=1, max_size=6).map(".".join)
    | st.ip_addresses(v=4).map(str)
    | st.text(max_size=20)
)
CRON_TEXT = st.lists(st.text("0123456789*?/,#-aZé \t\n\x1c\u2003", max_size=4), max_size=9)


@SETTINGS
@given(ADDRESSES)
def test_the_ipv4_format_accepts_what_ipaddress_accepts(text: str) -> None:
    try:
        ipaddress.IPv4Address(text)
        expected = True
    except ValueError:
        expected = False
    assert v._FORMATS["ipv4"](text) is expected


@SETTINGS
@given(CRON_TEXT.map(" ".join) | st.text(max_size=30))
def test_the_cron_format_is_five_to_seven_fields_of_its_characters(text: str) -> None:
    fields = text.split()
    expected = 5 <= len(fields) <= 7 and all(re.fullmatch(r"[0-9A-Za-z*?/,#-]+", f) for f in fields)
    assert v._FORMATS["cron"](text) is expected
