"""The generator under hostile spec text (issue 13): whatever gen lint passes, gen emits as
a package that imports and shows the text as written; see tests/frontend/broken_specs for the
hostile input lint refuses (each with file:line:column, and gen leaving its output alone)."""

from __future__ import annotations

import json
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.frontend.broken_specs.cases import BASE as VALID
from tests.helpers import run_gen

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
    spec = _spec(
        tmp_path,
        {
            "service.yaml": [
                ("title: Demo Widgets", f"title: {_yaml('Demo ' + NASTY)}"),
                ('api_version: "2020-01-01"', f"api_version: {_yaml('2020-01-01 ' + NASTY)}"),
                ("description: A timer or an HTTP trigger.", f"description: {_yaml(NASTY)}"),
                (
                    "message: The specified widget does not exist.}",
                    f"message: The specified widget does not exist., description: {_yaml(NASTY)}}}",
                ),
            ],
            "CreateWidget.yaml": [
                ("summary: Create a widget.", f"summary: {_yaml(NASTY)}"),
                ("description: The widget name.", f"description: {_yaml(NASTY + chr(10) + NASTY)}"),
                ("enum: [Small, Large]", f"enum: [Small, Large, {_yaml(NASTY)}]"),
            ],
        },
    )
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
    check = subprocess.run(
        [sys.executable, "-c", probe], cwd=out, capture_output=True, text=True, check=False
    )
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


@pytest.mark.parametrize(
    ("file", "old", "new"),
    [
        ("CreateWidget.yaml", "summary: Create a widget.", 'summary: "Create a\\0 widget."'),
        ("CreateWidget.yaml", "summary: Create a widget.", 'summary: "Create a\\x1b[31m widget."'),
        ("CreateWidget.yaml", "summary: Create a widget.", 'summary: "Create a\\u2028 widget."'),
        ("service.yaml", "title: Demo Widgets", 'title: "Demo\\rWidgets"'),
        ("CreateWidget.yaml", "maximum: 100", "maximum: .inf"),
        ("CreateWidget.yaml", "description: The widget name.", 'description: "line  \\nnext"'),
    ],
)
def test_what_gen_cannot_emit_lint_names_with_its_line(
    tmp_path: Path, file: str, old: str, new: str
) -> None:
    spec = _spec(tmp_path, {file: [(old, new)]})
    line = next(
        i
        for i, text in enumerate((spec / "demo" / file).read_text("utf-8").splitlines(), 1)
        if new in text
    )
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    for args in (("lint", "--spec", spec), ("--spec", spec, "--out", out)):
        result = run_gen(*args)
        assert (
            result.returncode in (1, 2) and f"demo/{file}:{line}:" in result.stderr
        ), result.stderr
    assert [p.name for p in out.iterdir()] == ["keep.txt"]


TRICKY = [
    '"',
    "'",
    "\\",
    '"""',
    "'''",
    "{",
    "}",
    "%s",
    "%",
    "<b>",
    "</",
    ">",
    "|",
    "`",
    "``",
    "*",
    "_",
    "#",
    "[",
    "](x)",
    "&amp;",
    "\t",
    "\n",
    "\n\n",
    "é",
    "\u0301",
    "\u202e",
    "😀",
    "\U0001d11e",
    "${x}",
    "{{ x }}",
    "{% raw %}",
    "# noqa",
    "\\n",
    "\\\\",
    "\\x00",
    "'''\"\"\"",
    "\ufeff",
    "\u00a0",
    " ",
    "  ",
    "-",
    "1.",
    "> quote",
    ":",
    ": x",
    "? ",
    "!",
]


def _random_text(rng: random.Random) -> str:
    return "".join(
        rng.choice(TRICKY) if rng.random() < 0.5 else rng.choice("abc XYZ09.,")
        for _ in range(rng.randrange(1, 40))
    )


@pytest.mark.parametrize(
    ("seed", "tidy"),
    [(1, True), (2, True), (3, True), (4, True), (5, False), (6, False), (7, False), (8, False)],
)
def test_random_texts_lint_passes_are_emitted_and_what_fails_lint_fails_gen(
    tmp_path: Path, seed: int, tidy: bool
) -> None:
    """Random tricky text in every description, the summary, the title and the messages: when
    lint passes, gen writes a package that imports and carries the text; when lint refuses,
    gen refuses with the same problems and writes nothing."""
    rng = random.Random(seed)
    root = tmp_path / "spec"
    shutil.copytree(VALID, root / "demo")
    texts: list[str] = []
    for name in ("service.yaml", "CreateWidget.yaml", "UpdateWidget.yaml"):
        path = root / "demo" / name
        lines = []
        for line in path.read_text("utf-8").splitlines():
            for key in ("description: ", "summary: ", "title: ", "message: "):
                head, sep, rest = line.partition(key)
                if (
                    sep
                    and not head.strip().startswith("#")
                    and (not rest.startswith(("'", '"')) or key == "description: ")
                ):
                    text = _random_text(rng)
                    if tidy:  # what lint accepts: no line ending in spaces
                        text = re.sub(r"[ \t\u00a0]+(?=\n)", "", text).strip() or "x"
                    end = (
                        rest.find("}") if "{" in head else -1
                    )  # flow mappings: replace up to the closing brace
                    tail = rest[end:] if end >= 0 and "%s" not in rest else ""
                    if key == "message: " and "%s" in rest:
                        break  # keep the placeholders the rules fill
                    texts.append(text)
                    line = f"{head}{sep}{json.dumps(text, ensure_ascii=False)}{tail}"
                    break
            lines.append(line)
        path.write_text("\n".join(lines) + "\n", "utf-8")
    lint = run_gen("lint", "--spec", root)
    out = tmp_path / "out"
    gen = run_gen("--spec", root, "--out", out, env={"GEN_NO_CACHE": "1"})
    assert lint.returncode == 0 or not tidy, lint.stderr
    if lint.returncode != 0:
        problems = [
            line
            for line in lint.stderr.splitlines()
            if line.startswith("spec/") or ".yaml:" in line
        ]
        assert problems and gen.returncode == 2 and not out.exists(), gen.stderr
        assert all(p in gen.stderr for p in problems)
        assert all(re.search(r"\.yaml:\d+:\d+: ", p) for p in problems), problems
        return
    assert gen.returncode == 0, gen.stderr
    check = subprocess.run(
        [
            sys.executable,
            "-c",
            "import demo_widgets.client, demo_widgets.validators, demo_widgets.testing",
        ],
        cwd=out,
        capture_output=True,
        text=True,
        check=False,
    )
    assert check.returncode == 0, check.stderr
    quality = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", "--select", "E9,F", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert quality.returncode == 0, quality.stdout
