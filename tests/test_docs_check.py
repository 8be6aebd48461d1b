"""gen docs-check: the committed specs match both documentation pages; edits to a page show up."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.helpers import DOCS, run_gen


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
    text = text.replace("| 404 | Associate.Eip.Not.Enough |", "| 404 | Brand.New.Error | Something new. |\n| 404 | Associate.Eip.Not.Enough |", 1)
    update.write_text(text)
    return docs.parent


def test_changed_pages_are_reported_as_drift(tmp_path: Path) -> None:
    result = run_gen("docs-check", "--docs", _edited_docs(tmp_path))
    assert result.returncode == 1
    out = result.stdout
    assert "CreateJob: DRIFT: parameter Replicas: type integer in the spec, string on the page" in out
    assert "CreateJob: DRIFT: error JarApplication.MissingJdk: HTTP 400 in the spec, 500 on the page" in out
    assert "CreateJob: DRIFT: parameter AppDescriptions: on the page, not in the spec" in out
    assert "CreateJob: DRIFT: parameter AppDescription: in the spec, not on the page" in out
    assert "UpdateJob: DRIFT: parameter NewKnob: on the page, not in the spec" in out
    assert "UpdateJob: DRIFT: error Brand.New.Error: on the page, not in the spec" in out


def test_a_missing_page_is_an_input_error(tmp_path: Path) -> None:
    result = run_gen("docs-check", "--docs", tmp_path)
    assert result.returncode == 2 and "no documentation page" in result.stderr


def test_an_example_the_page_adds_must_be_in_the_spec(tmp_path: Path) -> None:
    """Every JSON example a parameter's description gives belongs in the spec's examples."""
    docs = tmp_path / "docs" / "pages"
    shutil.copytree(DOCS, docs)
    create = docs / "CreateJob.txt"
    added = '[{"logDir":"/var/log/app.log","logType":""}]'
    text = create.read_text("utf-8")
    anchor = "  • To use custom Log Service resources, set this parameter to"
    assert anchor in text
    create.write_text(text.replace(anchor, f"  • For file logs only, set this parameter to {added}.\n{anchor}", 1), "utf-8")
    result = run_gen("docs-check", "--docs", docs.parent)
    assert result.returncode == 1, result.stdout + result.stderr
    drift = [line for line in result.stdout.splitlines() if "DRIFT" in line]
    assert len(drift) == 1 and "SlsConfigs" in drift[0] and added in drift[0], result.stdout
