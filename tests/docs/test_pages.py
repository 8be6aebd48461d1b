"""Tests for generator.docs.pages against the two saved SAE pages and small synthetic pages."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.docs.pages import DocError, DocPage, DocParam, parse_page, parse_page_file
from tests.helpers import DOCS


def _load(name: str) -> DocPage:
    path = DOCS / f"{name}.txt"
    return parse_page_file(path)


def _by_name(rows: tuple[DocParam, ...]) -> dict[str, DocParam]:
    return {row.name: row for row in rows}


# --- CreateJob.txt (run-together rendering) ---------------------------------------


@pytest.fixture(scope="module")
def create_job() -> DocPage:
    return _load("CreateJob")


def test_create_job_header(create_job: DocPage) -> None:
    assert create_job.operation == "CreateJob"
    assert create_job.method == "POST"
    assert create_job.path == "/pop/v1/sam/job/createJob"


def test_create_job_request_parameters(create_job: DocPage) -> None:
    params = create_job.parameters
    # The page lists 53 rows (lines 40-407), not 56.
    assert len(params) == 53
    assert params[0].name == "AppName"
    assert params[-1].name == "PythonModules"
    assert len({p.name for p in params}) == len(params)
    assert all(p.description and p.example for p in params)
    assert all(p.parent is None for p in params)

    rows = _by_name(params)
    assert rows["AppName"] == DocParam(
        name="AppName",
        type="string",
        required=True,
        description=(
            "The name of the job template. The name can contain digits, letters, and hyphens (-). "
            "The name must start with a letter and cannot exceed 36 characters in length."
        ),
        example="test",
        line=40,
    )
    assert (rows["Replicas"].type, rows["Replicas"].required) == ("integer", True)
    assert rows["Timeout"].type == "long"
    assert rows["AutoConfig"].type == "boolean"
    assert rows["AutoConfig"].example == "false"
    assert rows["Workload"].required is True
    assert rows["Workload"].example == "job"
    assert {p.name for p in params if p.required} == {
        "AppName",
        "PackageType",
        "Replicas",
        "Workload",
    }


def test_create_job_name_ending_like_type_is_kept_whole(create_job: DocPage) -> None:
    rows = _by_name(create_job.parameters)
    assert rows["PackageType"].type == "string"
    assert rows["PackageType"].example == "FatJar"
    assert rows["PackageType"].line == 65


def test_create_job_multiline_description_and_example(create_job: DocPage) -> None:
    rows = _by_name(create_job.parameters)
    cpu = rows["Cpu"]
    # The example follows a bullet list directly, with no blank line in between.
    assert cpu.example == "1000"
    assert cpu.description.endswith("• 16000 • 32000")
    assert (
        rows["WarStartOptions"].example
        == 'CATALINA_OPTS=\\"$CATALINA_OPTS $Options\\" catalina.sh run'
    )
    assert "\n" not in rows["SlsConfigs"].description


def test_create_job_response(create_job: DocPage) -> None:
    response = create_job.response
    # The root "object" row is skipped; the remaining 9 rows are reported.
    assert [r.name for r in response] == [
        "RequestId",
        "Message",
        "TraceId",
        "Data",
        "ChangeOrderId",
        "AppId",
        "ErrorCode",
        "Code",
        "Success",
    ]
    assert [r.parent for r in response] == [
        None,
        None,
        None,
        None,
        "Data",
        "Data",
        None,
        None,
        None,
    ]
    assert all(r.required is None for r in response)
    rows = _by_name(response)
    assert rows["Data"].type == "object"
    assert rows["Data"].description == "The response."
    assert rows["Data"].example == ""
    assert rows["Success"].type == "boolean"
    assert rows["Success"].example == "true"
    assert rows["ErrorCode"].example == "Null"
    assert rows["RequestId"].line == 420


def test_create_job_errors(create_job: DocPage) -> None:
    errors = create_job.errors
    # The page lists 44 rows (lines 497-540), not 43.
    assert len(errors) == 44
    assert errors[0] == DocError(
        http_status=400,
        code="Application.MissingJdk",
        message="Your application must at least contain a JDK component.",
        description="",
        line=497,
    )
    assert (errors[-1].http_status, errors[-1].code) == (404, "InvalidAcrInstanceId.NotFound")
    assert [e.http_status for e in errors].count(404) == 4
    by_code = {e.code: e for e in errors}
    assert len(by_code) == len(errors)
    assert by_code["LogService.LogDirInvalid"].message == "The log collection path is invalid."
    assert by_code["LogService.LogDirInvalid"].description == "The log collection path is invalid."
    assert (
        by_code["vswitch.not.exist"].description
        == "The specified vSwitch does not exist. Please change the vSwitch."
    )
    assert (
        by_code["PandoraApplication.OnlyJdk"].message
        == "A Pandora application only requires JDK component."
    )
    assert by_code["VolumnPath.Conflict"].message.startswith("Conflict between")
    assert by_code["InvalidParameter.WithMessage"].message == "The parameter is invalid {%s}: %s"


# --- UpdateJob.txt (pipe rendering) ---------------------------------------------------


@pytest.fixture(scope="module")
def update_job() -> DocPage:
    return _load("UpdateJob")


def test_update_job_header(update_job: DocPage) -> None:
    assert update_job.operation == "UpdateJob"
    assert update_job.method == "POST"
    assert update_job.path == "/pop/v1/sam/job/updateJob"


def test_update_job_request_parameters(update_job: DocPage) -> None:
    params = update_job.parameters
    # The page lists 47 rows (lines 26-270), not 50.
    assert len(params) == 47
    assert params[0].name == "AppId"
    assert params[-1].name == "BestEffortType"
    assert {p.name for p in params if p.required} == {"AppId"}
    rows = _by_name(params)
    assert rows["Replicas"].type == "string"
    assert rows["Timeout"].type == "integer"
    assert rows["EnableImageAccl"] == DocParam("EnableImageAccl", "boolean", False, "", "", 205)
    assert rows["NasConfigs"] == DocParam("NasConfigs", "string", False, "", "", 266)
    # The last row is cut off by the next heading: no description or example cells at all.
    assert rows["BestEffortType"] == DocParam("BestEffortType", "string", False, "", "", 270)
    assert {p.name for p in params if not p.description} == {
        "EnableImageAccl",
        "NasConfigs",
        "BestEffortType",
    }


def test_update_job_cells_split_over_lines(update_job: DocPage) -> None:
    rows = _by_name(update_job.parameters)
    assert rows["Jdk"].description == (
        "The JDK version that the deployment package depends on. Supported versions: "
        "Not supported when Package Type is Image."
    )
    assert rows["Jdk"].example == "Open JDK 8"
    # A lone "|" closes a description whose list the page dropped.
    assert rows["Envs"].description.endswith("Values:")
    assert rows["Envs"].example == '[{"name":"envtmp","value":"0"}]'
    assert rows["AppId"].line == 26


def test_update_job_response(update_job: DocPage) -> None:
    response = update_job.response
    assert [(r.name, r.parent) for r in response] == [
        ("RequestId", None),
        ("Message", None),
        ("TraceId", None),
        ("Data", None),
        ("ChangeOrderId", "Data"),
        ("AppId", "Data"),
        ("ErrorCode", None),
        ("Code", None),
        ("Success", None),
    ]
    rows = _by_name(response)
    assert (rows["Data"].type, rows["Data"].description, rows["Data"].example) == (
        "object",
        "The response result.",
        "",
    )
    assert rows["Message"].description == "Additional information. Values:"
    assert rows["Message"].example == "success"
    assert rows["ErrorCode"].example == "空"
    assert rows["Success"].type == "boolean"


def test_update_job_errors(update_job: DocPage) -> None:
    errors = update_job.errors
    # The page lists 49 rows (lines 345-393), not 51.
    assert len(errors) == 49
    assert errors[0] == DocError(
        400,
        "Application.MissingJdk",
        "Your application must at least contain a JDK component.",
        "",
        345,
    )
    assert errors[-1] == DocError(
        404, "Associate.Eip.Not.Enough", "No sufficient EIPs are available.", "", 393
    )
    by_code = {e.code: e for e in errors}
    assert by_code["Slb.Occupied"].description == "This SLB is occupied."
    assert by_code["InvalidParameter.WithMessage"].message == "The parameter is invalid {%s}: %s"


def test_both_pages_agree_on_shared_error_codes(create_job: DocPage, update_job: DocPage) -> None:
    create = {e.code: e for e in create_job.errors}
    update = {e.code: e for e in update_job.errors}
    for code in create.keys() & update.keys():
        assert create[code].message == update[code].message, code
        assert create[code].http_status == update[code].http_status, code


# --- synthetic run-together page ------------------------------------------------------

RUN_TOGETHER = """\
Serverless App Engine:DoThing

