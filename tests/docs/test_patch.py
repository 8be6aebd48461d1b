"""gen docs-check --patch / --apply on a page edited to add, remove and change rows."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from tests.helpers import SPEC, edit, run_gen

SERVICE = Path("sae") / "2019-05-06"


@pytest.fixture()
def edited(tmp_path: Path) -> Path:
    spec = tmp_path / "spec"
    shutil.copytree(SPEC, spec)
    page = spec / SERVICE / "pages" / "CreateJob.txt"
    # Request table: a row added, a row removed, a type, a required flag, a limit and a value changed.
    edit(
        page,
        "VpcIdstringNo",
        "ZoneIdstringNo\n\nThe zone. It cannot exceed 20 characters.\n\nzone-a\nVpcIdstringYes",
    )
    text = page.read_text()
    page.write_text(
        text[: text.index("AppDescriptionstringNo")] + text[text.index("ZoneIdstringNo") :]
    )
    edit(page, "ReplicasintegerYes", "ReplicaslongYes")
    edit(page, "cannot exceed 36 characters", "cannot exceed 40 characters")
    edit(page, "  • 1000\n", "  • 1000\n  • 1500\n")
    # Response table: a field added inside Data, one removed; error table: a row added, a status changed.
    edit(
        page,
        "ChangeOrderIdstring",
        "RegionIdstring\n\nThe region.\n\ncn-hangzhou\nChangeOrderIdstring",
    )
    text = page.read_text()
    start = text.index("\nSuccessboolean")
    page.write_text(text[:start] + text[text.index("\n\nError codes", start) :])
    edit(page, "400InvalidNamespace.WithUppercase", "409InvalidNamespace.WithUppercase")
    edit(
        page,
        "400Application.MissingJdk",
        "404Zone.NotFoundThe zone does not exist.-\n400Application.MissingJdk",
    )
    return spec


def test_patch_prints_a_minimal_diff_and_writes_nothing(edited: Path) -> None:
    before = (edited / SERVICE / "CreateJob.yaml").read_text()
    result = run_gen("docs-check", "--spec", edited, "--patch")
    assert result.returncode == 1, result.stderr
    diff = result.stdout
    assert (edited / SERVICE / "CreateJob.yaml").read_text() == before
    removed = [
        line[1:]
        for line in diff.splitlines()
        if line.startswith("-") and not line.startswith("---")
    ]
    added = [
        line[1:]
        for line in diff.splitlines()
        if line.startswith("+") and not line.startswith("+++")
    ]
    assert "  - name: AppDescription" in removed
    assert (
        "  - name: ZoneId" in added
        and "    max_length: 20" in added
        and "    example: zone-a" in added
    )
    assert ("    type: integer", "    type: long") == (
        removed[removed.index("    type: integer")],
        added[added.index("    type: long")],
    )
    assert "    max_length: 36" in removed and "    max_length: 40" in added
    assert "    required: true" in added  # VpcId
    assert (
        "    enum: [500, 1000, 1500, 2000, 4000, 8000, 12000, 16000, 32000]" in added
    )  # 12000 stays: a note decides it
    assert any("name: RegionId" in line for line in added)
    assert any("name: Success" in line for line in removed)
    assert any(
        "{code: Zone.NotFound, http_status: 404, message: The zone does not exist.}" in line
        for line in added
    )
    assert any("code: InvalidNamespace.WithUppercase, http_status: 409" in line for line in added)
    # Nothing else changes: every removed line is one of the drift's.
    assert len(removed) == len([line for line in removed if line.strip()]) <= 12


def test_apply_writes_it_and_leaves_only_prose_to_the_reviewer(edited: Path) -> None:
    path = edited / SERVICE / "CreateJob.yaml"
    before = path.read_text().splitlines()
    result = run_gen("docs-check", "--spec", edited, "--apply")
    assert result.returncode == 0, result.stderr
    after = path.read_text().splitlines()
    # Comments and untouched lines are kept as they were.
    assert [line for line in before if line.lstrip().startswith("#")] == [
        line for line in after if line.lstrip().startswith("#")
    ]
    check = run_gen("docs-check", "--spec", edited)
    assert check.returncode == 0, check.stdout + check.stderr
    assert run_gen("lint", "--spec", edited).returncode == 0
    again = run_gen("docs-check", "--spec", edited, "--patch")
    assert again.returncode == 0 and again.stdout == "" and "No mechanical drift" in again.stderr


def test_pipe_page_row_added(tmp_path: Path) -> None:
    spec = tmp_path / "spec"
    shutil.copytree(SPEC, spec)
    edit(
        spec / SERVICE / "pages" / "UpdateJob.txt",
        "| RefAppId |\nstring |\nNo |",
        "| NewKnob |\nstring |\nYes |\nA new knob. Valid values: on, off. |\non |\n| RefAppId |\nstring |\nNo |",
    )
    result = run_gen("docs-check", "--spec", spec, "--apply")
    assert result.returncode == 0, result.stderr
    text = (spec / SERVICE / "UpdateJob.yaml").read_text()
    block = text[text.index("  - name: NewKnob") :]
    assert block.startswith(
        '  - name: NewKnob\n    type: string\n    required: true\n    in: query\n    description: "A new knob. Valid values: on, off."\n    example: "on"\n    enum: ["on", "off"]\n'
    )
    assert block.index("- name: RefAppId") > 0
    assert run_gen("docs-check", "--spec", spec).returncode == 0


def test_removing_the_last_entry_of_a_nested_list_keeps_what_follows(tmp_path: Path) -> None:
    """A block entry ends where the next token starts, indented on the next line: deleting the
    last field of an array's entries must not take the following lines with it."""
    spec = tmp_path / "spec"
    shutil.copytree(SPEC, spec)
    path = spec / SERVICE / "DescribeJobStatus.yaml"
    state = "        - {name: State, type: string, required: true,"
    text = path.read_text()
    line_end = text.index("\n", text.index(state)) + 1
    extra = (
        "        - name: Workers\n          type: array\n          description: The workers.\n"
        "          items:\n            type: object\n            fields:\n"
        "              - {name: Host, type: string, description: The host.}\n"
    )
    path.write_text(text[:line_end] + extra + text[line_end:])
    result = run_gen("docs-check", "--spec", spec, "--apply")
    assert result.returncode == 0, result.stderr
    assert path.read_text() == text  # only the entry the page lacks went
    assert run_gen("lint", "--spec", spec).returncode == 0


