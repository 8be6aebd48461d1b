"""The static runtime modules that are copied into every generated package.

The generator uses the same validation engine that the generated package ships, so that
`gen lint` judges documented examples exactly as the generated validator will.
"""

from __future__ import annotations

import importlib
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
