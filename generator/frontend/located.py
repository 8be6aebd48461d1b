"""Load YAML keeping the line and column of every value, and refusing duplicate keys.

PyYAML silently keeps the last of two equal keys and forgets where values came from;
specs need both, so we compose nodes ourselves and construct plain values from them.
"""

from __future__ import annotations

import math
import re
import sys
from contextlib import suppress
from functools import cached_property
from typing import Any

import yaml

from generator.problems import Problem
from generator.records import Record

# The C composer (libyaml) is several times faster; PyYAML built without it has only SafeLoader.
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

Path = tuple[str | int, ...]

MAX_DEPTH = 64
"""Collections nested deeper than this are refused before they are composed (PyYAML composes
recursively: deep nesting is a RecursionError, or a crash in libyaml's composer)."""
MAX_VALUES = 200_000
"""Values a document may expand to through aliases: a kilobyte of nested aliases can name
billions of them."""
_STANDARD = "tag:yaml.org,2002:"
_STR = _STANDARD + "str"
_PLAIN_TAGS = frozenset(
    _STANDARD + name for name in ("str", "int", "float", "bool", "null", "map", "seq")
)
# Text that no generated file can carry as it is: control characters other than tab and line
# feed (a carriage return included), lone surrogates, and the Unicode line separators.
_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
_TRAILING_SPACE = re.compile(r"[ \t]\n")


class _Positions(Record):
    marks: dict[Path, tuple[int, int]]
    key_marks: dict[Path, tuple[int, int]]
    spans: dict[Path, tuple[int, int]]


class Located:
    """A loaded document: plain data, and the 1-based position of every path in it.

    Positions are found only when asked for (a problem to report, a patch to place): the text
    is composed again then. Kept for every value of every file they would cost several times
    the data itself, for the whole of a run that reports nothing."""

    def __init__(self, file: str, data: Any, source: bytes) -> None:
        self.file = file
        self.data = data
        self.source = (
            source  # the text, UTF-8 encoded: half the size of a str with one wide character
        )

    @cached_property
    def _positions(self) -> _Positions:
        composer = _Composer(self.file, record=True)
        node = yaml.compose(self.source.decode("utf-8"), Loader=_Loader)
        if node is not None:  # the same text loaded, so it has a node
            composer.compose(node, ())
        return _Positions(composer.marks, composer.key_marks, composer.spans)

    @property
    def marks(self) -> dict[Path, tuple[int, int]]:
        """Line and column where the value at each path starts."""
        return self._positions.marks

    @property
    def key_marks(self) -> dict[Path, tuple[int, int]]:
        """Line and column of the key of each path that ends in a mapping key."""
        return self._positions.key_marks

    @property
    def spans(self) -> dict[Path, tuple[int, int]]:
        """Start and end offset in the text of the value at each path."""
        return self._positions.spans

    def position(self, path: Path) -> tuple[int, int]:
        # A missing key is reported where its nearest existing parent starts.
        marks = self.marks
        while path not in marks and path:
            path = path[:-1]
        return marks.get(path, (1, 1))

    def problem(self, path: Path, message: str) -> Problem:
        line, column = self.position(path)
        return Problem(self.file, line, column, dotted(path), message)

    def key_problem(self, path: Path, message: str) -> Problem:
        """A problem with a mapping key itself (unknown, misnamed), reported where the key is."""
        line, column = self.key_marks.get(path) or self.position(path)
        return Problem(self.file, line, column, dotted(path), message)


def dotted(path: Path) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


class _TooLarge(Exception):
    pass


class _Unusual(Exception):
    """An alias, a tag beyond the plain ones or deep nesting, met while building at once."""


def _at(mark: Any) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


