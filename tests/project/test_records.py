"""Record (the runtime's, which generator.records passes on) makes the classes
typing.NamedTuple makes, field for field, generic ones too, and refuses what typing refuses;
hashing gives the digests hashlib gives."""

from __future__ import annotations

import hashlib
import pickle
from typing import Generic, NamedTuple, TypeVar

import pytest

from generator.hashing import blake2b, sha256, text_hash
from generator.records import Record


class Made(Record):
    """A record with a docstring, defaults, a property and a method."""

    name: str
    sizes: tuple[int, ...] = ()
    note: str | None = None

    @property
    def size(self) -> int:
        return sum(self.sizes)

    def named(self, name: str) -> Made:
        return self._replace(name=name)


class Typed(NamedTuple):
    """A record with a docstring, defaults, a property and a method."""

    name: str
    sizes: tuple[int, ...] = ()
    note: str | None = None


def test_a_record_is_the_namedtuple_typing_makes() -> None:
    made, typed = Made("a", (1, 2)), Typed("a", (1, 2))
    assert made == typed == ("a", (1, 2), None) and hash(made) == hash(typed)
    assert repr(made) == repr(typed).replace("Typed", "Made")
    assert Made._fields == Typed._fields and Made._field_defaults == Typed._field_defaults
    assert Made.__doc__ == Typed.__doc__ and Made.__module__ == Typed.__module__ == __name__
    assert list(Made.__annotations__) == list(Typed.__annotations__)
    assert made.size == 3 and made.named("b") == Made("b", (1, 2))
    assert Made(name="x", note="n")._asdict() == {"name": "x", "sizes": (), "note": "n"}
    assert (
        pickle.loads(pickle.dumps(made)) == made and type(pickle.loads(pickle.dumps(made))) is Made
    )
    with pytest.raises(TypeError):
        Made()  # type: ignore[call-arg]


T = TypeVar("T")


class Boxed(Record, Generic[T]):
    value: T
    label: str = ""


class TypedBox(NamedTuple, Generic[T]):
    value: T
    label: str = ""


def test_a_generic_record_is_the_generic_namedtuple_typing_makes() -> None:
    assert Boxed.__mro__[1:] == TypedBox.__mro__[1:]
    assert Boxed.__parameters__ == TypedBox.__parameters__ == (T,)
    assert repr(Boxed[int]).endswith("Boxed[int]") and Boxed[int](1) == TypedBox[int](1)
    assert pickle.loads(pickle.dumps(Boxed(2, "b"))) == Boxed(2, "b")


def test_a_record_refuses_what_typing_refuses() -> None:
    with pytest.raises(TypeError, match="without a default follows"):

        class Wrong(Record):
            first: int = 0
            second: int

    with pytest.raises(TypeError, match="derives from Record"):

        class Mixed(Record, dict):  # type: ignore[misc]
            value: int

    with pytest.raises(AttributeError, match="_replace"):

        class Clash(Record):
            value: int

            def _replace(self) -> None: ...


def test_the_hashes_are_hashlibs() -> None:
    data = b"spec: text\n" * 1000
    assert sha256(data).hexdigest() == hashlib.sha256(data).hexdigest()
    streamed = blake2b(b"a")
    streamed.update(b"b")
    assert streamed.hexdigest() == hashlib.blake2b(b"ab", digest_size=32).hexdigest()
    text = "é" * (1 << 20) + "x"  # a character cut by no chunk boundary, over two chunks
    expected = hashlib.blake2b(text.encode("utf-8"), digest_size=32).hexdigest()
    assert text_hash(text).hexdigest() == expected
