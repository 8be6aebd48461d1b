"""Direction and pairing decisions of the comparison, on models changed in memory."""

from __future__ import annotations

import importlib
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from generator.diff.compare import EXCEPTION_BASES, Finding, Scope, compare, compare_constraints
from generator.diff.surface import SurfaceChange, surface_diff
from generator.frontend.assemble import exception_class as _exception_class
from generator.frontend.entry import load_model
from generator.model import (
    Condition,
    Constraints,
    EnumValue,
    Operation,
    Parameter,
    Rule,
    Service,
    StructField,
    StructType,
)
from tests.helpers import replace

from .cases import BASE, write_side
from .support import REPO


@cache
def fixture_model() -> Service:
    return load_model(BASE)[0]


@cache
def real_model() -> Service:
    return load_model(REPO / "spec")[0]


def with_op(service: Service, **changes: Any) -> Service:
    op = replace(service.operations[0], **changes)
    return replace(service, operations=(op,) + service.operations[1:])


def with_param(service: Service, name: str, **changes: Any) -> Service:
    op = service.operations[0]
    params = tuple(replace(p, **changes) if p.wire_name == name else p for p in op.parameters)
    return with_op(service, parameters=params)


def with_type(service: Service, name: str, change: object) -> Service:
    assert callable(change)
    return replace(service, types=tuple(change(t) if t.name == name else t for t in service.types))


def found(old: Service, new: Service) -> set[tuple[str, str, str]]:
    return {(f.rule, f.operation, f.path) for f in compare([old], [new])}


def param(service: Service, name: str) -> Parameter:
    return next(p for p in service.operations[0].parameters if p.wire_name == name)


# -- pairing ---------------------------------------------------------------------------------
def test_rename_detected_by_type_location_and_description() -> None:
    old = fixture_model()
    renamed = replace(
        param(old, "PackageUrl"), wire_name="PackageAddress", python_name="package_address"
    )
    new = with_op(
        old,
        parameters=tuple(
            renamed if p.wire_name == "PackageUrl" else p for p in old.operations[0].parameters
        ),
    )
    assert ("parameter-renamed", "CreateJob", "PackageUrl") in found(old, new)
    assert not {rule for rule, _, _ in found(old, new)} & {
        "parameter-removed",
        "parameter-added-optional",
    }


def test_empty_descriptions_never_pair_a_rename() -> None:
    base = with_param(fixture_model(), "PackageUrl", description="")
    swapped = replace(param(base, "PackageUrl"), wire_name="NasConfigs", python_name="nas_configs")
    head = with_op(
        base,
        parameters=tuple(
            swapped if p.wire_name == "PackageUrl" else p for p in base.operations[0].parameters
        ),
    )
    assert {
        ("parameter-removed", "CreateJob", "PackageUrl"),
        ("parameter-added-optional", "CreateJob", "NasConfigs"),
    } <= found(base, head)


def test_operation_rename_keeps_comparing_its_parameters() -> None:
    old = fixture_model()
    new = with_param(
        with_op(old, name="CreateJobTemplate", python_name="create_job_template"),
        "Timeout",
        required=True,
    )
    assert {
        ("operation-renamed", "CreateJobTemplate", "CreateJob"),
        ("parameter-made-required", "CreateJobTemplate", "Timeout"),
    } <= found(old, new)


# -- direction of constraints ----------------------------------------------------------------
@pytest.mark.parametrize(
    ("old", "new", "rule"),
    [
        (Constraints(min_length=1), Constraints(min_length=2), "length-tightened"),
        (Constraints(min_length=2), Constraints(min_length=1), "length-relaxed"),
        (Constraints(max_length=8), Constraints(), "length-relaxed"),
        (Constraints(), Constraints(max_length=8), "length-tightened"),
        (Constraints(minimum=0), Constraints(minimum=-1), "range-relaxed"),
        (Constraints(maximum=10), Constraints(maximum=9.5), "range-tightened"),
        (
            Constraints(pattern="^a$"),
            Constraints(pattern="^a+$"),
            "pattern-changed",
        ),  # looser, still only a warning
        (Constraints(), Constraints(pattern="^a$"), "pattern-added"),
        (
            Constraints(pattern="^a$"),
            Constraints(pattern=".*"),
            "pattern-removed",
        ),  # matches everything
        (Constraints(default=1), Constraints(), "default-changed"),
    ],
)
def test_constraint_direction(old: Constraints, new: Constraints, rule: str) -> None:
    out: list[Finding] = []
    compare_constraints(Scope(out, "Op"), "P", old, new)
    assert [f.rule for f in out] == [rule]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (Constraints(), Constraints(min_length=0)),
        (Constraints(), Constraints(pattern="^.*$")),
        (Constraints(min_length=0), Constraints()),
    ],
)
def test_constraints_that_restrict_nothing_are_no_change(
    old: Constraints, new: Constraints
) -> None:
    out: list[Finding] = []
    compare_constraints(Scope(out, "Op"), "P", old, new)
    assert out == []


