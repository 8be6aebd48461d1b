"""gen draft: a draft spec from a saved page, in every layout; TODO notes reported by lint."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from tests.helpers import SPEC, run_gen

SERVICE = Path("sae") / "2019-05-06"
NEW_PAGES = ["DescribeJob", "ListJobs", "DeleteJob", "ExecJob", "SuspendJob", "DescribeJobStatus"]


@pytest.fixture()
def spec(tmp_path: Path) -> Path:
    copy = tmp_path / "spec"
    shutil.copytree(SPEC, copy)
    return copy


@pytest.fixture()
def fresh(spec: Path) -> Path:
    """The copy without the curated specs of the newer pages, so each is drafted from scratch."""
    for page in NEW_PAGES:
        (spec / SERVICE / f"{page}.yaml").unlink()
    return spec


def _draft(spec: Path, page: str, *extra: str) -> dict:
    result = run_gen("draft", spec / SERVICE / "pages" / f"{page}.txt", *extra)
    assert result.returncode == 0, result.stderr
    return yaml.safe_load((spec / SERVICE / f"{page}.yaml").read_text())


def _params(doc: dict) -> dict[str, dict]:
    return {p["name"]: p for p in doc["parameters"]}


def test_drafts_of_every_new_page_load_apart_from_their_todos(fresh: Path) -> None:
    spec = fresh
    for page in NEW_PAGES:
        _draft(spec, page)
    lint = run_gen("lint", "--spec", spec)
    assert lint.returncode == 1
    problems = [line for line in lint.stderr.splitlines() if "problem(s) found" not in line]
    assert problems and all("unresolved TODO" in line for line in problems), lint.stderr
    assert (
        "sae/2019-05-06/DescribeJob.yaml:12:7: operation.notes[0]: unresolved TODO: the page's error table"
        in lint.stderr
    )
    # Drafts agree with their pages: docs-check reads them (TODOs allowed) and finds nothing unexplained.
    check = run_gen("docs-check", "--spec", spec)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "sae: 0 unexplained difference(s)" in check.stderr


def test_draft_content_and_determinism(fresh: Path) -> None:
    spec = fresh
    doc = _draft(spec, "DescribeJobStatus")
    text = (spec / SERVICE / "DescribeJobStatus.yaml").read_text()
    assert text.startswith(
        "# yaml-language-server: $schema=../../../generator/spec_format/operation.schema.json\n"
    )
    op = doc["operation"]
    assert (op["name"], op["method"], op["path"], op["source"]) == (
        "DescribeJobStatus",
        "GET",
        "/pop/v1/sam/job/describeJobStatus",
        "pages/DescribeJobStatus.txt",
    )
    assert _params(doc)["AppId"] == {
        "name": "AppId",
        "type": "string",
        "required": True,
        "in": "query",
        "description": "任务模板 ID。",
        "example": "e1a7a07-abcb-4652-a1d3-2d57f415****",
    }
    data = next(f for f in doc["response"]["fields"] if f["name"] == "Data")
    assert [f["name"] for f in data["fields"]] == [
        "JobId",
        "Active",
        "Succeeded",
        "Failed",
        "StartTime",
        "CompletionTime",
        "Message",
        "State",
    ]
    assert doc["errors"] == [
        {
            "code": "InvalidAppId.NotFound",
            "http_status": 404,
            "message": "The specified AppId does not exist.",
            "description": "指定的AppId不存在。",
        }
    ]
    run_gen("draft", spec / SERVICE / "pages" / "DescribeJobStatus.txt", "--force")
    assert (spec / SERVICE / "DescribeJobStatus.yaml").read_text() == text


def test_existing_spec_is_not_overwritten_without_force(spec: Path) -> None:
    before = (spec / SERVICE / "CreateJob.yaml").read_text()
    result = run_gen("draft", spec / SERVICE / "pages" / "CreateJob.txt")
    assert result.returncode == 2 and "exists; pass --force" in result.stderr
    assert (spec / SERVICE / "CreateJob.yaml").read_text() == before
    doc = _draft(spec, "CreateJob", "--force")
    assert len(doc["parameters"]) == 53 and len(doc["errors"]) == 44
    _draft(spec, "UpdateJob", "--force")
    lint = run_gen("lint", "--spec", spec)
    problems = [line for line in lint.stderr.splitlines() if "problem(s) found" not in line]
    assert problems and all("unresolved TODO" in line for line in problems), lint.stderr
    assert (
        "CreateJob.yaml:12:7: operation.notes[0]: unresolved TODO: idempotent and every parameter's in: are guessed"
        in lint.stderr
    )
    assert run_gen("docs-check", "--spec", spec).returncode == 0


def test_an_array_of_objects_is_drafted_with_items(fresh: Path) -> None:
    """An array<object> row becomes type: array with items whose fields are the rows under it,
    the shape the curated specs have."""
    spec = fresh
    described = _draft(spec, "DescribeJob")
    data = next(f for f in described["response"]["fields"] if f["name"] == "Data")
    mounts = next(f for f in data["fields"] if f["name"] == "ConfigMapMountDesc")
    assert (mounts["type"], mounts["items"]["type"]) == (
        "array",
        "object",
    ) and "fields" not in mounts
    assert [f["name"] for f in mounts["items"]["fields"]] == [
        "Key",
        "ConfigMapName",
        "MountPath",
        "ConfigMapId",
    ]
    listed = _draft(spec, "ListJobs")
    data = next(f for f in listed["response"]["fields"] if f["name"] == "Data")
    apps = next(f for f in data["fields"] if f["name"] == "Applications")
    assert (apps["type"], apps["items"]["type"]) == ("array", "object")
    assert [f["name"] for f in apps["items"]["fields"]] == ["AppName", "NamespaceId", "AppId"]
    curated = yaml.safe_load((SPEC / SERVICE / "ListJobs.yaml").read_text())
    ours = next(f for f in curated["response"]["fields"] if f["name"] == "Data")
    ours_apps = next(f for f in ours["fields"] if f["name"] == "Applications")
    assert [f["name"] for f in ours_apps["items"]["fields"]][:3] == [
        "AppName",
        "NamespaceId",
        "AppId",
    ]


@pytest.mark.parametrize(
    ("documented", "expected"),
    [
        ("array<string>", {"type": "array", "items": {"type": "string"}}),
        (
            "array<array<object>>",
            {
                "type": "array",
                "items": {"type": "array", "items": {"type": "object", "fields": ["K"]}},
            },
        ),
        ("array", {"type": "array", "items": {"type": "object", "fields": ["K"]}}),
    ],
)
def test_array_shapes(documented: str, expected: dict) -> None:
    from generator.docs.draft import draft_response
    from generator.docs.pages import DocParam

    rows = [DocParam("List", documented, None, "A list.", "", 1)]
    if "fields" in str(expected):
        rows.append(DocParam("K", "string", None, "A key.", "", 2, parent="List"))
    (entry,) = draft_response(rows)
    items = dict(entry.items)

    def shape(value: object) -> object:
        if isinstance(value, list):
            return [dict(child.items)["name"] for child in value]
        if hasattr(value, "items"):
            return {k: shape(v) for k, v in value.items}
        return value

    assert {"type": items["type"], "items": shape(items["items"])} == expected
    assert "fields" not in items
    # A bare array leaves a TODO saying what was guessed.
    assert any("bare array" in note for note in entry.notes) == (documented == "array")


def test_a_page_outside_any_service_folder_needs_into(tmp_path: Path) -> None:
    page = tmp_path / "Op.txt"
    page.write_text("Serverless App Engine:Op\n\nDo it.\n")
    result = run_gen("draft", page)
    assert result.returncode == 2 and "--into" in result.stderr


def test_resolving_the_todos_makes_lint_pass(fresh: Path) -> None:
    spec = fresh
    _draft(spec, "ExecJob")
    path = spec / SERVICE / "ExecJob.yaml"
    lint = run_gen("lint", "--spec", spec)
    assert "ExecJob.yaml:" in lint.stderr and "unresolved TODO" in lint.stderr
    kept = [line for line in path.read_text().splitlines() if "TODO" not in line]
    path.write_text("\n".join(line for line in kept if line.strip() != "notes:") + "\n")
    lint = run_gen("lint", "--spec", spec)
    assert lint.returncode == 0, lint.stderr


PHRASES = """\
Serverless App Engine:DoThing

