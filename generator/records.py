"""Typed records that cost little to define: `class Point(Record)` as `class Point(NamedTuple)`.

typing.NamedTuple checks every field's annotation when it makes a class, and under
``from __future__ import annotations`` that means compiling each annotation's text: about
0.2 ms a class, 8 of the 10 ms that importing generator.model took, paid again by each
process of every run. A Record class is made the way typing makes it (collections.namedtuple
with the same fields, defaults, docstring, methods and properties, and the annotations kept
as written) without that check.

Type checkers are told it is typing.NamedTuple itself (see the end of this module).
"""

from __future__ import annotations

from collections import namedtuple
from typing import TYPE_CHECKING, Any

__all__ = ["Record"]

# What the class statement puts in every namespace, and what a namedtuple makes itself.
_OWN = frozenset(
    {"__module__", "__qualname__", "__annotations__", "__classcell__", "__orig_bases__"}
)
_RESERVED = frozenset(
    {"__new__", "__init__", "__slots__", "__getnewargs__", "_fields", "_field_defaults",
     "_make", "_replace", "_asdict", "_source"}
)  # fmt: skip


class _RecordMeta(type):
    def __new__(mcls, name: str, bases: tuple[type, ...], namespace: dict[str, Any]) -> Any:
        if not bases:  # Record itself
            return super().__new__(mcls, name, bases, namespace)
        if bases != (Record,):
            raise TypeError(f"{name}: a Record class derives from Record alone")
        fields = list(namespace.get("__annotations__", {}))
        defaults = [namespace[field] for field in fields if field in namespace]
        if any(field in namespace for field in fields[: len(fields) - len(defaults)]):
            raise TypeError(f"{name}: a field without a default follows one with a default")
        cls = namedtuple(name, fields, defaults=defaults, module=namespace["__module__"])  # type: ignore[misc]
        cls.__qualname__ = namespace["__qualname__"]
        cls.__annotations__ = dict(namespace.get("__annotations__", {}))
        for key, value in namespace.items():
            if key in _RESERVED:
                raise AttributeError(f"{name}: a Record class cannot define {key}")
            if key not in _OWN and key not in fields:
                setattr(cls, key, value)
        return cls


if TYPE_CHECKING:
    from typing import NamedTuple as Record
else:

    class Record(metaclass=_RecordMeta):
        """Derive a record class from this; see the module's docstring."""
