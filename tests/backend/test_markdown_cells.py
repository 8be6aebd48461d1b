"""The README's Markdown escaping (reference.md) on any text: every line break folded into
one space, the ends trimmed, &, < and > as entities, each of \\ ` * _ [ ] | ~ behind a
backslash, and a backslash before what would start a block (#, >, +, =, -, "1." or "1)").
The oracle is that rule written as plain regular-expression passes."""

from __future__ import annotations

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from generator.backend.reference import md

_BREAKS = re.compile("[\r\n\v\f\x85\u2028\u2029]+")
_PUNCTUATION = re.compile(r"([\\`*_\[\]|~])")
_BLOCK_START = re.compile(r"^([#>+=-]|[0-9]+[.)])")


def _rule(text: str) -> str:
    one_line = _BREAKS.sub(" ", text).strip()
    entities = one_line.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _BLOCK_START.sub(r"\\\1", _PUNCTUATION.sub(r"\\\1", entities))


_CHARACTERS = st.sampled_from(list("ab 1.)#>+=-&<>\\`*_[]|~\t\x00é\r\n\v\f\x85\u2028\u2029"))


@settings(max_examples=1500, deadline=None)
@given(st.text(_CHARACTERS) | st.text())
@example("12) steps")
@example("\u2028 - item")
@example("a\r\n\r\nb | c")
def test_md_escapes_as_the_rule_says(text: str) -> None:
    assert md(text) == _rule(text)
