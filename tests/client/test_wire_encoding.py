"""The runtime's own percent-encoding and JSON serialising print what the standard library's
slower reference functions print: urllib.parse.quote (RFC 3986, UTF-8) and json.dumps with the
wire's options. The wire tests check whole requests against the official SDK; these check the
two encoders on inputs no payload spells out (every code point, any JSON tree)."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sae_jobs._runtime._signing import encode_pairs, percent_encode
from sae_jobs._runtime._transport import serialize
from sae_jobs._service import SERVICE

# Every code point UTF-8 can encode, separators and escape characters included.
TEXT = st.text(alphabet=st.characters(codec="utf-8"))
PAIRS = st.lists(st.tuples(TEXT, TEXT), max_size=6)
JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()  # NaN and infinities too: json.dumps writes them, and so must we
    | TEXT,
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(TEXT | st.integers() | st.booleans(), children, max_size=4),
    max_leaves=12,
)


def _quoted(text: str) -> str:
    return quote(text, safe="~", encoding="utf-8")


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_percent_encode_is_rfc3986_utf8(text: str) -> None:
    assert percent_encode(text) == _quoted(text)


@settings(max_examples=300, deadline=None)
@given(PAIRS)
def test_encode_pairs_sorts_and_encodes_every_name_and_value(pairs: list[tuple[str, str]]) -> None:
    expected = "&".join(f"{_quoted(k)}={_quoted(v)}" for k, v in sorted(pairs))
    assert encode_pairs(pairs) == expected


def test_every_byte_value_is_encoded_as_quote_does() -> None:
    every = "".join(chr(c) for c in range(0x800))  # all one- and two-byte UTF-8 sequences
    assert percent_encode(every) == _quoted(every)
    pairs = [("=&", "&="), (every, every)]
    assert encode_pairs(pairs[::-1]) == "&".join(
        f"{_quoted(k)}={_quoted(v)}" for k, v in sorted(pairs)
    )


@pytest.mark.parametrize("text", ["\ud800", "a\udcfe", "\udcff="])
def test_a_lone_surrogate_is_refused_as_before(text: str) -> None:
    with pytest.raises(UnicodeEncodeError):
        percent_encode(text)
    with pytest.raises(UnicodeEncodeError):
        encode_pairs([("Name", text)])


@settings(max_examples=300, deadline=None)
@given(JSON.filter(lambda v: isinstance(v, (list, dict))))
def test_structures_are_sent_as_compact_utf8_json(value: Any) -> None:
    assert serialize(SERVICE, value) == json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def test_what_json_cannot_encode_fails_as_json_dumps_does() -> None:
    circular: list[Any] = []
    circular.append(circular)
    with pytest.raises(ValueError, match="Circular reference"):
        serialize(SERVICE, circular)
    with pytest.raises(TypeError, match="not JSON serializable"):
        serialize(SERVICE, [{1, 2}])
    assert serialize(SERVICE, [1, "ok"]) == '[1,"ok"]'  # and the next value is unharmed
