"""The static runtime modules that are copied into every generated package.

The generator uses the same validation engine that the generated package ships, so that
`gen lint` judges documented examples exactly as the generated validator will.
"""

from __future__ import annotations

import ast
import importlib
import re
import sys
from functools import cache
from pathlib import Path
from types import ModuleType

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
RUNTIME = TEMPLATES / "runtime"


PACKAGE = "_gen_runtime"


@cache
def runtime_module(name: str) -> ModuleType:
    """Import one static runtime module from templates/runtime as part of a private package,
    so that their relative imports resolve to each other as they will in the output."""
    if PACKAGE not in sys.modules:
        package = ModuleType(PACKAGE)
        package.__path__ = [str(RUNTIME)]
        sys.modules[PACKAGE] = package
    return importlib.import_module(f"{PACKAGE}.{name}")


def validation_engine() -> ModuleType:
    return runtime_module("_validation")


@cache
def client_members() -> frozenset[str]:
    """Every name the generated clients have besides the operations: the members of the
    runtime classes the client template builds on (and their bases), and the methods the
    template itself defines. An operation method of the same name would replace one of them."""
    template = (TEMPLATES / "client.py.j2").read_text("utf-8")
    found: set[str] = set(dir(object)) | set(re.findall(r"def ([A-Za-z_][A-Za-z0-9_]*)\(", template))
    imported = re.search(r"from \._client_base import ([A-Za-z0-9_, ]+)", template)
    wanted = set(imported.group(1).replace(" ", "").split(",")) if imported else set()
    classes = {
        node.name: node
        for node in ast.parse((RUNTIME / "_client_base.py").read_text("utf-8")).body
        if isinstance(node, ast.ClassDef)
    }
    while wanted:
        cls = classes.get(wanted.pop())
        if cls is None:
            continue
        wanted.update(base.id for base in cls.bases if isinstance(base, ast.Name))
        for stmt in cls.body:
            if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
                found.add(stmt.name)
                found.update(  # self.x = ... in its methods
                    node.attr
                    for node in ast.walk(stmt)
                    if isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store)
                    and isinstance(node.value, ast.Name) and node.value.id == "self"
                )
            elif isinstance(stmt, (ast.Assign, ast.AnnAssign)):  # class attributes
                targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
                found.update(t.id for t in targets if isinstance(t, ast.Name))
    return frozenset(found)
