"""The static runtime modules that are copied into every generated package.

The generator uses the same validation engine that the generated package ships, so that
`gen lint` judges documented examples exactly as the generated validator will.
"""

from __future__ import annotations

import importlib.util
import sys
from functools import cache
from pathlib import Path
from types import ModuleType

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
RUNTIME = TEMPLATES / "runtime"


@cache
def validation_engine() -> ModuleType:
    name = "_gen_validation_engine"
    spec = importlib.util.spec_from_file_location(name, RUNTIME / "_validation.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while being created
    spec.loader.exec_module(module)
    return module