Do a thing.

Request syntax

GET /pop/v1/thing HTTP/1.1

Request parameters

ParameterTypeRequiredDescriptionExample
PackageTypestringYes

The type of the package.

FatJar
BitstringstringNo

A name that itself ends in a type word.

0101
NoExamplelongNo

Described, but no example given.

SizeintegerNo
FlagbooleanNo

  • true: on
  • false: off
false

Response parameters

ParameterTypeDescriptionExample
object

The root.

RequestIdstring

The request ID.

abc-123
Dataobject

The payload.

ChangeOrderIdstring

A child of Data.

co-1
HostIdstring

Back at the top level.

host-1

Examples

{"RequestId": "abc-123"}

Error codes

HTTP status codeError codeError messageDescription
400Application.MissingJdkYour application must at least contain a JDK component.-
400LogService.LogDirInvalidThe log collection path is invalid.The log collection path is invalid.
404Associate.Eip.Not.EnoughNo sufficient EIPs are available.-
404Eip.NotFoundEIP %s is gone. Really.-

For a list of error codes, visit the Service error codes.
"""


def test_run_together_synthetic_header() -> None:
    page = parse_page(RUN_TOGETHER)
    assert (page.operation, page.method, page.path) == ("DoThing", "GET", "/pop/v1/thing")


def test_run_together_synthetic_parameters() -> None:
    page = parse_page(RUN_TOGETHER)
    assert page.parameters == (
        DocParam("PackageType", "string", True, "The type of the package.", "FatJar", 12),
        DocParam(
            "Bitstring", "string", False, "A name that itself ends in a type word.", "0101", 17
        ),
        DocParam("NoExample", "long", False, "Described, but no example given.", "", 22),
        # The next row starts at once: no description, no example.
        DocParam("Size", "integer", False, "", "", 26),
        DocParam("Flag", "boolean", False, "• true: on • false: off", "false", 27),
    )


def test_run_together_synthetic_response_nesting() -> None:
    page = parse_page(RUN_TOGETHER)
    assert page.response == (
        DocParam("RequestId", "string", None, "The request ID.", "abc-123", 40),
        DocParam("Data", "object", None, "The payload.", "", 45),
        DocParam("ChangeOrderId", "string", None, "A child of Data.", "co-1", 49, parent="Data"),
        DocParam("HostId", "string", None, "Back at the top level.", "host-1", 54),
    )


def test_run_together_synthetic_errors() -> None:
    page = parse_page(RUN_TOGETHER)
    assert page.errors == (
        DocError(
            400,
            "Application.MissingJdk",
            "Your application must at least contain a JDK component.",
            "",
            67,
        ),
        DocError(
            400,
            "LogService.LogDirInvalid",
            "The log collection path is invalid.",
            "The log collection path is invalid.",
            68,
        ),
        DocError(404, "Associate.Eip.Not.Enough", "No sufficient EIPs are available.", "", 69),
        # A message starting with an acronym keeps the acronym.
        DocError(404, "Eip.NotFound", "EIP %s is gone. Really.", "", 70),
    )


# --- synthetic pipe page ----------------------------------------------------------------

PIPE = """\
You can call the DoThing operation to do a thing.
Request syntax
POST /pop/v1/thing HTTP/1.1
Request parameters
|
Parameter |
Type |
Required |
Description |
Example |
| PackageTypestring |
string |
Yes |
The type of the package.
Spans two lines. |
FatJar |
| Quiet |
boolean |
No |
||
| Multi |
string |
No |
Values:
|
[1,2] |
| Truncated |
string |
No |
Response elements
|
Element |
Type |
Description |
Example |
|
object |
The root. |
||
| RequestId |
string |
The ID. |
abc |
| Data |
object |
Payload. |
|
| ChangeOrderId |
string |
Child. |
co-1 |
| Success |
boolean |
Done. |
true |
Error codes
|
HTTP status code |
Error code |
Error message |
Description |
|---|---|---|---|
| 400 | Foo.Bar | Something failed. | |
| 400 | Foo.Baz | Another failure. | - |
| 404 | Thing.NotFound | Not found. | The thing does not exist. |
| 404 | Last.Row | Missing description cell. |
See Error Codes for a complete list.
"""


def test_pipe_synthetic_header() -> None:
    page = parse_page(PIPE)
    assert (page.operation, page.method, page.path) == ("DoThing", "POST", "/pop/v1/thing")


def test_pipe_synthetic_parameters() -> None:
    page = parse_page(PIPE)
    assert page.parameters == (
        DocParam(
            "PackageTypestring",
            "string",
            True,
            "The type of the package. Spans two lines.",
            "FatJar",
            11,
        ),
        DocParam("Quiet", "boolean", False, "", "", 17),
        DocParam("Multi", "string", False, "Values:", "[1,2]", 21),
        DocParam("Truncated", "string", False, "", "", 27),
    )


def test_pipe_synthetic_response() -> None:
    page = parse_page(PIPE)
    assert page.response == (
        DocParam("RequestId", "string", None, "The ID.", "abc", 40),
        DocParam("Data", "object", None, "Payload.", "", 44),
        DocParam("ChangeOrderId", "string", None, "Child.", "co-1", 48, parent="Data"),
        DocParam("Success", "boolean", None, "Done.", "true", 52),
    )


def test_pipe_synthetic_errors() -> None:
    page = parse_page(PIPE)
    assert page.errors == (
        DocError(400, "Foo.Bar", "Something failed.", "", 63),
        DocError(400, "Foo.Baz", "Another failure.", "", 64),
        DocError(404, "Thing.NotFound", "Not found.", "The thing does not exist.", 65),
        DocError(404, "Last.Row", "Missing description cell.", "", 66),
    )


# --- robustness -------------------------------------------------------------------------


def test_empty_page() -> None:
    assert parse_page("") == DocPage(None, None, None, (), (), ())


def test_crlf_line_endings() -> None:
    assert parse_page(RUN_TOGETHER.replace("\n", "\r\n")) == parse_page(RUN_TOGETHER)
    assert parse_page(PIPE.replace("\n", "\r\n")) == parse_page(PIPE)


def test_unknown_lines_fold_into_error_description() -> None:
    page = parse_page("Error codes\n| 400 | A.B | Msg. | First part |\nsecond part\n|---|\n")
    assert page.errors == (DocError(400, "A.B", "Msg.", "First part second part", 2),)


def test_stray_pipe_does_not_switch_run_together_table() -> None:
    text = "Request parameters\nParameterTypeRequiredDescriptionExample\nAstringYes\n\n| key | value |\n\nx\nBlongNo\n\nDesc.\n\n7\n"
    page = parse_page(text)
    assert [(p.name, p.type, p.example) for p in page.parameters] == [
        ("A", "string", "x"),
        ("B", "long", "7"),
    ]
    assert page.parameters[0].description == "| key | value |"


@pytest.mark.parametrize("name", ["CreateJob", "UpdateJob"])
def test_truncated_real_pages_do_not_raise(name: str) -> None:
    path = DOCS / f"{name}.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    for cut in range(0, len(lines), 7):
        parse_page("\n".join(lines[:cut]))
        parse_page("\n".join(lines[cut:]))


_PAGE_ALPHABET = st.sampled_from(
    [
        "|",
        "||",
        " |",
        "\n",
        "\n\n",
        "object",
        "string",
        "Yes",
        "No",
        "Name",
        "400",
        "404",
        "A.B",
        "The x.",
        "-",
        " ",
    ]
    + [
        "Request parameters",
        "Response elements",
        "Response parameters",
        "Error codes",
        "Examples",
        "Release notes",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PAGE_ALPHABET, max_size=80).map("".join))
def test_never_raises_on_table_like_noise(text: str) -> None:
    page = parse_page(text)
    assert all(p.name for p in (*page.parameters, *page.response))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_never_raises_on_arbitrary_text(text: str) -> None:
    parse_page(text)


# --- layouts of the stacked pages ---------------------------------------------------------


def test_one_row_per_line_pipe_table() -> None:
    text = (
        "Request parameters\n"
        "| Parameter | Type | Required | Description | Example |\n"
        "| CurrentPage | integer | No | Current page number. Starts from 1. | 1 |\n"
        "| Tags | string | Yes | List of tags. Values are described as follows:\n"
        '| [{"key":"k"}] |\n'
        "Response elements\n"
        "| Element | Type | Description | Example |\n"
        "| | object | Response data. | |\n"
        "| Data | object | The data. | |\n"
        "| Items | array<object> | The items. | |\n"
        "| | object | One item. | |\n"
        "| Name | string | Its name. | n |\n"
    )
    page = parse_page(text)
    assert page.parameters == (
        DocParam("CurrentPage", "integer", False, "Current page number. Starts from 1.", "1", 3),
        DocParam(
            "Tags",
            "string",
            True,
            "List of tags. Values are described as follows:",
            '[{"key":"k"}]',
            4,
        ),
    )
    assert [(r.path, r.type) for r in page.response] == [
        ("Data", "object"),
        ("Data.Items", "array<object>"),
        ("Data.Items.Name", "string"),
    ]
    assert page.tables == frozenset({"request", "response"})


def test_column_order_comes_from_the_header_row() -> None:
    text = (
        "请求参数\n"
        "名称 | 类型 | 位置 | 是否必选 | 示例值 | 描述 |\n"
        "AppId | String | Query | 是 | 017f | 任务模板ID。 |\n"
        "Force | Boolean | Query | 否 | true | 是否强制。 |\n"
    )
    page = parse_page(text)
    assert [
        (p.name, p.type, p.location, p.required, p.example, p.description) for p in page.parameters
    ] == [
        ("AppId", "string", "query", True, "017f", "任务模板ID。"),
        ("Force", "boolean", "query", False, "true", "是否强制。"),
    ]


def test_spaced_cells_with_indented_nesting_and_glosses() -> None:
    text = (
        "返回参数  [Response parameters]\n"
        "名称类型描述示例值\n"
        "object  返回数据。\n"
        "RequestId string  请求 ID。  53F1****\n"
        "Data object  返回数据。\n"
        "  JobId string  任务 ID。  [job ID]  event-1\n"
        "  Mounts array<object>  挂载。\n"
        "    Mounts object  挂载。\n"
        "      Path string  路径。  /tmp\n"
        "  State string  状态。取值说明如下:  [valid values:]\n"
        "    • 0:未执行。  [not executed]\n"
        "    1\n"
        "Code string  状态码。  200\n"
    )
    page = parse_page(text)
    assert [(r.path, r.type, r.example) for r in page.response] == [
        ("RequestId", "string", "53F1****"),
        ("Data", "object", ""),
        ("Data.JobId", "string", "event-1"),
        ("Data.Mounts", "array<object>", ""),
        ("Data.Mounts.Path", "string", "/tmp"),
        ("Data.State", "string", "1"),
        ("Code", "string", "200"),
    ]
    assert _by_name(page.response)["State"].description == "状态。取值说明如下: • 0:未执行。"


STACKED = """\
Service API — DoThing
=====================

