"""Python names derived from wire names."""

from __future__ import annotations

import builtins
import keyword
import re

_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_NOT_IDENT = re.compile(r"[^0-9A-Za-z]+")

BUILTINS = frozenset(dir(builtins))
# Names the generated client's methods take besides the operation's own parameters.
RESERVED = frozenset({"self", "options", "params", "cls"})


def snake_case(name: str) -> str:
    """AppName -> app_name, VSwitchId -> v_switch_id, OssAkSecret -> oss_ak_secret."""
    words = _NOT_IDENT.sub("_", _BOUNDARY.sub("_", name)).strip("_").lower()
    return re.sub(r"_+", "_", words) or "_"


def safe_identifier(name: str) -> str:
    """A trailing underscore keeps keywords, builtins and reserved names usable."""
    if name[0].isdigit():
        name = "_" + name
    if keyword.iskeyword(name) or keyword.issoftkeyword(name) or name in BUILTINS or name in RESERVED:
        return name + "_"
    return name


def python_name(wire_name: str) -> str:
    return safe_identifier(snake_case(wire_name))


def constant_name(text: str) -> str:
    """InvalidParameter.NotEmpty -> INVALID_PARAMETER_NOT_EMPTY; vswitch.not.exist -> VSWITCH_NOT_EXIST."""
    name = snake_case(text).upper()
    return "_" + name if name[0].isdigit() else name


def pascal_case(text: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in _NOT_IDENT.split(text) if part)


def name_problem(name: str) -> str | None:
    """Why an explicitly chosen Python name cannot be used, or None."""
    if not name.isidentifier():
        return "is not a Python identifier"
    if keyword.iskeyword(name) or keyword.issoftkeyword(name):
        return "is a Python keyword"
    if name in BUILTINS:
        return "shadows a Python builtin"
    if name in RESERVED:
        return "is a name the generated client itself uses"
    return None


def version_from(api_version: str) -> str:
    """A package version (PEP 440) for an API version: a date reads as year.month.day."""
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", api_version)
    return ".".join(str(int(part)) for part in match.groups()) if match else "0.1.0"
