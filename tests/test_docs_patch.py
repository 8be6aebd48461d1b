"""gen docs-check --patch / --apply on a page edited to add, remove and change rows."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.helpers import SPEC, run_gen

SERVICE = Path("sae") / "2019-05-06"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))


@pytest.fixture()
def edited(tmp_path: Path) -> Path:
    spec = tmp_path / "spec"
    shutil.copytree(SPEC, spec)
    page = spec / SERVICE / "pages" / "CreateJob.txt"
    # Request table: a row added, a row removed, a type, a required flag, a limit and a value changed.
    _edit(page, "VpcIdstringNo", "ZoneIdstringNo\n\nThe zone. It cannot exceed 20 characters.\n\nzone-a\nVpcIdstringYes")
    text = page.read_text()
    page.write_text(text[: text.index("AppDescriptionstringNo")] + text[text.index("ZoneIdstringNo") :])
    _edit(page, "ReplicasintegerYes", "ReplicaslongYes")
    _edit(page, "cannot exceed 36 characters", "cannot exceed 40 characters")
    _edit(page, "  • 1000\n", "  • 1000\n  • 1500\n")
    # Response table: a field added inside Data, one removed; error table: a row added, a status changed.
    _edit(page, "ChangeOrderIdstring", "RegionIdstring\n\nThe region.\n\ncn-hangzhou\nChangeOrderIdstring")
    text = page.read_text()
    start = text.index("\nSuccessboolean")
    page.write_text(text[:start] + text[text.index("\n\nError codes", start) :])
    _edit(page, "400InvalidNamespace.WithUppercase", "409InvalidNamespace.WithUppercase")
    _edit(page, "400Application.MissingJdk", "404Zone.NotFoundThe zone does not exist.-\n400Application.MissingJdk")
    return spec


def test_patch_prints_a_minimal_diff_and_writes_nothing(edited: Path) -> None:
    before = (edited / SERVICE / "CreateJob.yaml").read_text()
    result = run_gen("docs-check", "--spec", edited, "--patch")
    assert result.returncode == 1, result.stderr
    diff = result.stdout
    assert (edited / SERVICE / "CreateJob.yaml").read_text() == before
    removed = [line[1:] for line in diff.splitlines() if line.startswith("-") and not line.startswith("---")]
    added = [line[1:] for line in diff.splitlines() if line.startswith("+") and not line.startswith("+++")]
    assert "  - name: AppDescription" in removed
    assert "  - name: ZoneId" in added and "    max_length: 20" in added and "    example: zone-a" in added
    assert ("    type: integer", "    type: long") == (removed[removed.index("    type: integer")], added[added.index("    type: long")])
    assert "    max_length: 36" in removed and "    max_length: 40" in added
    assert "    required: true" in added  # VpcId
    assert "    enum: [500, 1000, 1500, 2000, 4000, 8000, 12000, 16000, 32000]" in added  # 12000 stays: a note decides it
    assert any("name: RegionId" in line for line in added)
    assert any("name: Success" in line for line in removed)
    assert any("{code: Zone.NotFound, http_status: 404, message: The zone does not exist.}" in line for line in added)
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
    assert [line for line in before if line.lstrip().startswith("#")] == [line for line in after if line.lstrip().startswith("#")]
    check = run_gen("docs-check", "--spec", edited)
    assert check.returncode == 0, check.stdout + check.stderr
    assert run_gen("lint", "--spec", edited).returncode == 0
    again = run_gen("docs-check", "--spec", edited, "--patch")
    assert again.returncode == 0 and again.stdout == "" and "No mechanical drift" in again.stderr


def test_pipe_page_row_added(tmp_path: Path) -> None:
    spec = tmp_path / "spec"
    shutil.copytree(SPEC, spec)
    _edit(
        spec / SERVICE / "pages" / "UpdateJob.txt",
        "| RefAppId |\nstring |\nNo |",
        "| NewKnob |\nstring |\nYes |\nA new knob. Valid values: on, off. |\non |\n| RefAppId |\nstring |\nNo |",
    )
    result = run_gen("docs-check", "--spec", spec, "--apply")
    assert result.returncode == 0, result.stderr
    text = (spec / SERVICE / "UpdateJob.yaml").read_text()
    block = text[text.index("  - name: NewKnob") :]
    assert block.startswith("  - name: NewKnob\n    type: string\n    required: true\n    in: query\n    description: \"A new knob. Valid values: on, off.\"\n    example: \"on\"\n    enum: [\"on\", \"off\"]\n")
    assert block.index("- name: RefAppId") > 0
    assert run_gen("docs-check", "--spec", spec).returncode == 0
