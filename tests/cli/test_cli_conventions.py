"""The command line's conventions: settings from [tool.gen], options before a subcommand
honoured or refused, --version, -q/-v, and unexpected failures as one line with exit 2."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from generator import __version__
from tests.helpers import ROOT, SPEC, run_gen


def _project(tmp_path: Path, table: str = "") -> Path:
    project = tmp_path / "proj"
    shutil.copytree(SPEC, project / "specs", ignore=shutil.ignore_patterns("pages"))
    (project / ".git").mkdir()  # the repository's root: config lookup stops here
    (project / "pyproject.toml").write_text(
        f'[project]\nname = "x"\n\n[tool.gen]\nspec = "specs"\nout = "pkgs"\n{table}'
    )
    return project


def test_settings_come_from_tool_gen_found_upward(tmp_path: Path) -> None:
    project = _project(tmp_path)
    (project / "deep" / "er").mkdir(parents=True)
    result = run_gen(cwd=project / "deep" / "er")
    assert result.returncode == 0, result.stderr
    assert (project / "pkgs" / "sae_jobs" / "client.py").is_file()
    assert run_gen("lint", cwd=project / "deep").returncode == 0
    assert run_gen("--check", cwd=project).returncode == 0


def test_flags_win_over_the_configuration(tmp_path: Path) -> None:
    project = _project(tmp_path)
    result = run_gen("--out", "elsewhere", cwd=project)
    assert (
        result.returncode == 0
        and (project / "elsewhere" / "sae_jobs").is_dir()
        and not (project / "pkgs").exists()
    )


def test_a_bad_configuration_names_the_file_and_key(tmp_path: Path) -> None:
    project = _project(tmp_path, 'outt = "x"\n')
    result = run_gen(cwd=project)
    assert result.returncode == 2
    assert (
        "pyproject.toml" in result.stderr
        and "'outt'" in result.stderr
        and "Traceback" not in result.stderr
    )


def test_options_before_a_subcommand_are_honoured(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run_gen("--spec", empty, "lint")
    assert (
        result.returncode == 1 and "no problems" not in result.stderr
    ), "lint must read the --spec given first"
    assert run_gen("--spec", SPEC, "lint").returncode == 0
    exported = run_gen("--spec", empty, "export", "openapi")
    assert exported.returncode == 2


def test_options_a_subcommand_cannot_use_are_refused(tmp_path: Path) -> None:
    for args in (["--out", str(tmp_path), "lint"], ["--check", "inspect"]):
        result = run_gen(*args)
        assert result.returncode == 2 and "does not take it" in result.stderr, args


def test_version_names_gen_and_the_tools_that_shape_its_output() -> None:
    result = run_gen("--version")
    assert result.returncode == 0
    assert f"gen {__version__} (doctable-gen)" in result.stdout
    for tool in ("black", "ruff", "datamodel-code-generator"):
        assert tool in result.stdout


def test_quiet_and_verbose(tmp_path: Path) -> None:
    out = tmp_path / "out"
    quiet = run_gen("-q", "--out", out)
    assert quiet.returncode == 0 and quiet.stderr == ""
    verbose = run_gen("-v", "--out", out, env={"GEN_NO_CACHE": "1"})
    assert verbose.returncode == 0 and "gen: reading the specs" in verbose.stderr
    assert run_gen("-q", "-v").returncode == 2


def test_a_long_run_says_what_it_is_doing(tmp_path: Path) -> None:
    # Past the patience (GEN_PROGRESS_AFTER, 1 s by default) a run names its stages on stderr.
    result = run_gen(
        "--out", tmp_path / "out", env={"GEN_NO_CACHE": "1", "GEN_PROGRESS_AFTER": "0"}
    )
    assert result.returncode == 0 and "gen: formatting" in result.stderr
    # A run that ends well within it says only how it ended.
    again = run_gen("--out", tmp_path / "out", env={"GEN_PROGRESS_AFTER": "60"})
    assert again.returncode == 0 and again.stderr.strip().splitlines() == [
        f"{tmp_path / 'out'} is up to date."
    ]


def test_an_unexpected_failure_is_one_line_and_exit_2(tmp_path: Path) -> None:
    # A sitecustomize that breaks one of gen's own functions stands for any bug.
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(
        "import generator.backend.pipeline as p\n"
        "def broken(*a, **k):\n    raise RuntimeError('boom')\n"
        "p.fresh_tree = broken\n"
    )
    env = {"PYTHONPATH": f"{hook}:{ROOT}"}
    result = run_gen("--out", tmp_path / "out", env=env)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert (
        len(lines) == 1 and f"gen {__version__}: unexpected error: RuntimeError: boom" in lines[0]
    )
    assert "GEN_TRACEBACK=1" in lines[0]
    shown = run_gen("--out", tmp_path / "out", env={**env, "GEN_TRACEBACK": "1"})
    assert shown.returncode != 0 and "Traceback" in shown.stderr


def test_the_installed_command_uses_the_same_entry_point() -> None:
    scripts = subprocess.run(
        [
            sys.executable,
            "-c",
            "import importlib.metadata as m; "
            "print([e.value for e in m.entry_points(group='console_scripts') if e.name == 'gen'])",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "generator.cli.main:entry" in scripts


def test_diff_levels_come_from_tool_gen_diff(tmp_path: Path) -> None:
    project = _project(
        tmp_path, '\n[tool.gen.diff]\nlevels = { description-changed = "breaking" }\n'
    )
    shutil.copytree(project / "specs", project / "old")
    create = project / "specs" / "sae" / "2019-05-06" / "CreateJob.yaml"
    create.write_text(
        create.read_text().replace("summary: Create a job template.", "summary: Create a job.")
    )
    result = run_gen("diff", "old", "specs", cwd=project)
    assert result.returncode == 1 and "description-changed" in result.stdout, (
        result.stdout + result.stderr
    )
    (project / "pyproject.toml").write_text(
        '[tool.gen]\nspec = "specs"\n\n[tool.gen.diff]\nlevels = { no-such-rule = "info" }\n'
    )
    bad = run_gen("diff", "old", "specs", cwd=project)
    assert (
        bad.returncode == 2
        and "pyproject.toml" in bad.stderr
        and "tool.gen.diff.levels.no-such-rule" in bad.stderr
    )
