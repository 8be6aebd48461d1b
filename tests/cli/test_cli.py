"""The gen command line as users run it: help, exit codes, and nothing lost on failure."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from tests.helpers import ROOT, SPEC, run_gen, tree

SUBCOMMANDS = ["lint", "inspect", "docs-check", "diff"]


@pytest.mark.parametrize("args", [[], *([c] for c in SUBCOMMANDS)])
def test_help_everywhere(args: list[str]) -> None:
    result = run_gen(*args, "--help")
    assert result.returncode == 0 and "Usage: " in result.stdout


def test_usage_errors_exit_2() -> None:
    assert run_gen("--no-such-option").returncode == 2
    assert run_gen("no-such-command").returncode == 2
    assert run_gen("lint", "--spec", "/nonexistent/spec").returncode == 1


def test_generate_into_a_new_folder_then_nothing_to_do(tmp_path: Path) -> None:
    out = tmp_path / "deep" / "out"
    first = run_gen("--out", out)
    assert first.returncode == 0 and (out / "sae_jobs" / "client.py").is_file()
    before = tree(out)
    again = run_gen("--out", out)
    assert again.returncode == 0 and tree(out) == before


def test_stale_files_are_removed(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run_gen("--out", out).returncode == 0
    (out / "sae_jobs" / "old_module.py").write_text("x = 1\n")
    assert run_gen("--out", out).returncode == 0
    assert not (out / "sae_jobs" / "old_module.py").exists()


def _project_copy(tmp_path: Path) -> Path:
    """A copy of gen's inputs, so a test can break a template without touching the repo."""
    copy = tmp_path / "proj"
    for name in ("generator", "templates", "spec"):
        shutil.copytree(ROOT / name, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
    # gen loads its templates as the package gen_templates (templates/ in the repository).
    (copy / "gen_templates").symlink_to(copy / "templates", target_is_directory=True)
    return copy


def test_a_broken_template_leaves_generated_exactly_as_it_was(tmp_path: Path) -> None:
    project = _project_copy(tmp_path)
    out = project / "generated"
    assert run_gen("--out", out, cwd=project, env={"PYTHONPATH": str(project)}).returncode == 0
    before = tree(out)
    client = project / "templates" / "client.py.j2"
    client.write_text(
        client.read_text().replace("def {{ op.python_name }}(", "def {{ op.python_name }}(:", 1)
    )
    result = run_gen("--out", out, cwd=project, env={"PYTHONPATH": str(project)})
    assert result.returncode == 2
    assert "client.py" in result.stderr and "Nothing written" in result.stderr
    assert tree(out) == before
    assert not [p for p in project.iterdir() if p.name.startswith(".generated.")]


def test_a_template_using_an_undefined_name_fails_clearly(tmp_path: Path) -> None:
    project = _project_copy(tmp_path)
    errors = project / "templates" / "errors.py.j2"
    text = errors.read_text()
    line = text[: text.index("{{ e.member }}")].count("\n") + 1
    errors.write_text(text.replace("{{ e.member }}", "{{ e.membr }}", 1))
    result = run_gen("--out", project / "generated", cwd=project, env={"PYTHONPATH": str(project)})
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert (
        f"templates/errors.py.j2:{line}:1: UndefinedError:" in result.stderr
        and "'membr'" in result.stderr
    )
    assert not (project / "generated").exists()


def test_a_broken_spec_exits_2_and_writes_nothing(tmp_path: Path) -> None:
    spec = tmp_path / "spec"
    shutil.copytree(SPEC, spec)
    create = spec / "sae" / "2019-05-06" / "CreateJob.yaml"
    create.write_text(create.read_text().replace("json: EnvList", "json: EnvLst"))
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    result = run_gen("--spec", spec, "--out", out)
    assert result.returncode == 2
    assert "CreateJob.yaml:" in result.stderr and "unknown type 'EnvLst'" in result.stderr
    assert tree(out) == {"keep.txt": b"mine"}


def test_inspect_json_is_stable_and_complete() -> None:
    first, second = run_gen("inspect", "--json"), run_gen("inspect", "--json")
    assert first.returncode == 0 and first.stdout == second.stdout
    model = yaml.safe_load(first.stdout)
    assert model["schema_version"] == 1
    create = model["services"][0]["operations"][0]
    assert create["name"] == "CreateJob" and len(create["parameters"]) == 53
    secret = next(p for p in create["parameters"] if p["wire_name"] == "OssAkSecret")
    assert secret["sensitive"] and secret["location"] == "body"
    # Each keyword argument's Python type, as the generated package prints it.
    typed = {p["wire_name"]: p["annotation"] for p in create["parameters"]}
    assert typed["OssAkSecret"] == "str" and typed["NasId"] == "str | ClearType"
    assert typed["ConcurrencyPolicy"] == "Literal['Forbid', 'Allow', 'Replace']"
    assert any(r["id"] == "instance-specification" for r in create["rules"])
    service = model["services"][0]
    assert (service["async_client_class"], service["root_error"]) == (
        "AsyncSaeJobsClient",
        "SaeJobsError",
    )
    codes = {e["code"]: e["exception"] for e in service["errors"]}
    assert (
        codes["Throttling.User"] == "ThrottlingError"
        and codes["InvalidApplication.NotFound"] == "NotFoundError"
    )
    assert (
        codes["ServiceUnavailable"] == "ServerError"
        and codes["InvalidParameter.NotEmpty"] == "BadRequestError"
    )


def test_pre_commit_hooks_name_real_commands() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    for hook in hooks:
        args = hook["entry"].split()[1:]
        assert run_gen(*args, "--help").returncode == 0