def test_enum_values_are_told_apart_by_type() -> None:
    out: list[Finding] = []
    compare_constraints(
        Scope(out, "Op"),
        "P",
        Constraints(enum=(EnumValue(1),)),
        Constraints(enum=(EnumValue(True),)),
    )
    assert [(f.rule, f.old, f.new) for f in out] == [
        ("enum-value-removed", 1, None),
        ("enum-value-added", None, True),
    ]


# -- rules across parameters -----------------------------------------------------------------
REQUIRES = Rule(
    id="r", kind="requires", params=("A",), source="s", when=Condition("T", ("x",)), error="E"
)
COMBOS = Rule(
    id="c", kind="combinations", params=("A", "B"), source="s", allowed=((1, 2), (3, 4)), error="E"
)


@pytest.mark.parametrize(
    ("old", "new", "rule"),
    [
        (REQUIRES, replace(REQUIRES, params=("A", "B")), "rule-tightened"),
        (REQUIRES, replace(REQUIRES, when=None), "rule-tightened"),  # no condition: always applies
        (REQUIRES, replace(REQUIRES, when=Condition("T", ("x", "y"))), "rule-tightened"),
        (replace(REQUIRES, params=("A", "B")), REQUIRES, "rule-relaxed"),
        (REQUIRES, replace(REQUIRES, params=("B",)), "rule-changed"),
        (REQUIRES, replace(REQUIRES, error="F"), "violation-code-changed"),
        (REQUIRES, replace(REQUIRES, kind="forbids"), "rule-changed"),
        (COMBOS, replace(COMBOS, allowed=((1, 2),)), "rule-tightened"),
        (COMBOS, replace(COMBOS, allowed=((1, 2), (3, 4), (5, 6))), "rule-relaxed"),
        (COMBOS, replace(COMBOS, allowed=((1, 2), (5, 6))), "rule-changed"),
        (REQUIRES, replace(REQUIRES, kind="unchecked", reason="r"), "rule-removed"),
        (replace(REQUIRES, kind="unchecked", reason="r"), REQUIRES, "rule-added"),
    ],
)
def test_rule_verdicts(old: Rule, new: Rule, rule: str) -> None:
    base = with_op(fixture_model(), rules=(old,))
    assert {r for r, _, _ in found(base, with_op(base, rules=(new,)))} == {rule}


def test_reordered_rule_values_are_no_change() -> None:
    base = with_op(fixture_model(), rules=(replace(REQUIRES, params=("A", "B")),))
    assert found(base, with_op(base, rules=(replace(REQUIRES, params=("B", "A")),))) == set()


# -- errors ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("status", "rule"), [(404, "error-status-changed"), (500, "error-status-class-changed")]
)
def test_error_status_is_worse_across_4xx_and_5xx(status: int, rule: str) -> None:
    old = fixture_model()
    errors = tuple(
        replace(e, http_status=status) if e.code == "Application.MissingJdk" else e
        for e in old.errors
    )
    assert (rule, "service:sae", "Application.MissingJdk") in found(
        old, replace(old, errors=errors)
    )


@pytest.mark.parametrize(
    ("changes", "raised"),
    [
        ({}, "BadRequestError"),
        ({"http_status": 404}, "NotFoundError"),
        ({"http_status": 503}, "ServerError"),
        ({"throttling": True}, "ThrottlingError"),
        ({"not_found": True, "http_status": 400}, "NotFoundError"),
    ],
)
def test_exception_class_per_code_mirrors_error_for(changes: dict[str, Any], raised: str) -> None:
    error = replace(fixture_model().error("Application.MissingJdk"), **changes)
    assert _exception_class(error.http_status, error.throttling, error.not_found) == raised


def test_a_new_client_class_renames_the_root_exception() -> None:
    old = fixture_model()
    # The builder derives these names from service.client_class (tests/cli/test_cli.py checks it).
    new = replace(
        old, client_class="SaeClient", async_client_class="AsyncSaeClient", root_error="SaeError"
    )
    change = surface_diff([old], [new])
    assert change["exception_classes"] == SurfaceChange(
        added=("sae_jobs.SaeError",), removed=("sae_jobs.SaeJobsError",)
    )
    assert change["classes"] == SurfaceChange(
        added=("sae_jobs.AsyncSaeClient", "sae_jobs.SaeClient"),
        removed=("sae_jobs.AsyncSaeJobsClient", "sae_jobs.SaeJobsClient"),
    )


# -- structures inside JSON parameters, on the real spec ----------------------------------------
def test_nested_structure_paths_follow_refs() -> None:
    old = real_model()

    def integers(t: StructType) -> StructType:
        assert t.items is not None
        return replace(t, items=replace(t.items, types=("integer",)))

    new = with_type(old, "StringList", integers)
    paths = {
        (op, path) for rule, op, path in found(old, new) if rule == "struct-field-type-changed"
    }
    assert {
        ("CreateJob", "CommandArgs[]"),
        ("CreateJob", "PreStop.exec.command[]"),
        ("UpdateJob", "PostStart.exec.command[]"),
    } <= paths


