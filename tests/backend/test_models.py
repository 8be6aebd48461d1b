"""The generated TypedDict models keep every documented wire key exactly, including keys
that are Python keywords or not identifiers, and the client accepts and returns them."""

from __future__ import annotations

import importlib
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NotRequired, get_origin, get_type_hints

import pytest

from generator.frontend.entry import load_model
from tests.helpers import FIXTURES, GENERATED, ROOT, SPEC

CASES = {"sae": SPEC, "edge_cases": FIXTURES / "edge_cases" / "spec"}


def _models(package_root: Path, package: str) -> Any:
    sys.path.insert(0, str(package_root))
    try:
        return importlib.import_module(f"{package}.models")
    finally:
        sys.path.remove(str(package_root))


@pytest.mark.parametrize("case", CASES)
def test_struct_and_response_keys_are_the_wire_keys(
    case: str, fixture_output: Callable[[str], Path]
) -> None:
    service = load_model(CASES[case])[0]
    root = GENERATED if case == "sae" else fixture_output(case)
    models = _models(root, service.package)
    for struct in service.types:
        if struct.kind == "object":
            keys = set(get_type_hints(getattr(models, struct.name)))
            assert keys == {f.key for f in struct.fields}, struct.name
    for op in service.operations:
        _assert_keys(models, op.response_class, op.response)


def _assert_keys(models: Any, class_name: str, fields: Any) -> None:
    """Every named object of a response, at any depth and inside arrays, is a TypedDict with
    exactly its documented keys; the keys marked required are Required."""
    response = getattr(models, class_name)
    assert set(get_type_hints(response)) == {f.name for f in fields}, class_name
    hints = get_type_hints(response, include_extras=True)
    required = {key for key, hint in hints.items() if get_origin(hint) is not NotRequired}
    assert required == {f.name for f in fields if f.required}, class_name
    for field in fields:
        name, item = f"{class_name}{field.name}", field
        while item.type == "array":
            name, item = f"{name}Item", item.items
        if item.fields:
            _assert_keys(models, name, item.fields)


def test_keyword_and_non_identifier_keys_survive(fixture_output: Callable[[str], Path]) -> None:
    models = _models(fixture_output("edge_cases"), "edge_pkg")
    assert {"class", "my-key", "valueFrom"} <= set(get_type_hints(models.Odd))
    assert "class" in get_type_hints(models.DoThingResponse)
    assert "my-field" in get_type_hints(models.DoThingResponseData)


def test_validation_can_be_switched_off_per_call_and_per_client() -> None:
    from sae_jobs import SaeJobsClient, ValidationError

    from tests.recording_server import KEY_ID, SECRET, recording_server

    with recording_server() as server:
        strict = SaeJobsClient(
            endpoint=server.endpoint,
            allow_http=True,
            access_key_id=KEY_ID,
            access_key_secret=SECRET,
        )
        with pytest.raises(ValidationError):
            strict.update_job(app_id="a", timezone=5)  # type: ignore[typeddict-item]
        strict.update_job(app_id="a", timezone=5, options={"validate": False})  # type: ignore[typeddict-item]
        strict.update_job(app_id="a", concurrency_policy="Sometimes", options={"strict_enums": False})  # type: ignore[typeddict-item]
        lax = SaeJobsClient(
            endpoint=server.endpoint,
            allow_http=True,
            access_key_id=KEY_ID,
            access_key_secret=SECRET,
            validate=False,
        )
        lax.update_job(app_id="a", timezone=5)  # type: ignore[typeddict-item]
    assert [r.query.get("Timezone") for r in server.requests] == ["5", None, "5"]


def test_clients_leak_no_connections_or_sockets() -> None:
    code = (
        "import asyncio, sae_jobs\n"
        "from tests.recording_server import recording_server, KEY_ID, SECRET\n"
        "kw = dict(allow_http=True, access_key_id=KEY_ID, access_key_secret=SECRET)\n"
        "with recording_server() as s:\n"
        "    with sae_jobs.SaeJobsClient(endpoint=s.endpoint, **kw) as c:\n"
        "        for _ in range(3): c.update_job(app_id='a')\n"
        "    async def main():\n"
        "        async with sae_jobs.AsyncSaeJobsClient(endpoint=s.endpoint, **kw) as c:\n"
        "            for _ in range(3): await c.update_job(app_id='a')\n"
        "    asyncio.run(main())\n"
        "import gc; gc.collect()\n"
        "print('done')\n"
    )
    env = {"PYTHONPATH": f"{GENERATED}:{ROOT}", "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [sys.executable, "-X", "dev", "-W", "error::ResourceWarning", "-c", code],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0 and result.stdout.strip() == "done", result.stderr
    assert "ResourceWarning" not in result.stderr and "unclosed" not in result.stderr


def test_runtime_error_classes_match_the_model() -> None:
    from sae_jobs._runtime._errors import error_for
    from sae_jobs._service import SERVICE

    for error in load_model(SPEC)[0].errors:
        raised = error_for(SERVICE, error.http_status, error.code, "m")
        assert type(raised).__name__ == error.exception, error.code
        assert isinstance(raised, getattr(importlib.import_module("sae_jobs"), error.exception))
