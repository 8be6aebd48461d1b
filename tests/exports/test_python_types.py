"""How each kind of parameter is typed in Python: the one function the view prints the client
and params with, and `gen inspect --json` shows."""

from __future__ import annotations

from functools import cache

import pytest

from generator.exports.python_types import annotation
from generator.frontend.entry import load_model
from generator.model import Constraints, EnumValue, Parameter
from tests.helpers import FIXTURES, SPEC, replace


@cache
def parameters() -> dict[str, Parameter]:
    """CreateJob's, ListJobs' and the edge fixture's parameters by wire name."""
    services = load_model(SPEC) + load_model(FIXTURES / "edge_cases" / "spec")
    ops = [
        op
        for s in services
        for op in s.operations
        if op.name in ("CreateJob", "ListJobs", "DoThing")
    ]
    return {p.wire_name: p for op in ops for p in op.parameters}


@pytest.mark.parametrize(
    ("wire_name", "printed"),
    [
        ("AppName", "str"),
        ("Replicas", "int"),
        ("Size", "int"),  # documented long
        ("AutoConfig", "bool"),
        ("ConcurrencyPolicy", "Literal['Forbid', 'Allow', 'Replace']"),
        ("Reverse", "Literal[True, False]"),
        ("Envs", "str | EnvList"),
        ("NasId", "str | ClearType"),
        ("SlsConfigs", "str | SlsConfigList | ClearType"),
    ],
)
def test_each_kind_of_parameter_is_printed(wire_name: str, printed: str) -> None:
    assert annotation(parameters()[wire_name]) == printed


def test_an_integer_enum_prints_its_values_as_numbers() -> None:
    cpu = parameters()["Cpu"]
    assert annotation(cpu).startswith("Literal[500, 1000, ")
    two = replace(cpu, constraints=Constraints(enum=(EnumValue(1), EnumValue(2))))
    assert annotation(two) == "Literal[1, 2]"


def test_enum_values_are_python_literals_whatever_their_text() -> None:
    mode = replace(
        parameters()["AppName"],
        constraints=Constraints(enum=(EnumValue("it's"), EnumValue('say "hi"'))),
        empty_clears=True,
    )
    assert annotation(mode) == """Literal["it's", 'say "hi"'] | ClearType"""