Method/path: GET /v1/doThing

-------------------------------------------------------------------------------
Copy A — en
-------------------------------------------------------------------------------
Call DoThing to do a thing.
Request syntax
GET /v1/doThing HTTP/1.1
Request parameters
| Parameter | Type | Required | Description | Example |
| AppId | string | Yes | The ID. | a-1 |
| Size | integer | No | The size. | 3 |
Response elements
| Element | Type | Description | Example |
| RequestId | string | The request ID. | r-1 |
| Data | object | The data. | |
| Message | string | Data's message. | ok |
| Count | integer | How many. |
[… stored excerpt ends here …]

Copy A2 — en, older wording: AppId string Yes The ID. a-1 /

-------------------------------------------------------------------------------
Copy B — zh
-------------------------------------------------------------------------------
请求语法
GET /v1/doThing HTTP/1.1
请求参数
名称类型必填描述示例值
AppId string  编号。  a-1
Size long  大小。  3
返回参数
名称类型描述示例值
RequestId string  请求 ID。  r-1
Data object  数据。
  Message string  消息。  ok
  Count integer  数量。  5
Message string  附加信息。  success
错误码
HTTP status code错误码错误信息描述
404Thing.NotFoundThe thing does not exist.-
500Thing.BadThe thi
[… stored excerpt ends here …]