class _Composer:
    """Plain values from composed nodes; with record, also the position of every path.
    Unless careful (the events read first: see load), anything unusual raises _Unusual."""

    def __init__(self, file: str, record: bool = False, careful: bool = True) -> None:
        self.file = file
        self.record = record
        self.careful = careful
        self._seen: set[int] = set()  # nodes built, when not careful: a second visit is an alias
        self.marks: dict[Path, tuple[int, int]] = {}
        self.key_marks: dict[Path, tuple[int, int]] = {}
        self.spans: dict[Path, tuple[int, int]] = {}
        self.problems: list[Problem] = []
        self._scalars = yaml.constructor.SafeConstructor()
        self._budget = MAX_VALUES
        self._top: dict[Path, tuple[int, int]] = {}  # where each top-level entry starts

    def report(self, mark: Any, path: Path, message: str) -> None:
        line, column = _at(mark)
        self.problems.append(Problem(self.file, line, column, dotted(path), message))

    def compose(self, node: yaml.Node, path: Path) -> Any:
        self._budget -= 1
        if self._budget < 0:
            top = path[:1]  # where it happens inside is arbitrary: name the top-level entry
            line, column = self._top.get(top, (1, 1))
            self.problems.append(
                Problem(
                    self.file,
                    line,
                    column,
                    dotted(top),
                    f"expands to more than {MAX_VALUES} values through aliases",
                )
            )
            raise _TooLarge
        if not self.careful:
            self._usual(node, len(path) + 1)
        if self.record:
            self.marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
            self.spans[path] = (node.start_mark.index, node.end_mark.index)
        elif len(path) == 1:
            self._top[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.compose(item, path + (i,)) for i, item in enumerate(node.value)]
        return self.scalar(node, path)

    def _usual(self, node: yaml.Node, depth: int) -> None:
        collection = isinstance(node, (yaml.MappingNode, yaml.SequenceNode))
        if (
            id(node) in self._seen
            or node.tag not in _PLAIN_TAGS
            or (collection and depth > MAX_DEPTH)
        ):
            raise _Unusual
        self._seen.add(id(node))

    def scalar(self, node: yaml.Node, path: Path) -> Any:
        try:
            # Most values are text: taken as SafeConstructor's construct_yaml_str takes them,
            # without its dispatch (a seventh of loading a spec).
            value = node.value if node.tag == _STR else self._scalars.construct_object(node)
        except (
            yaml.YAMLError,
            ValueError,
        ) as exc:  # e.g. "!!int x", or an int past Python's digit limit
            self.report(
                node.start_mark, path, f"invalid value: {getattr(exc, 'problem', None) or exc}"
            )
            return None
        if isinstance(value, str):
            self.check_text(node.start_mark, path, value)
        elif isinstance(value, float) and not math.isfinite(value):
            self.report(
                node.start_mark, path, f"{value} is not a number a generated file can state"
            )
        return value

    def check_text(self, mark: Any, path: Path, text: str) -> None:
        bad = _UNPRINTABLE.search(text)
        if bad:
            self.report(
                mark,
                path,
                f"contains the control character U+{ord(bad.group()):04X}; write it out in words",
            )
        if _TRAILING_SPACE.search(text) or (text.endswith((" ", "\t")) and "\n" in text):
            self.report(mark, path, "a line of this text ends in spaces")

    def _mapping(self, node: yaml.MappingNode, path: Path) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_lines: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not self.careful:
                self._usual(key_node, MAX_DEPTH + 1)  # a collection for a key is unusual too
            key = self.scalar(key_node, path) if isinstance(key_node, yaml.ScalarNode) else None
            if key is None and not isinstance(key_node, yaml.ScalarNode):
                self.report(key_node.start_mark, path, "a key must be plain text, not a collection")
                continue
            # Interned: the same few dozen keys recur in every file, one copy each will do.
            key = sys.intern(str(key) if not isinstance(key, str) else key)
            if key in result:
                line, col = key_node.start_mark.line + 1, key_node.start_mark.column + 1
                first = first_lines[key]
                self.problems.append(
                    Problem(
                        self.file,
                        line,
                        col,
                        dotted(path + (key,)),
                        f"duplicate key (first at line {first})",
                    )
                )
                continue
            if self.record:
                self.key_marks[path + (key,)] = (
                    key_node.start_mark.line + 1,
                    key_node.start_mark.column + 1,
                )
            first_lines[key] = value_node.start_mark.line + 1
            result[key] = self.compose(value_node, path + (key,))
        return result


