"""The tree shows the pipeline: generator/ is a few stage packages over a small foundation, and
no module imports from a later stage (ARCHITECTURE.md, "Rules the structure keeps")."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.helpers import ROOT

GENERATOR = ROOT / "generator"

# Earlier stages first; a module may import its own stage and earlier ones only.
STAGES = ("foundation", "frontend", "exports", "backend", "docs", "diff", "cli")
FOUNDATION = {
    "problems",
    "parallel",
    "versions",
    "progress",
    "config",
    "runtime",
    "model",
    "records",
    "hashing",
}


def _stage(module: str) -> str:
    parts = module.split(".")
    assert parts[0] == "generator", module
    if len(parts) == 1 or parts[1] in FOUNDATION:
        return "foundation"
    assert parts[1] in STAGES, f"generator.{parts[1]} belongs to no stage"
    return parts[1]


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text("utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"{path}:{node.lineno}: relative import"
            names = [node.module or ""]
            if node.module == "generator":  # `from generator import x` may name a module
                names = [f"generator.{a.name}" for a in node.names if a.name[0].islower()]
            found.extend((node.lineno, n) for n in names if n.startswith("generator"))
        elif isinstance(node, ast.Import):
            found.extend(
                (node.lineno, a.name) for a in node.names if a.name.startswith("generator")
            )
    return found


def _modules() -> list[Path]:
    return sorted(p for p in GENERATOR.rglob("*.py") if "__pycache__" not in p.parts)


def test_no_module_imports_from_a_later_stage() -> None:
    wrong = []
    for path in _modules():
        here = _stage(_module_name(path))
        for line, imported in _imports(path):
            there = _stage(imported if imported != "generator.__version__" else "generator")
            if STAGES.index(there) > STAGES.index(here):
                wrong.append(
                    f"{path.relative_to(ROOT)}:{line}: {here} imports {imported} ({there})"
                )
    assert not wrong, "\n".join(wrong)


def test_the_top_level_is_the_foundation_and_the_stages() -> None:
    top = {p.stem for p in GENERATOR.glob("*.py")} - {"__init__"}
    folders = {p.name for p in GENERATOR.iterdir() if p.is_dir() and p.name != "__pycache__"}
    assert top == FOUNDATION
    assert folders == set(STAGES[1:]) | {"spec_format"}


def test_the_layering_check_sees_a_backward_import(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text("from generator.backend.view import x\nimport generator.cli.main\n")
    assert [n for _, n in _imports(module)] == ["generator.backend.view", "generator.cli.main"]
    assert STAGES.index(_stage("generator.backend.view")) > STAGES.index(
        _stage("generator.frontend.x")
    )
