"""A plain `gen` or `gen --check` is read without click (generator.cli.main); it must end
exactly as the click command does: the same stdout, stderr and exit code."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from generator.cli.main import plain_options
from tests.frontend.broken_specs.cases import materialize
from tests.helpers import SPEC, edit

CLICK = "import sys; from generator.cli.commands import main; main.main(prog_name='gen')"


def _both(args: list[str], cwd: Path, env: dict[str, str]) -> list[tuple[int, str, str]]:
    full = {**os.environ, "GEN_PROGRESS_AFTER": "60", **env}
    runs = []
    for prefix in (["-m", "generator.cli.main"], ["-c", CLICK]):
        run = subprocess.run(
            [sys.executable, *prefix, *args], cwd=cwd, env=full, capture_output=True, text=True
        )
        # Verbose stage lines carry timings: the same lines, not the same seconds.
        runs.append((run.returncode, run.stdout, re.sub(r"\(\d+\.\ds\)", "(s)", run.stderr)))
    return runs


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("plain")
    (root / ".git").mkdir()  # config lookup stops here
    env = {"GEN_CACHE_DIR": str(root / "cache")}
    assert _both(["--spec", str(SPEC), "--out", "out"], root, env)[0][0] == 0
    materialize("bad-enum-in", root / "broken")
    return root


CASES = {
    "up to date": ["--spec", str(SPEC), "--out", "out"],
    "check": ["--check", f"--spec={SPEC}", "--out=out"],
    "quiet": ["-q", "--spec", str(SPEC), "--out", "out", "--check"],
    "verbose": ["--verbose", "--spec", str(SPEC), "--check", "--out", "out"],
    "problems": ["--spec", "broken", "--out", "elsewhere"],
    "overlap": ["--spec", str(SPEC), "--out", str(SPEC)],
    "no spec": ["--spec", "missing", "--out", "out", "-q"],
}


@pytest.mark.parametrize("args", CASES.values(), ids=CASES.keys())
def test_the_plain_reading_ends_as_click_does(project: Path, args: list[str]) -> None:
    plain, clicked = _both(args, project, {"GEN_CACHE_DIR": str(project / "cache")})
    assert plain == clicked
    if "broken" in args:  # the corpus case is read, not a missing folder
        assert "'cookie' is not one of" in plain[2] and plain[0] == 2


def test_a_stale_tree_and_a_broken_configuration(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    env = {"GEN_CACHE_DIR": str(project / "cache")}
    assert _both(["--spec", str(SPEC), "--out", str(out), "-q"], project, env)[0][0] == 0
    edit(out / "sae_jobs" / "client.py", "def ", "def  ")
    plain, clicked = _both(["--spec", str(SPEC), "--out", str(out), "--check"], project, env)
    assert plain == clicked and plain[0] == 1 and "+++" in plain[1]
    (tmp_path / "pyproject.toml").write_text("[tool.gen]\nspecs = 'x'\n")
    plain, clicked = _both(["--check"], tmp_path, env)
    assert plain == clicked and plain[0] == 2 and "has no key 'specs'" in plain[2]


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["--version"],
        ["lint"],
        ["--spec", "spec", "lint"],
        ["-q", "-v"],
        ["-qv"],
        ["--spec"],
        ["--spec", "--out", "x"],
        ["--out="],
        ["--check", "--check"],
        ["--spec", "a", "--spec", "b"],
        ["--", "--check"],
        ["--chec"],
    ],
)
def test_anything_else_goes_to_click(args: list[str]) -> None:
    assert plain_options(args) is None


def test_the_plain_options() -> None:
    assert plain_options([]) == {}
    assert plain_options(["--spec=s", "--out", "o", "--check", "-q"]) == {
        "spec": "s",
        "out": "o",
        "check": "",
        "quiet": "",
    }