def test_a_field_shared_by_one_of_variants_is_reported_once() -> None:
    old = fixture_model()

    def longer_name(t: StructType) -> StructType:
        fields = tuple(
            replace(f, constraints=replace(f.constraints, min_length=2)) if f.key == "name" else f
            for f in t.fields
        )
        return replace(t, fields=fields)

    new = with_type(with_type(old, "EnvValue", longer_name), "EnvConfigMapRef", longer_name)
    assert [f.path for f in compare([old], [new])] == ["Envs[].name"]


def test_unchanged_model_has_no_findings() -> None:
    assert compare([real_model()], [real_model()]) == []


def test_operation_order_and_spec_file_are_no_change() -> None:
    old = real_model()
    ops: tuple[Operation, ...] = tuple(
        replace(op, spec_file="elsewhere/" + op.spec_file) for op in reversed(old.operations)
    )
    assert compare([old], [replace(old, operations=ops)]) == []


def test_the_order_of_a_fake_sections_keys_is_no_change(tmp_path: Path) -> None:
    fake = "sae/CreateJob.yaml#/operation/fake"
    base = write_side(
        tmp_path / "base", [{"set": fake, "to": {"action": "create", "id_field": "Data.AppId"}}]
    )
    head = write_side(
        tmp_path / "head", [{"set": fake, "to": {"id_field": "Data.AppId", "action": "create"}}]
    )
    assert compare(load_model(base), load_model(head)) == []
    moved = write_side(tmp_path / "moved", [{"set": fake, "to": {"action": "create"}}])
    assert [f.new for f in compare(load_model(moved), load_model(base))] == [
        "action=create; id_field=Data.AppId"
    ]


def test_fixture_model_is_what_the_tests_assume() -> None:
    # Guards the helpers above: they edit the first operation of this model.
    assert fixture_model().operations[0].name == "CreateJob"
    assert Path(fixture_model().operations[0].spec_file).name == "CreateJob.yaml"


def test_exception_bases_match_the_generated_package(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(REPO / "generated"))
    errors = importlib.import_module("sae_jobs.errors")
    for name, base in EXCEPTION_BASES.items():
        assert getattr(errors, name).__bases__ == (getattr(errors, base),)
    for name in ("APIError", "APIConnectionError"):  # the tops: directly under the root error
        assert name not in EXCEPTION_BASES and getattr(errors, name).__bases__ == (
            errors.SaeJobsError,
        )


# -- rules across structure fields, and the codes checks report, on the real spec ---------------
def _at_most(most: int) -> Any:
    return lambda t: replace(t, at_most=(*t.at_most[:2], most))


def _together_error(t: StructType) -> StructType:
    return replace(
        t, together=tuple(replace(g, error="InvalidParameter.WithMessage") for g in t.together)
    )


def _field_error(t: StructType) -> StructType:
    return replace(
        t,
        fields=tuple(
            replace(f, error="InvalidParameter.WithMessage") if f.key == "ip" else f
            for f in t.fields
        ),
    )


@pytest.mark.parametrize(
    ("type_name", "change", "rule"),
    [
        ("SlsConfigList", _at_most(2), "struct-rule-relaxed"),  # compared by meaning, not text
        ("SlsConfigList", _at_most(0), "struct-rule-tightened"),
        ("SlsConfig", _together_error, "violation-code-changed"),
        ("HostAlias", _field_error, "violation-code-changed"),
    ],
)
def test_structure_rules_and_codes_by_meaning(type_name: str, change: Any, rule: str) -> None:
    old = real_model()
    assert {r for r, _, _ in found(old, with_type(old, type_name, change))} == {rule}


def test_a_changed_same_value_error_is_a_violation_code_change() -> None:
    def same_value(error: str) -> Any:
        return lambda t: replace(t, same_value=("projectName", error))

    base = real_model()
    old = with_type(base, "SlsConfigList", same_value("Sls.Config.Mixed.Multi.Project"))
    new = with_type(base, "SlsConfigList", same_value("InvalidParameter.WithMessage"))
    assert {r for r, _, _ in found(old, new)} == {"violation-code-changed"}


def test_a_changed_enum_error_is_a_violation_code_change() -> None:
    old = real_model()
    new = with_param(old, "PackageType", enum_error="InvalidParameter.WithMessage")
    assert found(old, new) == {("violation-code-changed", "CreateJob", "PackageType")}


def test_a_type_no_parameter_carries_is_compared_on_its_own() -> None:
    old = real_model()
    label = StructType(
        name="Label",
        kind="object",
        description="",
        fields=(StructField("key", ("string",), None, True, "", Constraints()),),
    )
    base = replace(old, types=(*old.types, label))
    head = replace(
        old,
        types=(
            *old.types,
            replace(
                label,
                fields=(
                    *label.fields,
                    StructField("value", ("string",), None, True, "", Constraints()),
                ),
            ),
        ),
    )
    assert found(base, head) == {
        ("struct-field-added-required", "service:sae", "types.Label.value")
    }
