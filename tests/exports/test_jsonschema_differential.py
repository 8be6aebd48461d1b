"""`gen export jsonschema` says what the generated validator checks: over thousands of
generated requests (valid ones, then broken in the ways callers break them) the two agree on
valid/invalid, except where the validator refuses for a reason listed in NOT_EXPRESSED."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from typing import Any

import jsonschema
import pytest
from sae_jobs import _tables
from sae_jobs._runtime import _validation as v
from sae_jobs.validators import validate_create_job, validate_update_job

from generator.exports.jsonschema import NOT_EXPRESSED
from tests.helpers import ROOT
from tests.strategies import broken_request, valid_bases

TABLES = {
    "CreateJob": (_tables.CREATE_JOB, validate_create_job),
    "UpdateJob": (_tables.UPDATE_JOB, validate_update_job),
}
BASES = 60  # valid requests per operation, built by hypothesis from the tables
REQUESTS = 2500  # per operation: each a base request broken in up to three places


def _content_schema(
    validator: Any, schema: Any, instance: Any, parent: dict[str, Any]
) -> Iterator[jsonschema.ValidationError]:
    """contentSchema asserted, as the schema asks of a validator that looks into content."""
    if parent.get("contentMediaType") != "application/json" or not isinstance(instance, str):
        return
    try:
        data = json.loads(instance)
    except (ValueError, RecursionError):
        yield jsonschema.ValidationError("is not JSON")
        return
    yield from validator.descend(data, schema)


Asserting = jsonschema.validators.extend(
    jsonschema.Draft202012Validator, {"contentSchema": _content_schema}
)


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    run = subprocess.run(
        [sys.executable, "-m", "generator.cli.main", "export", "jsonschema"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    return dict(json.loads(run.stdout))


def _request(rng: random.Random, table: v.Operation, bases: list[dict[str, Any]]) -> dict[str, Any]:
    params = broken_request(rng, table, bases)
    return {k: x for k, x in params.items() if x is not v.CLEAR}  # CLEAR has no JSON form


def _wire(table: v.Operation, params: dict[str, Any]) -> dict[str, Any]:
    wire = {p.python_name: p.wire_name for p in table.params}
    return {wire.get(k, "x-" + k): x for k, x in params.items()}


def _listed(violations: list[v.Violation]) -> bool:
    """Every violation is one that NOT_EXPRESSED names: an integral float for an integer, a
    cron expression, items that must share one value."""

    def named(x: v.Violation) -> bool:
        if (
            x.rule == "type"
            and x.detail.startswith("must be integer")
            and x.detail.endswith("not number")
        ):
            return True
        return (x.rule == "format" and x.detail.endswith("valid cron")) or x.rule == "same_value"

    return bool(violations) and all(named(x) for x in violations)


def _tally(operation: str, document: dict[str, Any]) -> Counter[str]:
    """Requests valid, invalid, and disagreements (each must be one of the listed gaps)."""
    table, validate = TABLES[operation]
    schema = {
        "$schema": document["$schema"],
        "$ref": document["properties"][operation]["$ref"],
        "$defs": document["$defs"],
    }
    checker = Asserting(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    bases = valid_bases(table, BASES)
    rng = random.Random(13)
    tally: Counter[str] = Counter()
    for _ in range(REQUESTS):
        params = _request(rng, table, bases)
        violations = validate(params)
        schema_ok = checker.is_valid(_wire(table, params))
        tally["valid" if not violations else "invalid"] += 1
        if schema_ok == (not violations):
            continue
        tally["listed"] += 1
        assert schema_ok and _listed(violations), (
            f"{params}\nvalidator: {[str(x) for x in violations]}\n"
            f"schema: {[e.message for e in checker.iter_errors(_wire(table, params))][:5]}"
        )
    return tally


def test_export_and_validator_agree_except_on_the_listed_gaps(document: dict[str, Any]) -> None:
    tallies = {operation: _tally(operation, document) for operation in sorted(TABLES)}
    for operation, tally in tallies.items():  # both sides exercised
        assert tally["valid"] >= REQUESTS // 10 and tally["invalid"] >= REQUESTS // 3, (
            operation,
            tally,
        )
    # The listed gaps are real, and met (how often differs with the hypothesis-built bases).
    assert sum(tally["listed"] for tally in tallies.values()) > 0, tallies
    print({operation: dict(tally) for operation, tally in tallies.items()})


def test_what_the_export_cannot_say_is_listed() -> None:
    assert len(NOT_EXPRESSED) >= 5 and all(NOT_EXPRESSED)
