"""Properties of the generated validator on arbitrary and on spec-satisfying input."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from sae_jobs import _tables
from sae_jobs._runtime import _validation as v
from sae_jobs._service import SERVICE
from sae_jobs.validators import validate_create_job, validate_update_job

from tests.strategies import arbitrary_request, hostile_request, valid_request

TABLES = {
    "CreateJob": (_tables.CREATE_JOB, validate_create_job),
    "UpdateJob": (_tables.UPDATE_JOB, validate_update_job),
}
SETTINGS = settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


@pytest.mark.parametrize("operation", sorted(TABLES))
def test_arbitrary_input_gives_violations_or_passes_never_an_exception(operation: str) -> None:
    table, validate = TABLES[operation]

    @SETTINGS
    @given(arbitrary_request(table))
    def check(params: dict[str, Any]) -> None:
        result = validate(params)
        assert isinstance(result, list) and all(isinstance(x, v.Violation) for x in result)
        for violation in result:
            assert violation.code in SERVICE.codes.templates and violation.message

    check()


@pytest.mark.parametrize("operation", sorted(TABLES))
def test_input_built_to_satisfy_the_spec_is_accepted(operation: str) -> None:
    table, validate = TABLES[operation]

    @SETTINGS
    @given(valid_request(table))
    def check(params: dict[str, Any]) -> None:
        assert validate(params) == [], params

    check()


@pytest.mark.parametrize("operation", sorted(TABLES))
def test_hostile_input_gives_small_violations_and_never_shows_a_secret(operation: str) -> None:
    table, validate = TABLES[operation]
    secrets = [p.python_name for p in table.params if p.sensitive]

    @SETTINGS
    @given(hostile_request(table))
    def check(params: Any) -> None:
        if isinstance(params, dict) and secrets:
            params = {**params, secrets[0]: "s3cr3t-value\n"}
        for violation in validate(params):
            assert violation.code in _tables.CODES.templates
            assert len(str(violation)) < 600 and "s3cr3t" not in str(violation)

    check()
