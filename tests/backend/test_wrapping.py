"""The view's wrapping is textwrap.fill with long words kept whole and no breaks at hyphens,
on any text: words, runs of spaces, tabs, newlines, other Unicode spaces, long words, indents
wider than the line."""

from __future__ import annotations

import textwrap

from hypothesis import example, given, settings
from hypothesis import strategies as st

from generator.backend.wrapping import fill

_WORDS = st.one_of(
    st.text(st.characters(blacklist_categories=("Zs", "Cc")), min_size=1, max_size=12),
    st.sampled_from(["x" * 130, "\xa0", "a\u3000b", "\u2028", "-", "e.g.", "`a_b`"]),
)
_GAPS = st.sampled_from([" ", " ", " ", "  ", "\t", "\n", " \n ", "\r\n", ""])


@st.composite
def _texts(draw: st.DrawFn) -> str:
    words = draw(st.lists(_WORDS, max_size=40))
    gaps = draw(st.lists(_GAPS, min_size=len(words) + 1, max_size=len(words) + 1))
    return "".join(gap + word for gap, word in zip(gaps, [*words, ""], strict=True))


@settings(max_examples=600, deadline=None)
@given(
    _texts(),
    st.integers(min_value=1, max_value=100),
    st.sampled_from(["", "  ", "    ", "x" * 12]),
    st.sampled_from(["", "  ", "        "]),
)
@example("0 0 0 0 0", 1, "    ", "")  # an indent wider than the line
@example("a  b\u3000c \xa0 d", 3, "", "  ")
def test_fill_is_textwraps_fill(text: str, width: int, first: str, later: str) -> None:
    assert fill(text, width, first, later) == _textwrap(text, width, first, later)


def test_the_view_s_own_text_wraps_as_textwrap_wraps_it() -> None:
    """Every description of the project's spec, at the widths the view uses."""
    import yaml

    from tests.helpers import SPEC

    texts = [
        value
        for path in sorted(SPEC.rglob("*.yaml"))
        for value in _strings(yaml.safe_load(path.read_text("utf-8")))
    ]
    assert len(texts) > 300
    for text in texts:
        for width, first, later in ((92, "", ""), (84, "    ", "        "), (92, "", "  ")):
            assert fill(text, width, first, later) == _textwrap(text, width, first, later)


def _textwrap(text: str, width: int, first: str, later: str) -> str:
    """What the view asked textwrap for, before backend.wrapping."""
    return textwrap.fill(
        text,
        width,
        initial_indent=first,
        subsequent_indent=later,
        break_long_words=False,
        break_on_hyphens=False,
    )


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for item in value.values() for s in _strings(item)]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    return []
