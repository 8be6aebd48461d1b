"""Load YAML keeping the line and column of every value, and refusing duplicate keys.

PyYAML silently keeps the last of two equal keys and forgets where values came from;
specs need both, so we compose nodes ourselves and construct plain values from them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from .problems import Problem

# The C composer (libyaml) is several times faster; PyYAML built without it has only SafeLoader.
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

Path = tuple[str | int, ...]


@dataclass(frozen=True)
class Located:
    """A loaded document: plain data plus the 1-based position of every path in it."""

    file: str
    data: Any
    marks: dict[Path, tuple[int, int]]
    key_marks: dict[Path, tuple[int, int]]
    spans: dict[Path, tuple[int, int]] = field(default_factory=dict)  # start and end offset of each value


    def position(self, path: Path) -> tuple[int, int]:
        # A missing key is reported where its nearest existing parent starts.
        while path not in self.marks and path:
            path = path[:-1]
        return self.marks.get(path, (1, 1))

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


class _Builder:
    def __init__(self, file: str) -> None:
        self.file = file
        self.marks: dict[Path, tuple[int, int]] = {}
        self.key_marks: dict[Path, tuple[int, int]] = {}
        self.spans: dict[Path, tuple[int, int]] = {}
        self.problems: list[Problem] = []
        self._scalars = yaml.constructor.SafeConstructor()

    def build(self, node: yaml.Node, path: Path) -> Any:
        self.marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        self.spans[path] = (node.start_mark.index, node.end_mark.index)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, path + (i,)) for i, item in enumerate(node.value)]
        return self._scalars.construct_object(node)

    def _mapping(self, node: yaml.MappingNode, path: Path) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = self._scalars.construct_object(key_node)
            key = str(key) if not isinstance(key, str) else key
            if key in result:
                line, col = key_node.start_mark.line + 1, key_node.start_mark.column + 1
                first = self.marks[path + (key,)][0]
                self.problems.append(
                    Problem(self.file, line, col, dotted(path + (key,)), f"duplicate key (first at line {first})")
                )
                continue
            self.key_marks[path + (key,)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            result[key] = self.build(value_node, path + (key,))
        return result


def load(text: str, file: str) -> tuple[Located | None, list[Problem]]:
    """Parse one YAML document; on a syntax error return no data and the problem."""
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        return None, [Problem(file, line, col, "", f"invalid YAML: {exc.problem or exc}")]
    except yaml.YAMLError as exc:
        return None, [Problem(file, 1, 1, "", f"invalid YAML: {exc}")]
    if node is None:
        return None, [Problem(file, 1, 1, "", "empty document")]
    builder = _Builder(file)
    data = builder.build(node, ())
    return Located(file, data, builder.marks, builder.key_marks, builder.spans), builder.problems
