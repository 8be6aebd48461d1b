"""The generator under hostile spec text (issue 13): whatever gen lint passes, gen emits as
a package that imports and shows the text as written; see tests/broken_specs for the
hostile input lint refuses (each with file:line:column, and gen leaving its output alone)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import run_gen

VALID = Path(__file__).resolve().parent / "broken_specs" / "_valid"
NASTY = 'say """hi""", \\n is not a newline, <ConfigMap name> | `tick` *star* \\'


def _spec(tmp_path: Path, edits: dict[str, list[tuple[str, str]]]) -> Path:
    root = tmp_path / "spec"
    shutil.copytree(VALID, root / "demo")
    for name, pairs in edits.items():
        path = root / "demo" / name
        text = path.read_text("utf-8")
        for old, new in pairs:
            assert old in text, old
            text = text.replace(old, new, 1)
        path.write_text(text, "utf-8")
    return root


def _yaml(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def test_what_lint_passes_gen_emits_verbatim(tmp_path: Path) -> None:
    spec = _spec(tmp_path, {
        "service.yaml": [("title: Demo Widgets", f"title: {_yaml('Demo ' + NASTY)}"),
                         ('api_version: "2020-01-01"', f"api_version: {_yaml('2020-01-01 ' + NASTY)}"),
                         ("description: A timer or an HTTP trigger.", f"description: {_yaml(NASTY)}"),
                         ("message: The specified widget does not exist.}",
                          f"message: The specified widget does not exist., description: {_yaml(NASTY)}}}")],
        "CreateWidget.yaml": [("summary: Create a widget.", f"summary: {_yaml(NASTY)}"),
                              ("description: The widget name.", f"description: {_yaml(NASTY + chr(10) + NASTY)}"),
                              ("enum: [Small, Large]", f"enum: [Small, Large, {_yaml(NASTY)}]")],
    })
    lint = run_gen("lint", "--spec", spec)
    assert lint.returncode == 0, lint.stderr
    out = tmp_path / "out"
    result = run_gen("--spec", spec, "--out", out, env={"GEN_NO_CACHE": "1"})
    assert result.returncode == 0, result.stderr
    probe = (
        "import demo_widgets, demo_widgets.client as c, demo_widgets.errors as e, demo_widgets._service as s\n"
        "from demo_widgets.validators import validate_create_widget as v\n"
        f"nasty = {NASTY!r}\n"
        "assert nasty in demo_widgets.__doc__ and nasty in s.__doc__, demo_widgets.__doc__\n"
        "assert nasty in c.DemoWidgetsClient.create_widget.__doc__\n"
        "assert not [x for x in v({'widget_name': 'w', 'kind': nasty}) if x.rule == 'enum']\n"
    )
    check = subprocess.run([sys.executable, "-c", probe], cwd=out, capture_output=True, text=True, check=False)
    assert check.returncode == 0, check.stderr
    _readme_shows_text_as_written((out / "demo_widgets" / "README.md").read_text("utf-8"))


def _readme_shows_text_as_written(readme: str) -> None:
    rows = [line for line in readme.splitlines() if line.startswith("| WidgetName ")]
    assert len(rows) == 1  # the two-line description stayed on its row
    cells = re.split(r"(?<!\\)\|", rows[0])[1:-1]
    assert len(cells) == 7, cells
    heading = next(line for line in readme.splitlines() if line.startswith("# "))
    for prose in (cells[6], heading):  # HTML-like text is shown, not swallowed as a tag
        assert "&lt;ConfigMap name&gt;" in prose and "<ConfigMap" not in prose, prose
    assert "\\`tick\\` \\*star\\*" in cells[6]  # prose: no emphasis, no code span
    kind = next(line for line in readme.splitlines() if line.startswith("| Kind "))
    # in a code span the text is verbatim: no backslash escapes, only the table's pipe
    assert "``" + NASTY.replace("|", "\\|") + "``" in kind, kind
    assert "`^[a-z][a-z0-9-]*$`" in rows[0]


@pytest.mark.parametrize(("file", "old", "new"), [
    ("CreateWidget.yaml", "summary: Create a widget.", 'summary: "Create a\\0 widget."'),
    ("CreateWidget.yaml", "summary: Create a widget.", 'summary: "Create a\\x1b[31m widget."'),
    ("CreateWidget.yaml", "summary: Create a widget.", 'summary: "Create a\\u2028 widget."'),
    ("service.yaml", "title: Demo Widgets", 'title: "Demo\\rWidgets"'),
    ("CreateWidget.yaml", "maximum: 100", "maximum: .inf"),
    ("CreateWidget.yaml", "description: The widget name.", 'description: "line  \\nnext"'),
])
def test_what_gen_cannot_emit_lint_names_with_its_line(tmp_path: Path, file: str, old: str, new: str) -> None:
    spec = _spec(tmp_path, {file: [(old, new)]})
    line = next(i for i, text in enumerate((spec / "demo" / file).read_text("utf-8").splitlines(), 1) if new in text)
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    for args in (("lint", "--spec", spec), ("--spec", spec, "--out", out)):
        result = run_gen(*args)
        assert result.returncode in (1, 2) and f"demo/{file}:{line}:" in result.stderr, result.stderr
    assert [p.name for p in out.iterdir()] == ["keep.txt"]
