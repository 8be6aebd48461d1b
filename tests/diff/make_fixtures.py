"""Write tests/diff/fixtures: one base/head spec pair per rule id, plus the expected finding.

The fixtures are committed; this script is how they were made and how to remake them when
the spec format changes (python -m tests.diff.make_fixtures). Each pair starts from the same
trimmed copy of spec/sae/2019-05-06 and applies one small change, so a reader can see in one
line below what each rule reacts to.
"""

from __future__ import annotations

import copy
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from generator.diff.rules import CATALOGUE

FIXTURES = Path(__file__).resolve().parent / "fixtures"
Spec = dict[str, Any]  # relative file path -> YAML data

SERVICE = yaml.safe_load(
    """
format: 1
service: {name: sae, title: Serverless App Engine (SAE), package: sae_jobs, client_class: SaeJobsClient,
          api_version: "2019-05-06", style: ROA}
endpoint: {scheme: https, networks: {public: "sae.{region}.aliyuncs.com"}, default_network: public}
signing:
  algorithm: ACS3-HMAC-SHA256
  signed_headers: [host, x-acs-action, x-acs-version, x-acs-date, x-acs-signature-nonce, x-acs-content-sha256]
  action_header: x-acs-action
  version_header: x-acs-version
  date_header: x-acs-date
  nonce_header: x-acs-signature-nonce
  content_hash_header: x-acs-content-sha256
  security_token_header: x-acs-security-token
credentials: {access_key_id_env: ALIBABA_CLOUD_ACCESS_KEY_ID, access_key_secret_env: ALIBABA_CLOUD_ACCESS_KEY_SECRET,
              security_token_env: ALIBABA_CLOUD_SECURITY_TOKEN}
wire: {boolean_true: "True", boolean_false: "False", form_content_type: application/x-www-form-urlencoded}
response: {success_field: Success, code_field: Code, message_field: Message, error_code_field: ErrorCode,
           request_id_field: RequestId, empty_error_codes: ["", "Null"]}
validation: {required: InvalidParameter.NotEmpty, invalid: InvalidParameter.WithMessage, unknown: InvalidParameter.Obviously}
types:
  StringList: {description: A JSON array of strings., type: array, items: {type: string}}
  EnvVar: {description: One environment variable., one_of: [EnvValue, EnvConfigMapRef]}
  EnvValue:
    description: A custom environment variable.
    type: object
    fields:
      name: {type: string, required: true, min_length: 1, description: The name of the environment variable.}
      value: {type: string, required: true, description: The value of the environment variable.}
  EnvConfigMapRef:
    description: An environment variable that references a ConfigMap.
    type: object
    fields:
      name: {type: string, required: true, min_length: 1, description: The name of the environment variable.}
      valueFrom: {type: string, required: true, enum: [configMapRef], description: Set the value to configMapRef.}
      configMapId: {type: integer, required: true, description: The ConfigMap ID.}
      key: {type: string, description: The key. Leave it out to reference all keys.}
  EnvList: {type: array, items: {ref: EnvVar}}
  HostAlias:
    type: object
    fields:
      hostName: {type: string, required: true, min_length: 1, description: The domain name or hostname.}
      ip: {type: string, required: true, format: ipv4, error: InvalidHostnameIp.Invalid, error_args: [hostName, ip],
           description: The IP address.}
  HostAliasList: {type: array, items: {ref: HostAlias}}
errors:
  - {code: InvalidAppId.NotFound, http_status: 404, message: "The specified AppId does not exist."}
  - {code: InvalidParameter.NotEmpty, http_status: 400, message: "You must specify the parameter %s."}
  - {code: InvalidParameter.Obviously, http_status: 400, message: "The specified parameter is invalid {%s}."}
  - {code: InvalidParameter.WithMessage, http_status: 400, message: "The parameter is invalid {%s}: %s"}
  - {code: InvalidHostnameIp.Invalid, http_status: 400, message: "The hostname and/or IP is invalid: Hostname [%s], IP [%s]."}
  - {code: InvalidVpcId.NotFound, http_status: 404, message: "The specified VpcId does not exist."}
  - {code: Throttling, http_status: 400, message: "Request was denied due to flow control.", retryable: true,
     throttling: true, source: gateway}
  - {code: InternalError, http_status: 500, message: "The request processing has failed.", retryable: true, source: gateway}
"""
)