PAGE = """\
Serverless App Engine:DoThing

Do a thing with care.

Request syntax

POST /v1/doThing HTTP/1.1

Request parameters

| Parameter | Type | Required | Description | Example |
| Name | string | Yes | The name. | web-1 |

Response parameters

| Element | Type | Description | Example |
| RequestId | string | The ID. | r-1 |
| Data | object | The data. | |
{data}| Success | boolean | Whether it worked. | true |
{tags}
Error codes

| HTTP status code | Error code | Error message | Description |
{errors}
Change history
"""


def test_emptied_lists_keep_their_keys_and_arrays_get_items(tmp_path: Path) -> None:
    """A list losing every entry is written `key: []` (an object without fields is an open
    mapping), never a key without a value; an array<object> row the page adds becomes type:
    array with items, as gen draft writes it; the error row replaced keeps `errors` a list."""
    spec = tmp_path / "spec"
    shutil.copytree(SPEC, spec)
    page = spec / SERVICE / "pages" / "DoThing.txt"
    page.write_text(
        PAGE.format(
            data="| A | string | A. | a |\n| B | string | B. | b |\n",
            tags="",
            errors="| 400 | Thing.Bad | The thing is bad. | - |",
        )
    )
    assert run_gen("draft", page).returncode == 0
    path = spec / SERVICE / "DoThing.yaml"
    drafted = yaml.safe_load(path.read_text())
    assert [f["name"] for f in drafted["response"]["fields"][1]["fields"]] == ["A", "B"]
    assert [e["code"] for e in drafted["errors"]] == ["Thing.Bad"]
    page.write_text(
        PAGE.format(
            data="",
            tags="| Tags | array<object> | The tags. | |\n| Key | string | The tag key. | k |\n",
            errors="| 404 | Thing.Gone | The thing is gone. | - |",
        )
    )
    result = run_gen("docs-check", "--spec", spec, "--apply")
    assert result.returncode == 0, result.stderr
    doc = yaml.safe_load(path.read_text())
    data = doc["response"]["fields"][1]
    assert (data["name"], data["fields"]) == ("Data", [])
    assert doc["errors"] == [
        {"code": "Thing.Gone", "http_status": 404, "message": "The thing is gone."}
    ]
    tags = doc["response"]["fields"][-1]
    assert tags == {
        "name": "Tags",
        "type": "array",
        "description": "The tags.",
        "items": {
            "type": "object",
            "fields": [
                {"name": "Key", "type": "string", "description": "The tag key.", "example": "k"}
            ],
        },
    }
    lint = run_gen("lint", "--spec", spec)
    problems = [line for line in lint.stderr.splitlines() if "problem(s) found" not in line]
    assert problems and all("unresolved TODO" in line for line in problems), lint.stderr
    check = run_gen("docs-check", "--spec", spec)
    assert check.returncode == 0, check.stdout + check.stderr


def test_a_table_a_copy_is_cut_off_in_loses_no_rows(tmp_path: Path) -> None:
    """Rows a saved copy stops before are not gone from the page: --patch leaves them to the
    reviewer, while docs-check still asks for a note."""
    spec = tmp_path / "spec"
    shutil.copytree(SPEC, spec)
    path = spec / SERVICE / "ListJobs.yaml"
    edit(
        path,
        "and is cut off\n      inside Data. The top-level fields after Data are not on the page:",
        "and more.\n      The top-level fields after Data:",
    )
    check = run_gen("docs-check", "--spec", spec)
    assert check.returncode == 1
    assert "ListJobs: DRIFT: response TotalSize: in the spec, not on the page" in check.stdout
    before = path.read_text()
    result = run_gen("docs-check", "--spec", spec, "--patch")
    assert "ListJobs.yaml" not in result.stdout, result.stdout
    assert path.read_text() == before
