"""Typed records that cost little to define: `class Point(Record)` as `class Point(NamedTuple)`.

typing.NamedTuple checks every field's annotation when it makes a class, and under
``from __future__ import annotations`` that means compiling each annotation's text: about
0.2 ms a class, which importing this package would pay for each of its two dozen records.
A Record class is made the way typing makes it (collections.namedtuple with the same fields,
defaults, docstring, methods and properties, the annotations kept as written, and Generic as
a further base) without that check.

Type checkers are told it is typing.NamedTuple itself (see the end of this module).
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Generic

__all__ = ["Record"]

# Called by another name, type checkers take it for the function it is (not the class form).
_make_tuple: Callable[..., Any] = namedtuple

# What the class statement puts in every namespace, and what a namedtuple makes itself.
_OWN = frozenset({"__module__", "__qualname__", "__annotations__", "__classcell__"})
_RESERVED = frozenset(
    {"__new__", "__init__", "__slots__", "__getnewargs__", "_fields", "_field_defaults",
     "_make", "_replace", "_asdict", "_source"}
)  # fmt: skip


class _RecordMeta(type):
    def __new__(mcls, name: str, bases: tuple[type, ...], namespace: dict[str, Any]) -> Any:
        if not bases:  # Record itself
            return super().__new__(mcls, name, bases, namespace)
        generic = Generic in bases
        if bases[0] is not Record or len(bases) > 1 + generic:
            raise TypeError(f"{name}: a Record class derives from Record (and Generic) alone")
        annotations = dict(namespace.get("__annotations__", {}))
        fields = list(annotations)
        defaults = [namespace[field] for field in fields if field in namespace]
        if any(field in namespace for field in fields[: len(fields) - len(defaults)]):
            raise TypeError(f"{name}: a field without a default follows one with a default")
        cls = _make_tuple(name, fields, defaults=defaults, module=namespace["__module__"])
        cls.__qualname__ = namespace["__qualname__"]
        cls.__annotations__ = annotations
        if generic:  # as typing does: Generic's subscription, and its parameters
            cls.__bases__ = (tuple, Generic)
            cls.__class_getitem__ = vars(Generic)["__class_getitem__"]
        for key, value in namespace.items():
            if key in _RESERVED:
                raise AttributeError(f"{name}: a Record class cannot define {key}")
            if key not in _OWN and key not in fields:
                setattr(cls, key, value)
        if generic:
            cls.__init_subclass__()
        return cls


if TYPE_CHECKING:
    from typing import NamedTuple as Record
else:

    class Record(metaclass=_RecordMeta):
        """Derive a record class from this; see the module's docstring."""