-------------------------------------------------------------------------------
Copy C — zh, older layout
-------------------------------------------------------------------------------
请求语法
POST /v1/doThing
错误码
HTTP status code | 错误码 | 错误信息 | 描述 |
404 | Thing.NotFound | The thing is gone. | 不存在。 |
500 | Thing.Bad | The thing is bad. | 坏了。 |
"""


def test_stacked_copies_merge_and_report_disagreements() -> None:
    page = parse_page(STACKED)
    assert page.operation == "DoThing"
    assert (page.method, page.path) == ("GET", "/v1/doThing")
    assert [str(c) for c in page.conflicts] == [
        "the copies disagree on the request line: GET /v1/doThing (line 11), POST /v1/doThing (line 52)"
    ]
    params = _by_name(page.parameters)
    # English descriptions are preferred; a copy without the Required column does not disagree.
    assert (params["AppId"].description, params["AppId"].required, params["AppId"].conflicts) == (
        "The ID.",
        True,
        (),
    )
    assert [str(c) for c in params["Size"].conflicts] == [
        "the copies disagree on the type: integer (line 15), long (line 34)"
    ]
    # The flat copy's rows take the nesting the indented copy shows.
    assert [r.path for r in page.response] == [
        "RequestId",
        "Data",
        "Data.Message",
        "Data.Count",
        "Message",
    ]
    count = _by_name(page.response)["Count"]
    assert (count.example, count.cut_off) == ("5", False)


def test_stacked_error_tables_merge_and_cut_off_rows_yield() -> None:
    errors = {e.code: e for e in parse_page(STACKED).errors}
    assert [str(c) for c in errors["Thing.NotFound"].conflicts] == [
        "the copies disagree on the message: The thing does not exist. (line 44), The thing is gone. (line 55)"
    ]
    bad = errors["Thing.Bad"]
    # The copy cut off inside the row gives way to the complete one.
    assert (bad.http_status, bad.message, bad.cut_off, bad.conflicts) == (
        500,
        "The thing is bad.",
        False,
        (),
    )


@pytest.mark.parametrize(
    ("name", "request_rows", "response_rows", "errors"),
    [
        ("DescribeJob", 2, 14, 0),
        ("ListJobs", 10, 10, 0),
        ("DeleteJob", 1, 7, 1),
        ("ExecJob", 10, 4, 0),
        ("SuspendJob", 2, 7, 1),
        ("DescribeJobStatus", 2, 15, 1),
    ],
)
def test_stacked_saved_pages(name: str, request_rows: int, response_rows: int, errors: int) -> None:
    page = _load(name)
    assert page.operation == name
    assert (
        page.method in ("GET", "DELETE")
        and page.path == f"/pop/v1/sam/job/{name[0].lower()}{name[1:]}"
    )
    assert (len(page.parameters), len(page.response), len(page.errors)) == (
        request_rows,
        response_rows,
        errors,
    )
    assert all(p.type in ("string", "integer", "long", "boolean") for p in page.parameters)


def test_describe_job_status_nesting_from_the_indented_copy() -> None:
    rows = {r.path: r for r in _load("DescribeJobStatus").response}
    assert (
        "Data.Message" in rows and "Message" in rows and "Data.State" in rows and "Success" in rows
    )
    assert rows["Data.Active"].type == "long"


def test_describe_job_reports_the_type_its_copies_disagree_on() -> None:
    rows = {r.path: r for r in _load("DescribeJob").response}
    assert [str(c) for c in rows["Data.ConfigMapMountDesc.ConfigMapId"].conflicts] == [
        "the copies disagree on the type: integer (line 57), long (line 104)"
    ]
    assert rows["Data.SlsConfigs"].cut_off