Do a thing with care.

Request syntax

POST /v1/doThing HTTP/1.1

Request parameters

| Parameter | Type | Required | Description | Example |
| Name | string | Yes | The name can contain digits, lowercase letters, and hyphens (-). It must start with a lowercase letter and cannot exceed 30 characters. | web-1 |
| Note | string | No | A note of at least 2 characters. | hi |
| Code | string | No | A code of 4 to 8 characters. | abcd |
| Mode | string | No | The mode. Valid values: fast, slow, and auto. | fast |
| Cpu | integer | No | The CPU. Valid values: • 500 • 1000 • 2000 | 500 |
| Size | integer | No | The size. Value range: [1, 100]. | 5 |
| Count | long | No | The count, from 0 to 10. | 3 |
| Pages | integer | No | Pages. Valid values: 1 to 50. | 50 |
| Image | string | No | The image. This parameter is required when Mode is fast. | img |
| Blob | array | No | A list. | [1] |
| Short | string | No | Too short a limit: cannot exceed 2 characters. | abc |
| Jdk | string | No | The JDK. The following versions are supported: • Open JDK 8 • Dragonwell 11 This parameter is not returned for images. | Open JDK 8 |
| Lang | string | No | The language. Supported languages: java, php, and shell. | java |
| Policy | string | No | The policy. Take note of the following rules: • Forbid: no overlap. • Allow: overlap. | Allow |
| Alias | string | No | Host aliases. Take note of the following rules: • hostName: the host. • ip: the address. | [] |
| Workload | string | No | Set the value to job. | job |
| Python | string | No | The Python environment. Supports PYTHON 3.9.15. | PYTHON 3.9.15 |
| Args | string | No | The value must be a string that represents a JSON array. | ["a"] |
| Memory | integer | No | The memory. The values correspond to the values of the Cpu parameter: • Set the value to 1024 when Cpu is set to 500. • Set the value to 2048 when Cpu is set to 1000. | 1024 |
| Envs | string | No | Variables. Take note of the following rules: • valueFrom: the reference. Set the value to configMapRef. | [] |

