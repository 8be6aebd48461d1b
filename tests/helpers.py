"""Shared test helpers: paths and running gen as a real subprocess."""

from __future__ import annotations

import atexit
import functools
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "spec"
GENERATED = ROOT / "generated"
FIXTURES = ROOT / "tests" / "fixtures"
DOCS = SPEC / "sae" / "2019-05-06" / "pages"
R = TypeVar("R", bound=NamedTuple)


def run_gen(
    *args: str | Path, env: dict[str, str] | None = None, cwd: Path = ROOT
) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "generator.cli.main", *map(str, args)],
        cwd=cwd,
        env=full_env,
        capture_output=True,
        text=True,
        check=False,
    )


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


def fixture_names() -> list[str]:
    return sorted(p.name for p in FIXTURES.iterdir() if (p / "spec").is_dir())


RUNTIME = "_runtime"


def runtime_copy() -> dict[str, bytes]:
    """The runtime as gen copies it into every package, taken from the committed generated/."""
    (folder,) = sorted(GENERATED.glob(f"*/{RUNTIME}"))
    return tree(folder)


def golden_tree(name: str) -> dict[str, bytes]:
    """What gen writes for a fixture: its committed golden files plus, in each package, the
    runtime. The runtime is the same verbatim copy in every package, so it is committed once
    (in generated/) and not again under each fixture's expected/."""
    files = tree(FIXTURES / name / "expected")
    packages = sorted({rel.split("/")[0] for rel in files if rel.endswith("/__init__.py")})
    runtime = runtime_copy()
    for package in packages:
        files.update({f"{package}/{RUNTIME}/{rel}": data for rel, data in runtime.items()})
    return files


def write_tree(files: dict[str, bytes], folder: Path) -> Path:
    for rel, data in files.items():
        target = folder / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return folder


@functools.cache
def fixture_output(name: str) -> Path:
    """A fixture spec's golden output as gen writes it (runtime included), in a temporary
    folder of its own made once per process and removed when it ends."""
    folder = Path(tempfile.mkdtemp(prefix=f"gen-{name}-"))
    atexit.register(shutil.rmtree, folder, True)
    return write_tree(golden_tree(name), folder)


def spec_copy(tmp_path: Path, *, pages: bool = True) -> Path:
    """A copy of the project's spec/ to edit (with or without the saved pages)."""
    spec = tmp_path / "spec"
    shutil.copytree(SPEC, spec, ignore=None if pages else shutil.ignore_patterns("pages"))
    return spec


def edit(path: Path, old: str, new: str) -> None:
    """Replace the first occurrence of old, which must be there."""
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))


def mypy_snippet(
    source: str, tmp_path: Path, packages: Path = GENERATED, name: str = "snippet.py"
) -> subprocess.CompletedProcess[str]:
    """mypy --strict on a user's module (name) importing the generated packages under packages."""
    (tmp_path / name).write_text(textwrap.dedent(source), "utf-8")
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--cache-dir",
            str(tmp_path / "cache"),
            name,
        ],
        cwd=tmp_path,
        env={"MYPYPATH": str(packages), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
    )


def replace(record: R, **changes: Any) -> R:
    """A copy of one of the model's records (NamedTuples) with some fields changed."""
    return record._replace(**changes)
