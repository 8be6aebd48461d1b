"""Docstring text wrapped to a width: what textwrap.fill does with long words kept whole and
no breaks at hyphens (the view's settings), in a fraction of its time on ordinary text.

The view wraps every description of every operation, and textwrap spends most of its time
moving chunks between lists. Text whose only whitespace is single spaces between words (most
of it) is cut at the last space that fits, found by str.rfind; anything else goes the way
textwrap goes, chunk by chunk. tests/backend/test_wrapping.py holds both to textwrap.fill.
"""

from __future__ import annotations

import re

# textwrap's whitespace: each becomes one space (tabs are expanded first).
_SPACE = str.maketrans("\t\n\x0b\x0c\r", "     ")
_CHUNKS = re.compile("( +)")
_OTHER_SPACE = re.compile(r"[^\S ]")  # whitespace that textwrap keeps inside a word


def fill(text: str, width: int, initial_indent: str = "", subsequent_indent: str = "") -> str:
    """textwrap.fill(text, width, initial_indent=..., subsequent_indent=...,
    break_long_words=False, break_on_hyphens=False)."""
    text = text.expandtabs().translate(_SPACE)
    if (
        "  " in text
        or text.startswith(" ")
        or text.endswith(" ")
        or (not text.isascii() and _OTHER_SPACE.search(text))
    ):
        return _fill_chunks(text, width, initial_indent, subsequent_indent)
    lines: list[str] = []
    start, end = 0, len(text)
    while start < end:
        indent = subsequent_indent if lines else initial_indent
        room = width - len(indent)
        if end - start <= room:
            cut = end
        else:  # the last space that leaves the line within room; else the long word whole
            limit = start + room + 1  # (a negative end would count from the text's end)
            cut = text.rfind(" ", start, limit) if limit > start else -1
            if cut < 0:
                cut = text.find(" ", start)
                cut = end if cut < 0 else cut
        lines.append(indent + text[start:cut])
        start = cut + 1
    return "\n".join(lines)


def _fill_chunks(text: str, width: int, initial_indent: str, subsequent_indent: str) -> str:
    """textwrap's own way: words and runs of spaces as chunks, a line filled while they fit,
    whitespace dropped where a line starts (but the first) and where it ends."""
    chunks = [chunk for chunk in _CHUNKS.split(text) if chunk]
    chunks.reverse()
    lines: list[str] = []
    while chunks:
        indent = subsequent_indent if lines else initial_indent
        room = width - len(indent)
        if lines and not chunks[-1].strip():
            chunks.pop()
        line: list[str] = []
        used = 0
        while chunks and used + len(chunks[-1]) <= room:
            used += len(chunks[-1])
            line.append(chunks.pop())
        if chunks and not line and len(chunks[-1]) > room:
            line.append(chunks.pop())  # a word longer than the line is kept whole
        if line and not line[-1].strip():
            line.pop()
        if line:
            lines.append(indent + "".join(line))
    return "\n".join(lines)
