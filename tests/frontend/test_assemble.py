"""The assembled model: the service file's sections and the fake sections arrive as typed
records with the spec format's key names, keeping every key a spec gives and nothing more."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.frontend.entry import load_model
from generator.model import (
    Endpoint,
    FakeBehaviour,
    FakeCodes,
    FakeFilter,
    Service,
    Signing,
    as_spec,
)
from tests.helpers import FIXTURES, SPEC

SAE = SPEC / "sae" / "2019-05-06"
WIDGETS = FIXTURES / "widgets" / "spec"
SPEC_ROOTS = [SPEC, WIDGETS, FIXTURES / "edge_cases" / "spec"]
SERVICE_SECTIONS = ("endpoint", "signing", "credentials", "wire", "response", "validation")


@cache
def model(root: Path) -> list[Service]:
    return load_model(root)


def operation_yaml(service: Service, name: str, root: Path) -> dict[str, Any]:
    op = next(o for o in service.operations if o.name == name)
    data: dict[str, Any] = yaml.safe_load((root.parent / op.spec_file).read_text("utf-8"))
    return data


def test_service_sections_arrive_typed() -> None:
    sae = model(SPEC)[0]
    assert sae.endpoint == Endpoint(
        scheme="https",
        networks={"public": "sae.{region}.aliyuncs.com", "vpc": "sae-vpc.{region}.aliyuncs.com"},
        default_network="public",
    )
    assert isinstance(sae.signing, Signing)
    assert sae.signing.signed_headers[:2] == ("host", "x-acs-action")
    assert sae.signing.retry_after_header == "x-acs-retry-after"
    assert sae.credentials.security_token_env == "ALIBABA_CLOUD_SECURITY_TOKEN"
    assert (sae.wire.boolean_true, sae.wire.json_separators) == ("True", "compact")
    assert sae.response.empty_error_codes == ("", "空", "Null", "null")
    assert sae.validation.by_key == (
        ("required", "InvalidParameter.NotEmpty"),
        ("invalid", "InvalidParameter.WithMessage"),
        ("unknown", "InvalidParameter.Obviously"),
    )
    assert sae.fake == FakeCodes(
        "SignatureDoesNotMatch",
        "InvalidAccessKeyId.NotFound",
        "Throttling.User",
        "ServiceUnavailable",
    )


def test_keys_a_spec_leaves_out_are_none() -> None:
    """The widgets fixture names neither retry_after_header, request_id_header nor the
    gateway's fields; the model says so rather than inventing values (the view decides)."""
    widgets = model(WIDGETS)[0]
    assert widgets.signing.retry_after_header is None
    assert widgets.signing.request_id_header is None and widgets.signing.note is None
    assert widgets.response.gateway_code_field is None
    assert widgets.wire.json_separators is None


def test_fake_sections_arrive_typed() -> None:
    ops = {op.name: op for op in model(SPEC)[0].operations}
    assert ops["DescribeJob"].fake == FakeBehaviour(
        action="describe",
        id_param="AppId",
        id_field="Data.AppId",
        record_field="Data",
        not_found="InvalidAppId.NotFound",
    )
    listing = ops["ListJobs"].fake
    assert listing is not None and listing.action == "list" and listing.id_param is None
    assert listing.filters is not None and listing.filters[-1] == FakeFilter(
        param="FieldValue",
        key_from="FieldType",
        keys={"appName": "AppName", "appIds": "AppId"},
        split=True,
    )
    status = ops["DescribeJobStatus"].fake
    assert status is not None and status.fixed == {"Data.State": "1", "Data.Message": "success"}
    assert ops["CreateJob"].fake is not None and ops["CreateJob"].fake.fresh_fields == (
        "Data.ChangeOrderId",
        "TraceId",
    )


@pytest.mark.parametrize("root", SPEC_ROOTS, ids=lambda p: p.parent.name)
def test_every_section_gives_back_what_the_spec_wrote(root: Path) -> None:
    """as_spec is the section as written: no key of the spec lost, none added."""
    for service in model(root):
        folder = root.parent / service.files[0].path.rpartition("/")[0]
        written = yaml.safe_load((folder / "service.yaml").read_text("utf-8"))
        for name in SERVICE_SECTIONS:
            assert as_spec(getattr(service, name)) == written[name], name
        assert (as_spec(service.fake) if service.fake else None) == written.get("fake")
        for op in service.operations:
            fake = operation_yaml(service, op.name, root)["operation"].get("fake")
            assert (as_spec(op.fake) if op.fake else None) == fake, op.name
