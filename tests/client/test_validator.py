"""The generated validator, through the generated package: every kind of documented rule,
passing and failing, with the service's own error codes and messages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sae_jobs import CLEAR, ValidationError
from sae_jobs.validators import check_create_job, validate_create_job, validate_update_job

from generator.frontend.entry import load_model
from generator.frontend.meaning import _example_value
from tests.helpers import SPEC
from tests.payloads import rich_create_job

BASE = {
    "app_name": "demo",
    "package_type": "Image",
    "image_url": "registry/x:1",
    "replicas": 1,
    "workload": "job",
}


def found(
    params: dict[str, Any], update: bool = False, **kwargs: Any
) -> dict[str, tuple[str, str, str]]:
    violations = (validate_update_job if update else validate_create_job)(params, **kwargs)
    return {v.path: (v.rule, v.code, v.message) for v in violations}


def test_valid_requests_pass() -> None:
    assert validate_create_job(BASE) == []
    assert validate_create_job(rich_create_job()) == []
    assert validate_update_job({"app_id": "a"}) == []


def test_all_violations_are_reported_at_once() -> None:
    bad = {
        "app_name": "9" * 40,
        "package_type": "War",
        "cpu": 500,
        "memory": 4096,
        "replicas": -1,
        "workload": "job",
    }
    paths = set(found(bad))
    assert {
        "AppName",
        "Replicas",
        "PackageVersion",
        "PackageUrl",
        "Jdk",
        "WebContainer",
        "Cpu/Memory",
    } <= paths


def test_required_parameters() -> None:
    result = found({"app_name": "demo"})
    assert result["PackageType"] == (
        "required",
        "InvalidParameter.NotEmpty",
        "You must specify the parameter PackageType.",
    )
    assert result["Replicas"][1] == "InvalidParameter.NotEmpty" and "Workload" in result
    assert found({**BASE, "app_name": ""})["AppName"][:2] == (
        "required",
        "InvalidParameter.NotEmpty",
    )


@pytest.mark.parametrize(
    ("name", "value", "ok"),
    [
        ("replicas", True, False),  # a bool is not an int
        ("replicas", 2.0, False),
        ("replicas", "2", False),
        ("timeout", 2**40, True),  # long: any int
        ("auto_config", 1, False),
        ("auto_config", False, True),
        ("app_description", 5, False),
        ("app_description", None, False),  # None is never a value
    ],
)
def test_types(name: str, value: Any, ok: bool) -> None:
    result = found({**BASE, name: value})
    assert (result == {}) is ok, result
    if not ok:
        assert next(iter(result.values()))[:2] == ("type", "InvalidParameter.WithMessage")


def test_enums_use_the_documented_codes_and_can_be_relaxed() -> None:
    assert found({**BASE, "package_type": "Zip"})["PackageType"][1] == "InvalidPackageType.NotFound"
    assert found({**BASE, "cpu": 3})["Cpu"][1] == "InvalidInstanceSpecification.Unsupported"
    assert found({**BASE, "concurrency_policy": "Sometimes"})["ConcurrencyPolicy"][:2] == (
        "enum",
        "InvalidParameter.WithMessage",
    )
    assert found({**BASE, "concurrency_policy": "Sometimes"}, strict_enums=False) == {}
    assert "ConcurrencyPolicy" in found(
        {**BASE, "concurrency_policy": 3}, strict_enums=False
    )  # types stay strict


def test_length_pattern_and_range() -> None:
    assert found({**BASE, "app_name": "a" * 36}) == {}
    assert found({**BASE, "app_name": "a" * 37})["AppName"][0] == "max_length"
    assert found({**BASE, "app_name": "1abc"})["AppName"][0] == "pattern"
    assert found({**BASE, "app_description": "x" * 1025})["AppDescription"][0] == "max_length"
    for value, rule in ((0, "minimum"), (301, "maximum")):
        assert (
            found({**BASE, "termination_grace_period_seconds": value})[
                "TerminationGracePeriodSeconds"
            ][0]
            == rule
        )
    assert found({**BASE, "termination_grace_period_seconds": 300}) == {}


def test_cpu_memory_pairs() -> None:
    assert found({**BASE, "cpu": 2000, "memory": 4096}) == {}
    result = found({**BASE, "cpu": 500, "memory": 4096})
    assert result["Cpu/Memory"] == (
        "instance-specification",
        "InvalidInstanceSpecification.Unsupported",
        "The instance specification is not supported: CPU [500], memory [4096].",
    )


def test_conditional_requirements_and_exclusions() -> None:
    war = {
        "app_name": "demo",
        "package_type": "War",
        "replicas": 1,
        "workload": "job",
        "package_version": "1",
        "package_url": "https://x/a.war",
    }
    assert found(war)["Jdk"][1] == "WarApplication.MissingJdkWebcontainer"
    assert found({**war, "jdk": "Open JDK 8", "web_container": "apache-tomcat-8.5.42"}) == {}
    fatjar = {**war, "package_type": "FatJar"}
    assert found(fatjar)["Jdk"][1] == "JarApplication.MissingJdk" and "WebContainer" not in found(
        fatjar
    )
    cleared = {(v.path, v.rule) for v in validate_create_job({**BASE, "image_url": CLEAR})}
    assert cleared == {("ImageUrl", "clear"), ("ImageUrl", "image-url-for-image")}
    image = {k: v for k, v in BASE.items() if k != "image_url"}
    assert found(image)["ImageUrl"][:2] == ("image-url-for-image", "InvalidParameter.NotEmpty")
    assert found({**BASE, "jdk": "Open JDK 8"})["Jdk"][:2] == (
        "no-jdk-with-image",
        "InvalidParameter.WithMessage",
    )


def test_namespace_uppercase_has_its_own_code() -> None:
    assert (
        found({**BASE, "namespace_id": "cn-hangzhou:Prod"})["NamespaceId"][1]
        == "InvalidNamespace.WithUppercase"
    )
    assert found({**BASE, "namespace_id": "cn-hangzhou:prod"}) == {}


def test_unknown_parameters_get_a_suggestion() -> None:
    result = found({**BASE, "app_nmae": "x"})
    assert result["app_nmae"][1] == "InvalidParameter.Obviously"
    violation = next(
        v for v in validate_create_job({**BASE, "app_nmae": "x"}) if v.path == "app_nmae"
    )
    assert "did you mean 'app_name'" in violation.detail


@pytest.mark.parametrize(
    "envs",
    [
        [{"name": "A", "value": "1"}],
        [{"name": "A", "valueFrom": "configMapRef", "configMapId": 1}],
        [
            {
                "name": "sae-sys-configmap-all-x",
                "valueFrom": "configMapRef",
                "configMapId": 1,
                "key": "k",
            }
        ],
        '[{"name":"A","value":"1"}]',
    ],
)
def test_envs_valid(envs: Any) -> None:
    assert found({**BASE, "envs": envs}) == {}


def test_envs_invalid_items_name_their_path() -> None:
    result = found(
        {
            **BASE,
            "envs": [
                {"name": "A", "value": "1"},
                {"name": "B", "valueFrom": "secretRef", "configMapId": 1},
            ],
        }
    )
    assert result["Envs[1].valueFrom"][:2] == ("enum", "InvalidParameter.WithMessage")
    assert found({**BASE, "envs": [{"name": "A"}]})  # neither value nor valueFrom
    assert found({**BASE, "envs": [{"name": "A", "value": 1}]})["Envs[0].value"][0] == "type"


def test_raw_json_that_is_not_json_is_a_violation() -> None:
    result = found({**BASE, "envs": "[{name: A}]"})
    assert result["Envs"][0] == "json" and result["Envs"][1] == "InvalidParameter.WithMessage"
    assert (
        found({**BASE, "mount_desc": '[{mountPath: "/tmp", nasPath: "/"}]'})["MountDesc"][0]
        == "json"
    )


def test_trigger_config_variants() -> None:
    assert (
        found(
            {
                **BASE,
                "trigger_config": {"type": "time", "config": "0 1 */1 * ?", "timezone": "GMT+8:00"},
            }
        )
        == {}
    )
    http = {
        "type": "http",
        "config": {
            "type": "HTTPS",
            "method": ["GET"],
            "ip": [],
            "referer": [],
            "securityConfig": "none",
        },
    }
    assert found({**BASE, "trigger_config": http}) == {}
    bad_cron = found(
        {**BASE, "trigger_config": {"type": "time", "config": "every day", "timezone": "GMT+8:00"}}
    )
    assert bad_cron["TriggerConfig.config"][0] == "format"
    assert found({**BASE, "trigger_config": {"type": "cron"}})


def test_tomcat_config() -> None:
    assert found({**BASE, "tomcat_config": {"port": 8080, "uriEncoding": "GBK"}}) == {}
    result = found({**BASE, "tomcat_config": {"port": 80, "uriEncoding": "UTF-16"}})
    assert (
        result["TomcatConfig.port"][0] == "minimum"
        and result["TomcatConfig.uriEncoding"][0] == "enum"
    )
    assert (
        found({**BASE, "tomcat_config": "{}"}) == {}
        and found({**BASE, "tomcat_config": CLEAR}) == {}
    )


def test_sls_configs_rules_inside_the_json() -> None:
    two_stdout = [{"logDir": "", "logType": "stdout"}, {"logDir": "/a", "logType": "stdout"}]
    assert found({**BASE, "sls_configs": two_stdout})["SlsConfigs"][0] == "at_most"
    prefixed = [{"projectName": "sae-x", "logstoreName": "s", "logDir": "/a"}]
    assert (
        found({**BASE, "sls_configs": prefixed})["SlsConfigs[0].projectName"][1]
        == "Sls.Project.Name.Invalid"
    )
    alone = [{"projectName": "p", "logDir": "/a"}]
    assert (
        found({**BASE, "sls_configs": alone})["SlsConfigs[0]"][1]
        == "Sls.Config.User.Defined.Missing.Logstore.Info"
    )
    no_project = [{"logstoreName": "s", "logDir": "/a"}]
    assert (
        found({**BASE, "sls_configs": no_project})["SlsConfigs[0]"][1]
        == "Sls.Config.User.Defined.Missing.Project.Info"
    )
    file_logs = [{"logDir": "/a", "logType": ""}, {"logDir": "", "logType": "stdout"}]
    assert found({**BASE, "sls_configs": file_logs}) == {}
    assert (
        found({**BASE, "sls_configs": [{"logDir": "/a", "logType": "file"}]})[
            "SlsConfigs[0].logType"
        ][0]
        == "enum"
    )


def test_every_documented_example_is_valid() -> None:
    """Each example the spec carries from the page (example and examples) passes as a string."""
    for op, validate in (("CreateJob", validate_create_job), ("UpdateJob", validate_update_job)):
        for p in next(o for s in load_model(SPEC) for o in s.operations if o.name == op).parameters:
            for example in (
                *([p.example] if p.example and not p.example_invalid else []),
                *p.examples,
            ):
                value = _example_value(example, p.kind)
                assert [
                    v for v in validate({p.python_name: value}) if v.path.startswith(p.wire_name)
                ] == [], (op, p.wire_name)


def test_the_pages_custom_log_service_example_is_accepted() -> None:
    custom = (
        '[{"projectName":"test-sls","logType":"stdout","logDir":"","logstoreName":"sae","logtailName":""},'
        '{"projectName":"test","logDir":"/tmp/a.log","logstoreName":"sae","logtailName":""}]'
    )
    assert found({**BASE, "sls_configs": custom}) == {}


def test_host_alias_ip_uses_its_documented_message() -> None:
    result = found({**BASE, "custom_host_alias": [{"hostName": "db", "ip": "300.1.1.1"}]})
    assert result["CustomHostAlias[0].ip"][1:] == (
        "InvalidHostnameIp.Invalid",
        "The hostname and/or IP is invalid: Hostname [db], IP [300.1.1.1].",
    )


def test_oss_mount_fields() -> None:
    assert found(
        {
            **BASE,
            "oss_mount_descs": [
                {"bucketName": "b", "bucketPath": "p", "mountPath": "/m", "readOnly": "yes"}
            ],
        }
    )
    assert (
        found({**BASE, "oss_mount_descs": [{"bucketName": "b", "bucketPath": "p"}]})[
            "OssMountDescs[0].mountPath"
        ][0]
        == "required"
    )


def test_clear_only_where_the_documentation_allows_it() -> None:
    assert found({"app_id": "a", "nas_id": CLEAR, "sls_configs": CLEAR}, update=True) == {}
    assert found({"app_id": "a", "timezone": CLEAR}, update=True)["Timezone"][0] == "clear"


def test_sensitive_values_never_appear_in_violations() -> None:
    secret = "SUPER-SECRET-1234"
    for value in (secret, [secret], {"k": secret}):
        try:
            check_create_job({**BASE, "app_nmae": 1, "oss_ak_secret": value, "oss_ak_id": 5})
        except ValidationError as exc:
            assert secret not in str(exc) and secret not in repr(exc.violations)


def test_check_raises_with_every_violation() -> None:
    with pytest.raises(ValidationError) as info:
        check_create_job({"app_name": "1"})
    assert info.value.operation == "CreateJob" and len(info.value.violations) >= 4
    assert "You must specify the parameter PackageType." in str(info.value)


def _examples() -> list[tuple[str, str, Any]]:
    out = []
    for op in load_model(SPEC)[0].operations:
        for p in op.parameters:
            if p.example is not None and p.example_invalid is None:
                out.append((op.name, p.python_name, _example_value(p.example, p.kind)))
    return out


@pytest.mark.parametrize(("operation", "name", "value"), _examples())
def test_every_documented_example_passes_its_own_rules(
    operation: str, name: str, value: Any
) -> None:
    validate = validate_create_job if operation == "CreateJob" else validate_update_job
    own = [
        v
        for v in validate({name: value})
        if v.path.split("[")[0].split(".")[0] == _wire(operation, name)
    ]
    assert own == [], own


def _wire(operation: str, python_name: str) -> str:
    op = next(o for o in load_model(SPEC)[0].operations if o.name == operation)
    return next(p.wire_name for p in op.parameters if p.python_name == python_name)


def test_examples_marked_invalid_really_are(tmp_path: Path) -> None:
    assert (
        found({"app_id": "a", "mount_desc": '[{mountPath: "/tmp", nasPath: "/"}]'}, update=True)[
            "MountDesc"
        ][0]
        == "json"
    )
