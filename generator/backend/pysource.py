"""Print engine objects (named tuples, tuples, literals) as Python source.

Fields left at their defaults are omitted so the generated tables read like hand-written
ones; objects registered under a constant name are referred to by that name.
"""

from __future__ import annotations

from typing import Any

from generator.model import is_record


def source(
    value: Any,
    names: dict[int, str] | None = None,
    *,
    top: bool = False,
    used: set[str] | None = None,
    memo: dict[int, str] | None = None,
) -> str:
    """Source text for value; the class names it calls are added to used (for imports).
    memo (id -> text, for one names and used) spares re-printing shared or nested values."""
    names = names or {}
    used = used if used is not None else set()
    if not top and id(value) in names:
        return names[id(value)]
    if memo is not None and not top and id(value) in memo:
        return memo[id(value)]
    text = _source(value, names, used, memo)
    if memo is not None and not top:
        memo[id(value)] = text
    return text


def _source(value: Any, names: dict[int, str], used: set[str], memo: dict[int, str] | None) -> str:
    if is_record(value):
        return _named_tuple(value, names, used, memo)
    if isinstance(value, tuple):
        items = ", ".join(source(v, names, used=used, memo=memo) for v in value)
        return f"({items},)" if len(value) == 1 else f"({items})"
    if isinstance(value, frozenset):
        if not value:
            return "frozenset()"
        return (
            "frozenset({"
            + ", ".join(sorted(source(v, names, used=used, memo=memo) for v in value))
            + "})"
        )
    if isinstance(value, list):
        return "[" + ", ".join(source(v, names, used=used, memo=memo) for v in value) + "]"
    if isinstance(value, dict):
        pairs = (
            f"{source(k, names, used=used, memo=memo)}: {source(v, names, used=used, memo=memo)}"
            for k, v in value.items()
        )
        return "{" + ", ".join(pairs) + "}"
    if isinstance(value, float) and value.is_integer():
        return repr(int(value))
    if isinstance(value, str):
        return string_literal(value)
    return repr(value)


def string_literal(text: str) -> str:
    """A string literal in black's style: double quotes, unless they would need more
    escapes than single quotes do."""
    single = repr(text)
    if single.startswith('"'):
        return single  # repr chose double quotes: text has a ' and no "
    body = single[1:-1]
    double_body = body.replace("\\'", "'").replace('"', '\\"')
    if double_body.count('\\"') > body.count("\\'"):
        return single
    return f'"{double_body}"'


def _named_tuple(
    obj: Any, names: dict[int, str], used: set[str], memo: dict[int, str] | None
) -> str:
    defaults = type(obj)._field_defaults
    args = []
    for name in type(obj)._fields:
        value = getattr(obj, name)
        if name in defaults and _same(value, defaults[name]):
            continue
        args.append(f"{name}={source(value, names, used=used, memo=memo)}")
    used.add(type(obj).__name__)
    return f"{type(obj).__name__}({', '.join(args)})"


def _same(value: Any, default: Any) -> bool:
    # Tuples of different record types can compare equal; a default is only ever a plain value.
    return type(value) is type(default) and value == default


INDENT = 4


def layout(
    value: Any,
    names: dict[int, str],
    used: set[str],
    *,
    head: str = "",
    tail: str = "",
    indent: int = 0,
    width: int = 100,
    memo: dict[int, str] | None = None,
) -> list[str]:
    """Lines of source for value, laid out as black lays out code with magic trailing
    commas: one line when it fits, else one element per line, each with a trailing comma.
    Black leaves such text as it is, so it need not run over these (large) data files."""
    memo = {} if memo is None else memo  # each value is printed flat once, however deep it sits
    flat = source(value, names, used=used, memo=memo)
    line = f"{' ' * indent}{head}{flat}{tail}"
    parts = None if len(line) <= width or id(value) in names else _parts(value, names, used, memo)
    if parts is None:
        return [line]
    opener, items, closer = parts
    out = [f"{' ' * indent}{head}{opener}"]
    for label, item in items:
        out += layout(
            item, names, used, head=label, tail=",", indent=indent + INDENT, width=width, memo=memo
        )
    out.append(f"{' ' * indent}{closer}{tail}")
    return out


def _parts(
    value: Any, names: dict[int, str], used: set[str], memo: dict[int, str]
) -> tuple[str, list[tuple[str, Any]], str] | None:
    if is_record(value):
        record: Any = type(value)  # a NamedTuple class; typing sees only tuple
        defaults: dict[str, Any] = record._field_defaults
        names_: tuple[str, ...] = record._fields
        fields = [
            (f"{n}=", getattr(value, n))
            for n in names_
            if not (n in defaults and _same(getattr(value, n), defaults[n]))
        ]
        used.add(type(value).__name__)
        return f"{type(value).__name__}(", fields, ")"
    if isinstance(value, tuple) and value:
        return "(", [("", v) for v in value], ")"
    if isinstance(value, list) and value:
        return "[", [("", v) for v in value], "]"
    if isinstance(value, dict) and value:
        return (
            "{",
            [(f"{source(k, names, used=used, memo=memo)}: ", v) for k, v in value.items()],
            "}",
        )
    return None