def position(text: str, index: int) -> tuple[int, int]:
    """The 1-based line and column of a character index in text."""
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def _structure_problem(text: str, file: str) -> Problem | None:
    """What makes a document unsafe to compose: nesting too deep, an alias inside its own
    anchor, a tag we do not construct. Read as events, which libyaml produces iteratively."""
    try:
        return _event_problem(text, file, _Loader)
    except yaml.MarkedYAMLError as exc:
        if "nesting depth" not in str(exc.problem):
            raise
        # libyaml from PyYAML 6.0.4 stops at its own depth limit while reading ahead, before
        # the events reach ours; the pure-Python parser reads lazily and finds our spot.
        return _event_problem(text, file, yaml.SafeLoader)


def _event_problem(text: str, file: str, loader: Any) -> Problem | None:
    open_anchors: list[str | None] = []
    for event in yaml.parse(text, Loader=loader):
        line, column = _at(event.start_mark)
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            open_anchors.append(event.anchor)
            if len(open_anchors) > MAX_DEPTH:
                return Problem(file, line, column, "", f"nested more than {MAX_DEPTH} levels deep")
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            open_anchors.pop()
        elif isinstance(event, yaml.AliasEvent) and event.anchor in open_anchors:
            return Problem(
                file,
                line,
                column,
                "",
                f"alias *{event.anchor} refers to a collection that contains it",
            )
        tag = getattr(event, "tag", None)
        if tag not in (None, "!") and tag not in _PLAIN_TAGS:
            return Problem(
                file,
                line,
                column,
                "",
                f"unsupported tag {tag.replace(_STANDARD, '!!')}: specs hold plain text, numbers, booleans, lists and mappings",
            )
    return None


def load(text: str, file: str) -> tuple[Located | None, list[Problem]]:
    """Parse one YAML document; on a syntax error return no data and the problem.

    A document with nothing unusual in it (no alias, no tag beyond the plain ones, nesting
    within MAX_DEPTH) is composed by libyaml and built at once: _structure_problem would
    find nothing in it, and reading its events costs a fifth of loading a spec. Anything
    unusual, a syntax error included, and it is read again the careful way, events first,
    so that what is reported is what that way reports."""
    if _Loader is not yaml.SafeLoader:  # the pure-Python composer recurses: never at once
        with suppress(_Unusual, yaml.YAMLError):
            return _build(file, text, yaml.compose(text, Loader=_Loader), careful=False)
    return careful_load(text, file)


def careful_load(text: str, file: str) -> tuple[Located | None, list[Problem]]:
    """load the careful way: the events read for anything unsafe first."""
    try:
        found = _structure_problem(text, file)
        if found is not None:
            return None, [found]
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = _at(mark)
        return None, [Problem(file, line, col, "", f"invalid YAML: {exc.problem or exc}")]
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow in a document
        line, col = position(text, exc.position)
        return None, [
            Problem(
                file, line, col, "", f"invalid YAML: character U+{exc.character:04X} is not allowed"
            )
        ]
    except yaml.YAMLError as exc:
        return None, [Problem(file, 1, 1, "", f"invalid YAML: {exc}")]
    return _build(file, text, node, careful=True)


def _build(
    file: str, text: str, node: yaml.Node | None, careful: bool
) -> tuple[Located | None, list[Problem]]:
    if node is None:
        return None, [Problem(file, 1, 1, "", "empty document")]
    composer = _Composer(file, careful=careful)
    try:
        data = composer.compose(node, ())
    except _TooLarge:
        return None, composer.problems
    return Located(file, data, text.encode("utf-8")), composer.problems
