"""gen docs-check: the committed specs match both documentation pages; edits to a page show up."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.helpers import DOCS, edit, run_gen, spec_copy


def test_specs_match_their_pages() -> None:
    result = run_gen("docs-check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 unexplained difference(s)" in result.stderr


def _edited_docs(tmp_path: Path) -> Path:
    docs = tmp_path / "docs" / "pages"  # `source: pages/X.txt` resolves against --docs
    shutil.copytree(DOCS, docs)
    create = docs / "CreateJob.txt"
    text = create.read_text()
    text = text.replace("ReplicasintegerYes", "ReplicasstringYes", 1)
    text = text.replace("400JarApplication.MissingJdk", "500JarApplication.MissingJdk", 1)
    text = text.replace("AppDescriptionstringNo", "AppDescriptionsstringNo", 1)
    create.write_text(text)
    update = docs / "UpdateJob.txt"
    text = update.read_text().replace(
        "| RefAppId |\nstring |\nNo |",
        "| NewKnob |\nstring |\nYes |\nA new knob. |\nk |\n| RefAppId |\nstring |\nNo |",
        1,
    )
    text = text.replace(
        "| 404 | Associate.Eip.Not.Enough |",
        "| 404 | Brand.New.Error | Something new. |\n| 404 | Associate.Eip.Not.Enough |",
        1,
    )
    update.write_text(text)
    return docs.parent


def test_changed_pages_are_reported_as_drift(tmp_path: Path) -> None:
    result = run_gen("docs-check", "--docs", _edited_docs(tmp_path))
    assert result.returncode == 1
    out = result.stdout
    assert (
        "CreateJob: DRIFT: parameter Replicas: type integer in the spec, string on the page" in out
    )
    assert (
        "CreateJob: DRIFT: error JarApplication.MissingJdk: HTTP 400 in the spec, 500 on the page"
        in out
    )
    assert "CreateJob: DRIFT: parameter AppDescriptions: on the page, not in the spec" in out
    assert "CreateJob: DRIFT: parameter AppDescription: in the spec, not on the page" in out
    assert "UpdateJob: DRIFT: parameter NewKnob: on the page, not in the spec" in out
    assert "UpdateJob: DRIFT: error Brand.New.Error: on the page, not in the spec" in out


def test_a_missing_page_is_an_input_error(tmp_path: Path) -> None:
    result = run_gen("docs-check", "--docs", tmp_path)
    assert result.returncode == 2 and "no documentation page" in result.stderr


def test_method_path_and_stated_limits_are_compared(tmp_path: Path) -> None:
    spec = spec_copy(tmp_path)
    page = spec / "sae" / "2019-05-06" / "pages" / "CreateJob.txt"
    edit(page, "POST /pop/v1/sam/job/createJob HTTP/1.1", "PUT /pop/v2/sam/job/createJob HTTP/1.1")
    edit(page, "cannot exceed 36 characters", "cannot exceed 40 characters")
    result = run_gen("docs-check", "--spec", spec)
    assert result.returncode == 1
    assert (
        "CreateJob: DRIFT: operation CreateJob: method POST in the spec, PUT on the page"
        in result.stdout
    )
    assert (
        "CreateJob: DRIFT: operation CreateJob: path /pop/v1/sam/job/createJob in the spec, /pop/v2/sam/job/createJob on the page"
        in result.stdout
    )
    assert (
        "CreateJob: DRIFT: parameter AppName: max_length 36 in the spec, 40 on the page"
        in result.stdout
    )


def test_a_missing_table_is_one_finding_not_every_row(tmp_path: Path) -> None:
    spec = spec_copy(tmp_path)
    page = spec / "sae" / "2019-05-06" / "pages" / "CreateJob.txt"
    text = page.read_text()
    page.write_text(
        text[: text.index("\nError codes\n")] + text[text.index("\nChange history\n") :]
    )
    result = run_gen("docs-check", "--spec", spec)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "CreateJob: DRIFT: table error table: no error table found in pages/CreateJob.txt"
    ]
    # An operation note that names the table and says the page lacks it explains it.
    edit(
        spec / "sae" / "2019-05-06" / "CreateJob.yaml",
        "  notes:\n",
        "  notes:\n    - The page's error table is cut off; codes come from UpdateJob.txt.\n",
    )
    result = run_gen("docs-check", "--spec", spec, "--all")
    assert result.returncode == 0, result.stdout
    assert "CreateJob: explained: table error table: no error table found" in result.stdout


def test_a_row_missing_from_the_page_needs_a_note_that_says_so(tmp_path: Path) -> None:
    spec = spec_copy(tmp_path)
    page = spec / "sae" / "2019-05-06" / "pages" / "CreateJob.txt"
    edit(page, "AppDescriptionstringNo", "AppSummarystringNo")
    op = spec / "sae" / "2019-05-06" / "CreateJob.yaml"
    vague = "    max_length: 1024\n    notes:\n      - Kept for compatibility.\n"
    edit(op, "    max_length: 1024\n", vague)
    result = run_gen("docs-check", "--spec", spec)
    assert (
        "CreateJob: DRIFT: parameter AppDescription: in the spec, not on the page" in result.stdout
    )
    edit(
        op,
        "Kept for compatibility.",
        "AppDescription is not on the page any more; kept for old callers.",
    )
    result = run_gen("docs-check", "--spec", spec, "--all")
    assert (
        "CreateJob: explained: parameter AppDescription: in the spec, not on the page"
        in result.stdout
    )
    assert "CreateJob: DRIFT: parameter AppSummary: on the page, not in the spec" in result.stdout


def test_disagreeing_copies_need_a_decision_in_a_note(tmp_path: Path) -> None:
    spec = spec_copy(tmp_path)
    page = spec / "sae" / "2019-05-06" / "pages" / "UpdateJob.txt"
    # A second, older copy of the page stacked under the first, typing CommandArgs differently.
    page.write_text(
        page.read_text()
        + "\n"
        + "-" * 40
        + "\nCopy B — older edition\n"
        + "-" * 40
        + "\n"
        + "Request parameters\n| Parameter | Type | Required | Description | Example |\n"
        + '| CommandArgs | array | No | The arguments. | ["a","b"] |\n'
    )
    result = run_gen("docs-check", "--spec", spec)
    assert result.returncode == 1
    assert (
        "UpdateJob: DRIFT: parameter CommandArgs: the copies disagree on the type: string (line"
        in result.stdout
    )
    assert "array (line 402)" in result.stdout
    # Deciding in a note that names both values explains it.
    op = spec / "sae" / "2019-05-06" / "UpdateJob.yaml"
    text = op.read_text()
    start = text.index("  - name: CommandArgs\n")
    end = text.index("\n  - name:", start + 1)
    note = "    notes:\n      - The older copy says array; the current one string, which is what is sent.\n"
    block = text[start:end]
    assert "notes:" not in block
    op.write_text(text[:end] + "\n" + note.rstrip("\n") + text[end:])
    result = run_gen("docs-check", "--spec", spec)
    assert result.returncode == 0, result.stdout + result.stderr


def test_an_example_the_page_adds_must_be_in_the_spec(tmp_path: Path) -> None:
    """Every JSON example a parameter's description gives belongs in the spec's examples."""
    docs = tmp_path / "docs" / "pages"
    shutil.copytree(DOCS, docs)
    create = docs / "CreateJob.txt"
    added = '[{"logDir":"/var/log/app.log","logType":""}]'
    text = create.read_text("utf-8")
    anchor = "  • To use custom Log Service resources, set this parameter to"
    assert anchor in text
    create.write_text(
        text.replace(
            anchor, f"  • For file logs only, set this parameter to {added}.\n{anchor}", 1
        ),
        "utf-8",
    )
    result = run_gen("docs-check", "--docs", docs.parent)
    assert result.returncode == 1, result.stdout + result.stderr
    drift = [line for line in result.stdout.splitlines() if "DRIFT" in line]
    assert len(drift) == 1 and "SlsConfigs" in drift[0] and added in drift[0], result.stdout


def test_array_entries_are_compared_through_items(tmp_path: Path) -> None:
    """A page names an array's entry fields as the array's children (Data.Applications.AppId);
    the spec holds them under `items`. Both sides meet, and the notes on `items` count as notes
    on an enclosing field."""
    spec = spec_copy(tmp_path)
    folder = spec / "sae" / "2019-05-06"
    # Leave the explaining to the note on Applications' items: the operation note names Data.
    edit(
        folder / "ListJobs.yaml",
        "shows Message, RequestId and Data and is cut off\n      inside Data. The top-level fields after Data are",
        "shows three rows. The top-level fields after them are",
    )
    result = run_gen("docs-check", "--spec", spec, "--all")
    assert result.returncode == 0, result.stdout + result.stderr
    assert (
        "ListJobs: explained: response Data.Applications.AppDescription: in the spec, not on the page"
        in result.stdout
    )
    assert "Data.Applications.AppName" not in result.stdout  # on both sides, so no finding
    page = folder / "pages" / "ListJobs.txt"
    row = "| NamespaceId | string | Namespace ID. | cn-beijing:demo |\n"
    edit(page, row, row + "| Workload | string | The workload. | job |\n")
    edit(
        page,
        "| Applications | array<object> | List of job templates. | |",
        "| Applications | array<string> | List of job templates. | |",
    )
    edit(
        folder / "ListJobs.yaml",
        "is cut off inside Applications after AppId, so",
        "stops after AppId, so",
    )
    edit(
        folder / "ListJobs.yaml",
        "AppDescription through Tags are not on the page.",
        "AppDescription through Tags follow.",
    )
    result = run_gen("docs-check", "--spec", spec)
    assert result.returncode == 1
    drift = set(result.stdout.splitlines())
    assert (
        "ListJobs: DRIFT: response Data.Applications.Workload: on the page, not in the spec"
        in drift
    )
    assert (
        "ListJobs: DRIFT: response Data.Applications: type array<object> in the spec, array<string> on the page"
        in drift
    )
    # A note that does not say the page lacks the entries no longer explains them.
    assert (
        "ListJobs: DRIFT: response Data.Applications.AppDescription: in the spec, not on the page"
        in drift
    )
    assert (
        "ListJobs: DRIFT: response Data.Applications.AppName: in the spec, not on the page"
        not in drift
    )
