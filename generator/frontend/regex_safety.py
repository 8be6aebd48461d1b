"""Refuse spec patterns that can take exponential time (catastrophic backtracking).

A static check on the parsed pattern: a repetition whose body can itself repeat without
bound, or whose alternatives can start with the same character, can split one input in
exponentially many ways. Such a pattern would hang `gen lint` on a long documented example
and the generated validator on a hostile value, so lint names it instead.
"""

from __future__ import annotations

import importlib
import re
from typing import Any

sre: Any = importlib.import_module(
    "re._parser"
)  # re's own parser; sre_parse is its deprecated alias

_REPEATS = {"MAX_REPEAT", "MIN_REPEAT"}
_WIDE = None  # a first-character set too large to list: overlaps with anything
# The ASCII members stand for each class: enough to tell \d from "." or "-".
_CATEGORIES = {
    "CATEGORY_DIGIT": {ord(c) for c in "0123456789"},
    "CATEGORY_WORD": {
        ord(c) for c in "0123456789_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
    },
    "CATEGORY_SPACE": {ord(c) for c in " \t\n\r\f\v"},
}


def regex_problem(pattern: str) -> str | None:
    """Why pattern is unfit for a spec, or None."""
    try:
        parsed = sre.parse(pattern)
    except re.error as exc:
        return f"invalid regular expression: {exc}"
    found = _walk(list(parsed), inside_repeat=False)
    return f"{found}: it can take exponential time on a long non-matching value" if found else None


def _walk(items: list[tuple[Any, Any]], inside_repeat: bool) -> str | None:
    for op, arg in items:
        name = str(op)
        if name in _REPEATS:
            low, high, body = arg
            if high > 1:
                if _ambiguous_iterations(list(body)):
                    return "a repetition inside a repetition that can split the same text many ways"
                if _has_overlapping_branch(list(body)):
                    return "repeated alternatives that can match the same text"
            found = _walk(list(body), inside_repeat or high > 1)
            if found:
                return found
        elif name == "SUBPATTERN":
            found = _walk(list(arg[-1]), inside_repeat)
            if found:
                return found
        elif name == "BRANCH":
            for alternative in arg[1]:
                found = _walk(list(alternative), inside_repeat)
                if found:
                    return found
        elif name in ("ASSERT", "ASSERT_NOT"):
            found = _walk(list(arg[1]), inside_repeat)
            if found:
                return found
    return None


def _flat(items: list[tuple[Any, Any]]) -> list[tuple[Any, Any]]:
    out: list[tuple[Any, Any]] = []
    for op, arg in items:
        if str(op) == "SUBPATTERN":
            out.extend(_flat(list(arg[-1])))
        else:
            out.append((op, arg))
    return out


def _unbounded_inside(items: list[tuple[Any, Any]]) -> bool:
    return any(
        (str(op) in _REPEATS and arg[1] > 1)
        or (str(op) == "BRANCH" and any(_unbounded_inside(_flat(list(a))) for a in arg[1]))
        or (str(op) in _REPEATS and _unbounded_inside(_flat(list(arg[2]))))
        for op, arg in items
    )


def _ambiguous_iterations(body: list[tuple[Any, Any]]) -> bool:
    """Whether an unbounded repetition in body can hand characters to what follows it (the
    rest of body, then body again): then the iterations can split a text in many ways."""
    items = _flat(body)
    for k, (op, arg) in enumerate(items):
        name = str(op)
        if name == "BRANCH" and any(_unbounded_inside(_flat(list(a))) for a in arg[1]):
            return True  # not analysed further: refused to be safe
        if name in _REPEATS and _unbounded_inside(_flat(list(arg[2]))):
            return True
        if name in _REPEATS and arg[1] > 1:
            mine = _first(list(arg[2]))
            follow = _first_of(items[k + 1 :] + items)
            if mine is _WIDE or follow is _WIDE or mine & follow:
                return True
    return False


def _first_of(items: list[tuple[Any, Any]]) -> set[int] | None:
    """The characters a sequence can start with, looking past items that can be empty."""
    chars: set[int] = set()
    for op, arg in items:
        first = _first([(op, arg)])
        if first is _WIDE:
            return _WIDE
        chars |= first
        if not (str(op) in _REPEATS and arg[0] == 0):
            return chars
    return _WIDE


def _has_overlapping_branch(items: list[tuple[Any, Any]]) -> bool:
    for op, arg in items:
        name = str(op)
        if name == "SUBPATTERN":
            return _has_overlapping_branch(list(arg[-1]))
        if name == "BRANCH":
            seen: set[int] = set()
            for alternative in arg[1]:
                first = _first(list(alternative))
                if first is _WIDE or seen & first:
                    return True
                seen |= first
            return False
        return False
    return False


def _first(items: list[tuple[Any, Any]]) -> set[int] | None:
    """The characters an alternative can start with; _WIDE when many or when it can be empty."""
    if not items:
        return _WIDE
    op, arg = items[0]
    name = str(op)
    if name == "LITERAL":
        return {arg}
    if name == "SUBPATTERN":
        return _first(list(arg[-1]))
    if name == "IN":
        chars: set[int] = set()
        for kind, value in arg:
            if str(kind) == "LITERAL":
                chars.add(value)
            elif str(kind) == "RANGE" and value[1] - value[0] < 256:
                chars.update(range(value[0], value[1] + 1))
            elif str(kind) == "CATEGORY" and str(value) in _CATEGORIES:
                chars.update(_CATEGORIES[str(value)])
            else:
                return _WIDE
        return chars
    if name in _REPEATS and arg[0] > 0:
        return _first(list(arg[2]))
    return _WIDE