OPERATION = yaml.safe_load(
    """
format: 1
operation: {name: CreateJob, summary: Create a job template., method: POST, path: /pop/v1/sam/job/createJob,
            idempotent: false, source: sae-2019-05-06/CreateJob.txt}
parameters:
  - {name: AppName, type: string, required: true, in: query, description: The name of the job template., example: test,
     max_length: 36, pattern: "^[A-Za-z][A-Za-z0-9-]*$"}
  - {name: PackageType, type: string, required: true, in: query, description: The type of the deployment package.,
     example: FatJar, enum: [FatJar, War, Image]}
  - {name: PackageUrl, type: string, in: query, description: The address of the deployment package.}
  - {name: Cpu, type: integer, in: query, description: The CPU of each instance in millicores., enum: [500, 1000]}
  - {name: Memory, type: integer, in: query, description: The memory of each instance in MB., enum: [1024, 2048]}
  - {name: Replicas, type: integer, required: true, in: query, description: The number of instances., example: "3", minimum: 0}
  - {name: Timeout, type: long, in: query, description: "The timeout period. Unit: seconds.", minimum: 0, maximum: 86400}
  - {name: Timezone, type: string, in: query, description: "The time zone.", example: Asia/Shanghai, default: Asia/Shanghai}
  - {name: CommandArgs, type: string, in: query, description: The arguments of the start command., example: '["a","b"]'}
  - {name: Envs, type: string, in: query, description: The environment variables., example: '[{"name":"a","value":"0"}]',
     json: EnvList}
  - {name: CustomHostAlias, type: string, in: query, description: Host name mappings., json: HostAliasList}
  - {name: NasId, type: string, in: query, description: The NAS file system; an empty string unmounts it., empty_clears: true}
  - {name: OssAkSecret, type: string, in: query, description: The AccessKey secret for OSS., sensitive: true}
  - {name: PhpConfig, type: string, in: body, description: The PHP configuration file., example: k1=v1}
rules:
  - {id: package-url-for-fatjar, kind: requires, when: {param: PackageType, in: [FatJar]}, params: [PackageUrl],
     error: InvalidParameter.NotEmpty, source: PackageUrl row.}
  - {id: instance-specification, kind: combinations, params: [Cpu, Memory], allowed: [[500, 1024], [1000, 2048]],
     error: InvalidParameter.WithMessage, source: Memory row.}
  - {id: package-file-name, kind: unchecked, params: [PackageUrl], source: Error row., reason: The service decides.}
response:
  description: The information about the job template.
  fields:
    - {name: RequestId, type: string, description: The ID of the request.}
    - name: Data
      type: object
      description: The response.
      fields:
        - {name: AppId, type: string, description: The application ID.}
        - {name: InstanceCount, type: integer, description: The number of instances.}
    - {name: Success, type: boolean, description: Whether the call succeeded.}
errors:
  - {code: Application.MissingJdk, http_status: 400, message: Your application must at least contain a JDK component.}
  - {ref: InvalidParameter.NotEmpty}
  - {ref: Throttling}
"""
)

SVC, OP = "sae/service.yaml", "sae/CreateJob.yaml"
HEADER = "# A gen diff fixture, written by tests/diff/make_fixtures.py.\n"


def base() -> Spec:
    return {SVC: copy.deepcopy(SERVICE), OP: copy.deepcopy(OPERATION)}


def param(spec: Spec, name: str) -> dict[str, Any]:
    return next(p for p in spec[OP]["parameters"] if p["name"] == name)


def rule(spec: Spec, rule_id: str) -> dict[str, Any]:
    return next(r for r in spec[OP]["rules"] if r["id"] == rule_id)


def error(spec: Spec, code: str) -> dict[str, Any]:
    return next(e for e in spec[SVC]["errors"] + spec[OP]["errors"] if e.get("code") == code)


def type_fields(spec: Spec, type_name: str) -> dict[str, Any]:
    fields: dict[str, Any] = spec[SVC]["types"][type_name]["fields"]
    return fields


