"""Python names derived from wire names."""

from __future__ import annotations

import keyword
import re

_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_NOT_IDENT = re.compile(r"[^0-9A-Za-z]+")

# The builtins (without dunders) of every Python the output supports, 3.11 to 3.13, written
# out: dir(builtins) of the running interpreter would make lint and the names gen picks
# depend on the Python that runs gen (3.13 added PythonFinalizationError, for one).
BUILTINS = frozenset("""
    ArithmeticError AssertionError AttributeError BaseException BaseExceptionGroup BlockingIOError
    BrokenPipeError BufferError BytesWarning ChildProcessError ConnectionAbortedError
    ConnectionError ConnectionRefusedError ConnectionResetError DeprecationWarning EOFError Ellipsis
    EncodingWarning EnvironmentError Exception ExceptionGroup False FileExistsError
    FileNotFoundError FloatingPointError FutureWarning GeneratorExit IOError ImportError
    ImportWarning IndentationError IndexError InterruptedError IsADirectoryError KeyError
    KeyboardInterrupt LookupError MemoryError ModuleNotFoundError NameError None NotADirectoryError
    NotImplemented NotImplementedError OSError OverflowError PendingDeprecationWarning
    PermissionError ProcessLookupError PythonFinalizationError RecursionError ReferenceError
    ResourceWarning RuntimeError RuntimeWarning StopAsyncIteration StopIteration SyntaxError
    SyntaxWarning SystemError SystemExit TabError TimeoutError True TypeError UnboundLocalError
    UnicodeDecodeError UnicodeEncodeError UnicodeError UnicodeTranslateError UnicodeWarning
    UserWarning ValueError Warning ZeroDivisionError _IncompleteInputError abs aiter all anext any
    ascii bin bool breakpoint bytearray bytes callable chr classmethod compile complex copyright
    credits delattr dict dir divmod enumerate eval exec exit filter float format frozenset getattr
    globals hasattr hash help hex id input int isinstance issubclass iter len license list locals
    map max memoryview min next object oct open ord pow print property quit range repr reversed
    round set setattr slice sorted staticmethod str sum super tuple type vars zip
""".split())
# Soft keywords of those Pythons (`type` became one in 3.12), for the same reason.
SOFT_KEYWORDS = frozenset({"_", "case", "match", "type"})
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
    if keyword.iskeyword(name) or name in SOFT_KEYWORDS or name in BUILTINS or name in RESERVED:
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
    if keyword.iskeyword(name):
        return "is a Python keyword"
    if name in BUILTINS:  # before soft keywords: `type` is both, and reads best as a builtin
        return "shadows a Python builtin"
    if name in SOFT_KEYWORDS:
        return "is a Python soft keyword"
    if name in RESERVED:
        return "is a name the generated client itself uses"
    return None


def version_from(api_version: str) -> str:
    """A package version (PEP 440) for an API version: a date reads as year.month.day."""
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", api_version)
    return ".".join(str(int(part)) for part in match.groups()) if match else "0.1.0"