Response parameters

| Element | Type | Description | Example |
| RequestId | string | The ID. | r-1 |
"""


def test_each_phrasing_the_drafter_understands(spec: Path) -> None:
    page = spec / SERVICE / "pages" / "DoThing.txt"
    page.write_text(PHRASES)
    doc = _draft(spec, "DoThing")
    p = _params(doc)
    assert (p["Name"]["max_length"], p["Name"]["pattern"]) == (30, "^[a-z][a-z0-9-]*$")
    assert p["Note"]["min_length"] == 2
    assert (p["Code"]["min_length"], p["Code"]["max_length"]) == (4, 8)
    assert p["Mode"]["enum"] == ["fast", "slow", "auto"]
    assert p["Cpu"]["enum"] == [500, 1000, 2000]
    assert (p["Size"]["minimum"], p["Size"]["maximum"]) == (1, 100)
    assert (p["Count"]["minimum"], p["Count"]["maximum"]) == (0, 10)
    assert (p["Pages"]["minimum"], p["Pages"]["maximum"]) == (1, 50)
    assert p["Image"]["notes"] == [
        'TODO: a cross-parameter rule in the prose, to add under rules: "This parameter is required when Mode is fast."'
    ]
    assert p["Blob"]["type"] == "string" and p["Blob"]["notes"][0].startswith(
        "TODO: the page documents Blob as array"
    )
    assert p["Short"]["example_invalid"].startswith(
        "TODO: the page's example breaks the stated length"
    )
    assert p["Jdk"]["enum"] == ["Open JDK 8", "Dragonwell 11"]
    assert p["Lang"]["enum"] == ["java", "php", "shell"]
    assert p["Policy"]["enum"] == ["Forbid", "Allow"]
    assert p["Workload"]["enum"] == ["job"]
    assert p["Python"]["enum"] == ["PYTHON 3.9.15"]
    assert p["Memory"]["enum"] == [1024, 2048]
    assert p["Memory"]["notes"][0].startswith("TODO: a cross-parameter rule in the prose")
    # Prose, and bullets naming the members of a JSON value, are no value lists.
    assert "enum" not in p["Alias"] and "enum" not in p["Args"] and "enum" not in p["Envs"]
    # POST: locations and idempotency are guesses, said once at the operation.
    assert all(x["in"] == "query" for x in doc["parameters"])
    assert doc["operation"]["idempotent"] is False
    assert any("guessed from the method (POST)" in note for note in doc["operation"]["notes"])
    lint = run_gen("lint", "--spec", spec)
    problems = [line for line in lint.stderr.splitlines() if "problem(s) found" not in line]
    assert all("unresolved TODO" in line for line in problems), lint.stderr


@pytest.mark.parametrize(
    "layout",
    [
        "Request parameters\n\nParameterTypeRequiredDescriptionExample\nAppIdstringYes\n\nThe ID.\n\na-1\nSizeintegerNo\n\nThe size.\n\n3\n",
        "Request parameters\n|\nParameter |\nType |\nRequired |\nDescription |\nExample |\n| AppId |\nstring |\nYes |\nThe ID. |\na-1 |\n| Size |\ninteger |\nNo |\nThe size. |\n3 |\n",
        "Request parameters\n| Parameter | Type | Required | Description | Example |\n| AppId | string | Yes | The ID. | a-1 |\n| Size | integer | No | The size. | 3 |\n",
        "请求参数\n名称 | 类型 | 位置 | 是否必选 | 示例值 | 描述 |\nAppId | String | Query | 是 | a-1 | The ID. |\nSize | Integer | Query | 否 | 3 | The size. |\n",
        "Request parameters\nAppId string Yes  The ID.  a-1\nSize integer No  The size.  3\n",
    ],
    ids=["run-together", "pipe-cells", "pipe-rows", "located-columns", "spaced"],
)
def test_every_layout_drafts_the_same_rows(spec: Path, layout: str) -> None:
    page = spec / SERVICE / "pages" / "Thing.txt"
    page.write_text(
        "Serverless App Engine:Thing\n\nGet a thing.\n\nRequest syntax\n\nGET /v1/thing HTTP/1.1\n\n"
        + layout
    )
    p = _params(_draft(spec, "Thing"))
    assert [
        (x["name"], x["type"], x.get("required", False), x["in"], x["description"], x["example"])
        for x in p.values()
    ] == [
        ("AppId", "string", True, "query", "The ID.", "a-1"),
        ("Size", "integer", False, "query", "The size.", "3"),
    ]