def data_fields(spec: Spec) -> list[dict[str, Any]]:
    fields: list[dict[str, Any]] = spec[OP]["response"]["fields"][1]["fields"]
    return fields


def second_operation(spec: Spec) -> None:
    op = copy.deepcopy(OPERATION)
    op["operation"].update(name="DeleteJob", summary="Delete a job template.", path="/pop/v1/sam/job/deleteJob")
    op["parameters"] = [{"name": "AppId", "type": "string", "required": True, "in": "query", "description": "The job ID."}]
    op["rules"], op["errors"] = [], [{"ref": "InvalidAppId.NotFound"}]
    op["response"] = {"fields": [{"name": "RequestId", "type": "string", "description": "The ID of the request."}]}
    spec["sae/DeleteJob.yaml"] = op


def second_service(spec: Spec) -> None:
    service = copy.deepcopy(SERVICE)
    service["service"].update(name="demo", package="demo_api", client_class="DemoClient")
    op = copy.deepcopy(OPERATION)
    spec["demo/service.yaml"], spec["demo/CreateJob.yaml"] = service, op


def set_key(target: Callable[[Spec], dict[str, Any]], key: str, value: Any) -> Callable[[Spec], None]:
    def change(spec: Spec) -> None:
        target(spec)[key] = value

    return change


def drop_key(target: Callable[[Spec], dict[str, Any]], key: str) -> Callable[[Spec], None]:
    def change(spec: Spec) -> None:
        del target(spec)[key]

    return change


def p(name: str) -> Callable[[Spec], dict[str, Any]]:
    return lambda spec: param(spec, name)


def r(rule_id: str) -> Callable[[Spec], dict[str, Any]]:
    return lambda spec: rule(spec, rule_id)


def e(code: str) -> Callable[[Spec], dict[str, Any]]:
    return lambda spec: error(spec, code)


def f(type_name: str, key: str) -> Callable[[Spec], dict[str, Any]]:
    return lambda spec: type_fields(spec, type_name)[key]


def add_param(entry: dict[str, Any]) -> Callable[[Spec], None]:
    return lambda spec: spec[OP]["parameters"].append(entry)


def add_rule(entry: dict[str, Any]) -> Callable[[Spec], None]:
    return lambda spec: spec[OP]["rules"].append(entry)


def op_header(spec: Spec) -> dict[str, Any]:
    header: dict[str, Any] = spec[OP]["operation"]
    return header


def both(*changes: Callable[[Spec], None]) -> Callable[[Spec], None]:
    def change(spec: Spec) -> None:
        for c in changes:
            c(spec)

    return change


def nothing(spec: Spec) -> None:
    pass


def remove_from(list_of: Callable[[Spec], list[Any]], match: Callable[[Any], bool]) -> Callable[[Spec], None]:
    def change(spec: Spec) -> None:
        items = list_of(spec)
        items[:] = [item for item in items if not match(item)]

    return change


def one_of(spec: Spec) -> list[str]:
    variants: list[str] = spec[SVC]["types"]["EnvVar"]["one_of"]
    return variants


def add_secret_variant(spec: Spec) -> None:
    spec[SVC]["types"]["EnvSecretRef"] = {
        "type": "object",
        "fields": {"name": {"type": "string", "required": True}, "secretId": {"type": "integer", "required": True}},
    }
    one_of(spec).append("EnvSecretRef")


TOGETHER = {"fields": ["configMapId", "key"], "error": "InvalidParameter.WithMessage"}
SVC_SCOPE, OP_SCOPE = "service:sae", "CreateJob"

