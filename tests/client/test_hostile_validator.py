"""The generated validator under hostile input (issue 13): every input is answered with
violations, anchors mean the end of the text, messages stay small and secrets stay out.
Through the public interface: sae_jobs.validators and the client against the fake server."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sae_jobs import ValidationError, _tables
from sae_jobs._runtime import _validation as v
from sae_jobs.validators import check_create_job, validate_create_job, validate_update_job

from tests.strategies import ANY_VALUE, scalar

BASE = {
    "app_name": "demo",
    "package_type": "Image",
    "image_url": "registry/x:1",
    "replicas": 1,
    "workload": "job",
}
MESSAGE_LIMIT = 600  # characters in one violation's text, whatever the input
SETTINGS = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


def _patterned() -> Iterator[tuple[str, str]]:
    for table in (_tables.CREATE_JOB, _tables.UPDATE_JOB):
        for p in table.params:
            if p.node.pattern:
                yield table.name, p.python_name


# -- anchors ------------------------------------------------------------------------------
@pytest.mark.parametrize(("operation", "name"), sorted(set(_patterned())))
def test_a_trailing_newline_never_satisfies_an_anchored_pattern(operation: str, name: str) -> None:
    table = _tables.CREATE_JOB if operation == "CreateJob" else _tables.UPDATE_JOB
    validate = validate_create_job if operation == "CreateJob" else validate_update_job
    param = v.param_index(table)[name]

    @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
    @given(scalar(param.node), st.sampled_from(["\n", "\r\n", "\n\n"]))
    def check(value: Any, tail: str) -> None:
        def own(found: list[v.Violation]) -> list[str]:
            return [
                x.rule
                for x in found
                if x.path == param.wire_name and x.rule in ("pattern", "max_length")
            ]

        assert not own(validate({name: value}))
        assert own(validate({name: value + tail}))

    check()


def test_dollar_inside_a_class_or_escaped_stays_literal() -> None:
    assert v.matches(r"^[$]a\$$", "$a$") and not v.matches(r"^[$]a\$$", "$a$\n")
    assert v.matches(r"^[]$]+$", "]$]") and not v.matches("^ab$", "ab\n")


# -- every input gets violations ----------------------------------------------------------
class RaisingStr(str):
    def __eq__(self, other: object) -> bool:
        raise RuntimeError("no comparing")

    __hash__ = str.__hash__


class RaisingMapping(dict[str, Any]):
    def items(self) -> Any:
        raise OSError("no items")


def _deep(depth: int) -> str:
    return "[" * depth + "]" * depth


HOSTILE: list[Any] = [
    ["app_name", "demo"],
    "app_name=demo",
    None,
    42,
    RaisingMapping(BASE),
    {**BASE, 1: 2},
    {**BASE, (1, 2): "x"},
    {**BASE, None: "x"},
    {**BASE, b"cpu": 500},
    {**BASE, "sls_configs": _deep(10_000)},
    {**BASE, "sls_configs": "[" * 100_000},
    {**BASE, "sls_configs": json.loads(_deep(500))},
    {**BASE, "cpu": 10**5000},
    {**BASE, "memory": -(10**5000), "cpu": 500},
    {**BASE, "app_name": RaisingStr("demo\n")},
    {**BASE, "package_type": RaisingStr("Image")},
    {**BASE, "tomcat_config": {RaisingStr("port"): 1}},
    {**BASE, "app_name": b"demo"},
    {**BASE, "command_args": b"[]"},
    {**BASE, "command_args": bytearray(b"ab")},
    {**BASE, "custom_host_alias": [{"hostName": "x" * 100_000, "ip": "1.2.3.4"}]},
    {**BASE, "a" * 1_000_000: 1},
    {**BASE, "app_name": "d" * 10_000_000},
    {**BASE, "package_type": "x" * 1_000_000},
    {
        **BASE,
        "sls_configs": [
            {"projectName": "p" * 1_000_000, "logDir": ""},
            {"projectName": "q" * 100, "logDir": ""},
        ],
    },
]


@pytest.mark.parametrize("params", HOSTILE, ids=lambda p: type(p).__name__)
def test_hostile_input_gives_bounded_violations_never_an_exception(params: Any) -> None:
    for validate in (validate_create_job, validate_update_job):
        found = validate(params)
        assert isinstance(found, list) and all(isinstance(x, v.Violation) for x in found)
        for violation in found:
            assert len(str(violation)) < MESSAGE_LIMIT, str(violation)[:300]
    if validate_create_job(params):
        with pytest.raises(ValidationError):
            check_create_job(params)
    else:
        check_create_job(params)


def test_non_mapping_input_is_one_violation() -> None:
    found = validate_create_job(["app_name", "demo"])  # type: ignore[arg-type]
    assert [(x.rule, x.detail) for x in found] == [
        ("type", "must be a mapping of parameter names to values, not array")
    ]


def test_bytes_are_called_bytes() -> None:
    found = {
        x.path: x.detail
        for x in validate_create_job({**BASE, "app_name": b"demo", "command_args": b"[]"})
    }
    assert found["AppName"] == "must be string, not bytes"
    assert found["CommandArgs"].endswith("not bytes"), found


def test_deep_json_string_is_a_violation_also_through_the_client() -> None:
    from sae_jobs import SaeJobsClient
    from sae_jobs.testing import FakeServer

    with FakeServer() as server, SaeJobsClient(**server.client_kwargs()) as client:
        with pytest.raises(ValidationError) as caught:
            client.create_job(**{**BASE, "sls_configs": _deep(10_000)})  # type: ignore[arg-type]
        assert not server.requests
    assert "nested too deeply" in str(caught.value)


def test_str_subclass_is_judged_by_its_text() -> None:
    found = validate_create_job({**BASE, "app_name": RaisingStr("demo\n")})
    assert [x.rule for x in found] == ["pattern"]
    assert (
        validate_create_job(
            {k: RaisingStr(x) if isinstance(x, str) else x for k, x in BASE.items()}
        )
        == []
    )


@SETTINGS
@given(
    st.dictionaries(
        st.sampled_from([p.python_name for p in _tables.CREATE_JOB.params])
        | st.binary()
        | st.integers(),
        ANY_VALUE
        | st.binary()
        | st.integers(min_value=10**4000, max_value=10**4100)
        | st.text(min_size=2000, max_size=3000)
        | st.builds(RaisingStr, st.text(max_size=5)),
        max_size=8,
    )
    | ANY_VALUE
)
def test_any_input_gives_small_violations(params: Any) -> None:
    for violation in validate_create_job(params):
        assert len(str(violation)) < MESSAGE_LIMIT


# -- bounded messages and secrets ------------------------------------------------------------
def test_message_size_does_not_grow_with_the_value() -> None:
    sizes = [
        len(
            "".join(
                map(
                    str, validate_create_job({**BASE, "app_name": "9" * n, "package_type": "Z" * n})
                )
            )
        )
        for n in (100, 10_000_000)
    ]
    assert sizes[1] - sizes[0] < 20, sizes


@pytest.mark.parametrize("secret", ["s3cr3t-" + "k" * 5000, "s3cr3t\n", "s3cr3t"])
def test_secrets_never_appear_in_messages(secret: str) -> None:
    sensitive = [p.python_name for p in _tables.CREATE_JOB.params if p.sensitive]
    assert sensitive
    for value in (secret, RaisingStr(secret), secret.encode(), [secret], {secret: secret}):
        for name in sensitive:
            text = "".join(
                map(str, validate_create_job({**BASE, name: value, "no_such_" + name: 1}))
            )
            assert "s3cr3t" not in text


# -- patterns are not run over unbounded values ------------------------------------------------------
def test_an_overlong_value_is_refused_without_matching_it() -> None:
    start = time.perf_counter()
    found = validate_create_job({**BASE, "app_name": "a" * 20_000_000 + "!"})
    assert [x.rule for x in found] == ["max_length"]
    assert time.perf_counter() - start < 1.0


@pytest.mark.parametrize(("operation", "name"), sorted(set(_patterned())))
def test_no_pattern_takes_long_on_a_megabyte(operation: str, name: str) -> None:
    validate = validate_create_job if operation == "CreateJob" else validate_update_job
    for value in ("a" * 1_000_000 + "!", "a-" * 500_000 + ":", "A" * 1_000_000 + "\n"):
        start = time.perf_counter()
        assert validate({name: value})
        assert time.perf_counter() - start < 1.0, (name, value[:5])