# rule id -> (change to base, change to head, operation, path)
CASES: dict[str, tuple[Callable[[Spec], None], Callable[[Spec], None], str, str]] = {
    "service-added": (nothing, second_service, "service:demo", "demo"),
    "service-removed": (second_service, nothing, "service:demo", "demo"),
    "package-changed": (nothing, lambda s: s[SVC]["service"].update(package="sae_job_templates"), SVC_SCOPE, "package"),
    "client-class-changed": (nothing, lambda s: s[SVC]["service"].update(client_class="SaeClient"), SVC_SCOPE, "client_class"),
    "operation-added": (nothing, second_operation, "DeleteJob", "DeleteJob"),
    "operation-removed": (second_operation, nothing, "DeleteJob", "DeleteJob"),
    "operation-renamed": (nothing, set_key(op_header, "name", "CreateJobTemplate"), "CreateJobTemplate", "CreateJob"),
    "operation-method-changed": (nothing, set_key(op_header, "method", "PUT"), OP_SCOPE, "method"),
    "operation-path-changed": (nothing, set_key(op_header, "path", "/pop/v2/sam/job/createJob"), OP_SCOPE, "path"),
    "operation-body-encoding-changed": (
        nothing, lambda s: s[SVC]["wire"].update(form_content_type="multipart/form-data"), OP_SCOPE, "body"),
    "operation-now-idempotent": (nothing, set_key(op_header, "idempotent", True), OP_SCOPE, "idempotent"),
    "operation-no-longer-idempotent": (set_key(op_header, "idempotent", True), nothing, OP_SCOPE, "idempotent"),
    "parameter-added-optional": (
        nothing, add_param({"name": "BestEffortType", "type": "string", "in": "query", "description": ""}), OP_SCOPE,
        "BestEffortType"),
    "parameter-added-required": (
        nothing, add_param({"name": "Region", "type": "string", "required": True, "in": "query", "description": "The region."}),
        OP_SCOPE, "Region"),
    "parameter-removed": (nothing, remove_from(lambda s: s[OP]["parameters"], lambda x: x["name"] == "Timeout"), OP_SCOPE, "Timeout"),
    "parameter-renamed": (nothing, set_key(p("Timezone"), "name", "TimeZone"), OP_SCOPE, "Timezone"),
    "parameter-made-required": (nothing, set_key(p("Timeout"), "required", True), OP_SCOPE, "Timeout"),
    "parameter-made-optional": (nothing, set_key(p("Replicas"), "required", False), OP_SCOPE, "Replicas"),
    "parameter-type-changed": (nothing, both(set_key(p("Replicas"), "type", "string"), drop_key(p("Replicas"), "minimum")),
                               OP_SCOPE, "Replicas"),
    "parameter-type-widened": (nothing, set_key(p("Replicas"), "type", "long"), OP_SCOPE, "Replicas"),
    "parameter-type-narrowed": (nothing, set_key(p("Timeout"), "type", "integer"), OP_SCOPE, "Timeout"),
    "parameter-location-changed": (nothing, set_key(p("Timezone"), "in", "body"), OP_SCOPE, "Timezone"),
    "parameter-python-name-changed": (nothing, set_key(p("Timezone"), "python_name", "time_zone"), OP_SCOPE, "Timezone"),
    "parameter-json-added": (nothing, set_key(p("CommandArgs"), "json", "StringList"), OP_SCOPE, "CommandArgs"),
    "parameter-json-removed": (nothing, drop_key(p("Envs"), "json"), OP_SCOPE, "Envs"),
    "enum-value-added": (nothing, lambda s: param(s, "PackageType")["enum"].append("PythonZip"), OP_SCOPE, "PackageType"),
    "enum-value-removed": (nothing, lambda s: param(s, "PackageType")["enum"].remove("War"), OP_SCOPE, "PackageType"),
    "enum-introduced": (nothing, set_key(p("Timezone"), "enum", ["Asia/Shanghai", "UTC"]), OP_SCOPE, "Timezone"),
    "enum-dropped": (nothing, drop_key(p("PackageType"), "enum"), OP_SCOPE, "PackageType"),
    "length-tightened": (nothing, set_key(p("AppName"), "max_length", 20), OP_SCOPE, "AppName"),
    "length-relaxed": (nothing, set_key(p("AppName"), "max_length", 64), OP_SCOPE, "AppName"),
    "range-tightened": (nothing, set_key(p("Replicas"), "minimum", 1), OP_SCOPE, "Replicas"),
    "range-relaxed": (nothing, set_key(p("Timeout"), "maximum", 172800), OP_SCOPE, "Timeout"),
    "pattern-changed": (nothing, set_key(p("AppName"), "pattern", "^[a-z][a-z0-9-]*$"), OP_SCOPE, "AppName"),
    "pattern-removed": (nothing, drop_key(p("AppName"), "pattern"), OP_SCOPE, "AppName"),
    "format-changed": (nothing, drop_key(f("HostAlias", "ip"), "format"), OP_SCOPE, "CustomHostAlias[].ip"),
    "default-changed": (nothing, set_key(p("Timezone"), "default", "UTC"), OP_SCOPE, "Timezone"),
    "empty-clears-added": (nothing, set_key(p("PackageUrl"), "empty_clears", True), OP_SCOPE, "PackageUrl"),
    "empty-clears-removed": (nothing, drop_key(p("NasId"), "empty_clears"), OP_SCOPE, "NasId"),
    "sensitive-added": (nothing, set_key(p("PackageUrl"), "sensitive", True), OP_SCOPE, "PackageUrl"),
    "sensitive-removed": (nothing, drop_key(p("OssAkSecret"), "sensitive"), OP_SCOPE, "OssAkSecret"),
    "struct-field-added-optional": (
        nothing, lambda s: type_fields(s, "EnvValue").update(comment={"type": "string"}), OP_SCOPE, "Envs[].comment"),
    "struct-field-added-required": (
        nothing, lambda s: type_fields(s, "EnvConfigMapRef").update(namespace={"type": "string", "required": True}),
        OP_SCOPE, "Envs[].namespace"),
    "struct-field-removed": (nothing, lambda s: type_fields(s, "EnvConfigMapRef").pop("key"), OP_SCOPE, "Envs[].key"),
    "struct-field-made-required": (nothing, set_key(f("EnvConfigMapRef", "key"), "required", True), OP_SCOPE, "Envs[].key"),
    "struct-field-made-optional": (
        nothing, set_key(f("HostAlias", "hostName"), "required", False), OP_SCOPE, "CustomHostAlias[].hostName"),
    "struct-field-type-changed": (
        nothing, set_key(f("EnvConfigMapRef", "configMapId"), "type", "string"), OP_SCOPE, "Envs[].configMapId"),
    "struct-field-type-widened": (
        nothing, set_key(f("EnvConfigMapRef", "configMapId"), "type", ["integer", "string"]), OP_SCOPE, "Envs[].configMapId"),
    "struct-variant-added": (nothing, add_secret_variant, OP_SCOPE, "Envs[]"),
    "struct-variant-removed": (  # one_of needs two variants, so the base has three
        add_secret_variant, both(add_secret_variant, lambda s: one_of(s).remove("EnvConfigMapRef")), OP_SCOPE, "Envs[]"),
    "struct-rule-added": (
        nothing, lambda s: s[SVC]["types"]["EnvConfigMapRef"].update(requires_together=[TOGETHER]), OP_SCOPE, "Envs[]"),
    "struct-rule-removed": (
        lambda s: s[SVC]["types"]["EnvConfigMapRef"].update(requires_together=[TOGETHER]), nothing, OP_SCOPE, "Envs[]"),
    "rule-added": (
        nothing,
        add_rule({"id": "war-needs-timeout", "kind": "requires", "when": {"param": "PackageType", "in": ["War"]},
                  "params": ["Timeout"], "error": "InvalidParameter.NotEmpty", "source": "Timeout row."}),
        OP_SCOPE, "war-needs-timeout"),
    "rule-removed": (
        nothing, remove_from(lambda s: s[OP]["rules"], lambda x: x["id"] == "package-url-for-fatjar"), OP_SCOPE,
        "package-url-for-fatjar"),
    "rule-tightened": (
        nothing, lambda s: rule(s, "package-url-for-fatjar")["when"].update({"in": ["FatJar", "War"]}), OP_SCOPE,
        "package-url-for-fatjar"),
    "rule-relaxed": (
        nothing, lambda s: rule(s, "instance-specification")["allowed"].append([1000, 1024]), OP_SCOPE,
        "instance-specification"),
    "rule-changed": (
        nothing, set_key(r("package-url-for-fatjar"), "error", "InvalidParameter.WithMessage"), OP_SCOPE,
        "package-url-for-fatjar"),
    "unchecked-rule-added": (
        nothing,
        add_rule({"id": "acr-instance", "kind": "unchecked", "params": ["PackageUrl"], "source": "AcrInstanceId row.",
                  "reason": "Not visible from the URL."}),
        OP_SCOPE, "acr-instance"),
    "unchecked-rule-removed": (
        nothing, remove_from(lambda s: s[OP]["rules"], lambda x: x["id"] == "package-file-name"), OP_SCOPE,
        "package-file-name"),
    "response-field-added": (
        nothing, lambda s: data_fields(s).append({"name": "JobId", "type": "string", "description": "The job ID."}),
        OP_SCOPE, "Data.JobId"),
    "response-field-removed": (nothing, lambda s: data_fields(s).pop(0), OP_SCOPE, "Data.AppId"),
    "response-field-type-changed": (nothing, lambda s: data_fields(s)[0].update(type="integer"), OP_SCOPE, "Data.AppId"),
    "response-field-width-changed": (nothing, lambda s: data_fields(s)[1].update(type="long"), OP_SCOPE, "Data.InstanceCount"),
    "error-added": (
        nothing,
        lambda s: s[SVC]["errors"].append({"code": "NoAvailableCluster.NotFound", "http_status": 400, "message": "No clusters."}),
        SVC_SCOPE, "NoAvailableCluster.NotFound"),
    "error-removed": (
        nothing, remove_from(lambda s: s[SVC]["errors"], lambda x: x["code"] == "InvalidVpcId.NotFound"), SVC_SCOPE,
        "InvalidVpcId.NotFound"),
    "error-status-changed": (nothing, set_key(e("Application.MissingJdk"), "http_status", 409), SVC_SCOPE, "Application.MissingJdk"),
    "error-status-class-changed": (
        nothing, set_key(e("Application.MissingJdk"), "http_status", 503), SVC_SCOPE, "Application.MissingJdk"),
    "error-exception-changed": (nothing, set_key(e("Application.MissingJdk"), "throttling", True), SVC_SCOPE, "Application.MissingJdk"),
    "error-placeholders-changed": (
        nothing, set_key(e("Application.MissingJdk"), "message", "Your application %s must contain a JDK component."),
        SVC_SCOPE, "Application.MissingJdk"),
    "error-flags-changed": (nothing, set_key(e("Application.MissingJdk"), "retryable", True), SVC_SCOPE, "Application.MissingJdk"),
    "operation-error-added": (
        nothing, lambda s: s[OP]["errors"].append({"ref": "InternalError"}), OP_SCOPE, "InternalError"),
    "operation-error-removed": (
        nothing, remove_from(lambda s: s[OP]["errors"], lambda x: x.get("ref") == "Throttling"), OP_SCOPE, "Throttling"),
    "description-changed": (
        nothing, set_key(p("AppName"), "description", "The name of the job template, unique in its namespace."),
        OP_SCOPE, "AppName"),
    "example-changed": (nothing, set_key(p("AppName"), "example", "demo"), OP_SCOPE, "AppName"),
    "error-message-changed": (
        nothing, set_key(e("Application.MissingJdk"), "message", "The application has no JDK component."), SVC_SCOPE,
        "Application.MissingJdk"),
}


def write_spec(folder: Path, spec: Spec) -> None:
    for rel, data in spec.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=110)
        path.write_text(HEADER + text, encoding="utf-8")


def main() -> None:
    assert set(CASES) == set(CATALOGUE), set(CASES) ^ set(CATALOGUE)
    shutil.rmtree(FIXTURES, ignore_errors=True)
    for rule_id, (to_base, to_head, operation, path) in CASES.items():
        folder = FIXTURES / rule_id
        old, new = base(), base()
        to_base(old)
        to_head(new)
        write_spec(folder / "base", old)
        write_spec(folder / "head", new)
        expected = {"rule": rule_id, "level": CATALOGUE[rule_id].level, "operation": operation, "path": path}
        (folder / "expected.yaml").write_text(yaml.safe_dump(expected, sort_keys=False), encoding="utf-8")


if __name__ == "__main__":
    main()
