"""Read an Alibaba Cloud API reference page (saved as plain text) into its three tables.

The point is drift detection: a hand-written YAML spec is compared with what the
published page says, so the parser has to cope with how pages are really saved.
Two renderings occur and are told apart per table:

* run-together: the cells of a row's first line are glued together
  (``AppNamestringYes``), followed by a blank line, the description paragraphs
  and the example on the last line;
* pipe: every cell ends with `` |`` and sits on its own line(s); a row starts
  with ``| Name |`` and empty cells show up as ``||`` or a lone ``|``.

Parsing never raises on odd input: whatever cannot be placed is folded into the
nearest row's description or dropped, because a partial table is still useful
for a drift report while an exception is not.
"""

from __future__ import annotations

import pathlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace


@dataclass(frozen=True)
class DocParam:
    name: str  # wire name, e.g. "AppName"
    type: str  # lower-case as documented; "" if the page leaves it empty
    required: bool | None  # None for response rows
    description: str  # whitespace-normalised, may be ""
    example: str  # as written on the page, "" if none
    line: int  # 1-based line where the row starts
    parent: str | None = None  # enclosing object for nested response rows


@dataclass(frozen=True)
class DocError:
    http_status: int
    code: str
    message: str
    description: str  # "" when the page gives "-" or nothing
    line: int


@dataclass(frozen=True)
class DocPage:
    operation: str | None
    method: str | None
    path: str | None
    parameters: tuple[DocParam, ...]
    response: tuple[DocParam, ...]
    errors: tuple[DocError, ...]


# A line of the page together with its 1-based line number.
_Line = tuple[int, str]

_TYPE_WORDS = ("string", "integer", "long", "boolean", "object", "array", "double", "float", "int32", "int64")

# Anchored at both ends so the type and Yes/No are taken from the line's suffix:
# names such as "PackageType" must not lose their tail to the type column.
# The name is optional because the response root row is the bare word "object".
_RUN_ROW = re.compile(r"^([A-Za-z_][A-Za-z0-9_.]*?)?(" + "|".join(_TYPE_WORDS) + r")(Yes|No)?$")

# A pipe row starts with its name cell alone on a line; names never contain spaces,
# which keeps ordinary description lines from being mistaken for row starts.
_PIPE_ROW = re.compile(r"^\|\s*([^\s|]+)\s*\|$")

_PIPE_ERROR = re.compile(r"^\|\s*(\d{3})\s*\|(.*)$")
_RUN_ERROR = re.compile(r"^(\d{3})(\S.*)$")

# The code runs straight into the message, so the message is taken to start at the
# first capitalised word (or acronym) that ends at a word boundary; a "." does not
# count as a boundary because codes are dotted ("NotFound.ConfigMap").
_CODE_THEN_MESSAGE = re.compile(r"^(\S+?)((?<![A-Z])[A-Z]+[a-z]*(?=[\s,:;!?'\"(]|$).*)$")

# Message and description run together too; the join shows as a full stop glued
# to the next sentence ("...is invalid.The log ..."), whereas sentences inside a
# cell keep their space.
_MESSAGE_END = re.compile(r"(?<=[^\s.])\.(?=[A-Z][a-z]*\s)")

_TITLE = re.compile(r"^[A-Z][^:]*:\s*([A-Z][A-Za-z0-9]*)$")
_INTRO = re.compile(r"\bcall(?:s|ing)? the ([A-Z][A-Za-z0-9]*) (?:operation|API)\b")
_HTTP_METHOD = r"(?:GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS)"
_REQUEST_LINE = re.compile(rf"^({_HTTP_METHOD}(?:\|{_HTTP_METHOD})*)\s+(/\S*)(?:\s+HTTP/\d(?:\.\d)?)?$")

_REQUEST_HEADINGS = frozenset({"request parameters"})
_RESPONSE_HEADINGS = frozenset({"response parameters", "response elements"})
_ERROR_HEADINGS = frozenset({"error codes"})
_END_HEADINGS = frozenset(
    {"request syntax", "examples", "change history", "release notes"}
    | _REQUEST_HEADINGS
    | _RESPONSE_HEADINGS
    | _ERROR_HEADINGS
)
_END_PREFIXES = ("for a list of error codes", "see error codes")

# Neither rendering shows nesting, so nesting is guessed: rows after a named
# object/array row are its children until a row carrying one of the standard
# top-level envelope names appears. A nested object becomes the parent of the
# rows after it, which is right for the usual "array of object" layout but can
# misplace siblings that follow a nested object; treat `parent` as a hint.
_ENVELOPE_NAMES = frozenset({"RequestId", "Message", "TraceId", "ErrorCode", "Code", "Success", "Data", "HostId"})
_CONTAINER_TYPES = frozenset({"object", "array"})

_REQUEST_CELLS = 4  # type, required, description, example
_RESPONSE_CELLS = 3  # type, description, example


def parse_page_file(path: pathlib.Path) -> DocPage:
    # Saved pages are UTF-8 but may contain stray bytes; a drift report should
    # still be produced, so undecodable bytes are replaced rather than fatal.
    return parse_page(path.read_text(encoding="utf-8", errors="replace"))


def parse_page(text: str) -> DocPage:
    lines: list[_Line] = list(enumerate(text.splitlines(), start=1))
    method, path = _request_line(lines)
    response = _param_table(_section(lines, _RESPONSE_HEADINGS), _RESPONSE_CELLS)
    return DocPage(
        operation=_operation(lines),
        method=method,
        path=path,
        parameters=tuple(_param_table(_section(lines, _REQUEST_HEADINGS), _REQUEST_CELLS)),
        response=_assign_parents(response),
        errors=tuple(_error_table(_section(lines, _ERROR_HEADINGS))),
    )


# --- page-level facts ---------------------------------------------------------


def _preamble(lines: Sequence[_Line]) -> Sequence[_Line]:
    # Only the part before the first table is searched, so that a parameter
    # description naming another operation cannot be taken for the title.
    for index, (_, text) in enumerate(lines):
        if _is_heading(text):
            return lines[:index]
    return lines


def _operation(lines: Sequence[_Line]) -> str | None:
    preamble = _preamble(lines)
    for _, text in preamble:
        title = _TITLE.match(text.strip())
        if title:
            return title.group(1)
    for _, text in preamble:
        intro = _INTRO.search(text)
        if intro:
            return intro.group(1)
    return None


def _request_line(lines: Sequence[_Line]) -> tuple[str | None, str | None]:
    for _, text in lines:
        match = _REQUEST_LINE.match(text.strip())
        if match:
            return match.group(1), match.group(2)
    return None, None


# --- sections -----------------------------------------------------------------


def _is_heading(text: str) -> bool:
    folded = text.strip().casefold()
    return folded in _END_HEADINGS or folded.startswith(_END_PREFIXES)


def _section(lines: Sequence[_Line], titles: frozenset[str]) -> Sequence[_Line]:
    start = next((i for i, (_, text) in enumerate(lines) if text.strip().casefold() in titles), None)
    if start is None:
        return ()
    end = next((i for i in range(start + 1, len(lines)) if _is_heading(lines[i][1])), len(lines))
    return lines[start + 1 : end]


def _is_pipe_rendering(region: Sequence[_Line], pipe_row: re.Pattern[str], run_row: re.Pattern[str]) -> bool:
    # Decided by majority rather than by the first "|" seen, so that a stray pipe
    # in a run-together description cannot switch the whole table over.
    pipe_rows = sum(1 for _, text in region if pipe_row.match(text.strip()))
    run_rows = sum(1 for _, text in region if run_row.match(text.strip()))
    return pipe_rows > run_rows


def _normalise(text: str) -> str:
    return " ".join(text.split())


def _yes_no(text: str | None) -> bool | None:
    folded = (text or "").strip().casefold()
    return {"yes": True, "no": False}.get(folded)


# --- parameter tables -----------------------------------------------------------


def _param_table(region: Sequence[_Line], cells: int) -> list[DocParam]:
    if _is_pipe_rendering(region, _PIPE_ROW, _RUN_ROW):
        rows = _pipe_params(region, cells)
    else:
        rows = _run_together_params(region, with_required=cells == _REQUEST_CELLS)
    # Nameless rows are the header row (pipe) and the response root object;
    # neither is a field of the API.
    return [row for row in rows if row.name]


def _assign_parents(rows: Sequence[DocParam]) -> tuple[DocParam, ...]:
    parent: str | None = None
    result: list[DocParam] = []
    for row in rows:
        top_level = row.name in _ENVELOPE_NAMES
        result.append(replace(row, parent=None if top_level else parent))
        if row.type in _CONTAINER_TYPES:
            parent = row.name
        elif top_level:
            parent = None
    return tuple(result)


# run-together rendering


def _run_together_params(region: Sequence[_Line], *, with_required: bool) -> list[DocParam]:
    starts = _run_row_starts(region)
    rows: list[DocParam] = []
    for k, start in enumerate(starts):
        match = _RUN_ROW.match(region[start][1].strip())
        if match is None:  # pragma: no cover - _run_row_starts only yields matching lines
            continue
        end = starts[k + 1] if k + 1 < len(starts) else len(region)
        body = [text for _, text in region[start + 1 : end]]
        description, example = _split_body(body, last_row=k + 1 == len(starts))
        rows.append(
            DocParam(
                name=match.group(1) or "",
                type=match.group(2),
                required=_yes_no(match.group(3)) if with_required else None,
                description=description,
                example=example,
                line=region[start][0],
            )
        )
    return rows


def _run_row_starts(region: Sequence[_Line]) -> list[int]:
    matches = [_RUN_ROW.match(text.strip()) for _, text in region]
    # When the table has a Required column every real row carries Yes/No; an
    # example such as "mystring" then must not be taken for a row.
    strong_only = any(m is not None and m.group(3) for m in matches)
    starts: list[int] = []
    for index, match in enumerate(matches):
        if match is None:
            continue
        if match.group(3) or (not strong_only and _confirmed_weak_row(region, matches, index)):
            starts.append(index)
    return starts


def _confirmed_weak_row(region: Sequence[_Line], matches: Sequence[re.Match[str] | None], index: int) -> bool:
    # Without Yes/No the regex alone is too permissive (examples like "truestring"
    # would qualify), so also require the layout of a row header: a blank line
    # before more content, or another row straight away.
    if index + 1 >= len(region):
        return False
    if matches[index + 1] is not None:
        return True
    if region[index + 1][1].strip():
        return False
    return any(text.strip() for _, text in region[index + 2 :])


def _split_body(body: Sequence[str], *, last_row: bool) -> tuple[str, str]:
    ends_blank = bool(body) and not body[-1].strip()
    content = _trim_blank(body)
    if not content:
        return "", ""
    if last_row:
        # The section heading is always preceded by a blank line, so that cue is
        # lost here; a lone line is more likely a description than an example.
        has_example = sum(1 for line in content if line.strip()) > 1
    else:
        # An example sits directly above the next row; a blank line there means
        # the page gave no example (e.g. the "Data" object row).
        has_example = not ends_blank
    if not has_example:
        return _normalise("\n".join(content)), ""
    return _normalise("\n".join(content[:-1])), content[-1].strip()


def _trim_blank(lines: Sequence[str]) -> list[str]:
    kept = list(lines)
    while kept and not kept[0].strip():
        kept.pop(0)
    while kept and not kept[-1].strip():
        kept.pop()
    return kept


# pipe rendering


@dataclass
class _PipeRow:
    name: str
    line: int
    cells: list[str] = field(default_factory=list)
    pending: list[str] = field(default_factory=list)

    def feed(self, text: str) -> None:
        content, pipes = _split_trailing_pipes(text)
        if content:
            self.pending.append(content)
        if pipes:
            self.cells.append("\n".join(self.pending))
            self.pending.clear()
            # "||" closes the current cell and an empty one after it.
            self.cells.extend([""] * (pipes - 1))

    def all_cells(self) -> list[str]:
        # A table cut off mid-cell (the last row before a heading) still counts.
        return self.cells + (["\n".join(self.pending)] if self.pending else [])


def _split_trailing_pipes(text: str) -> tuple[str, int]:
    pipes = 0
    rest = text.rstrip()
    while rest.endswith("|"):
        pipes += 1
        rest = rest[:-1].rstrip()
    return rest.strip(), pipes


def _pipe_params(region: Sequence[_Line], cells: int) -> list[DocParam]:
    rows: list[_PipeRow] = []
    for number, raw in region:
        text = raw.strip()
        start = _PIPE_ROW.match(text)
        current = rows[-1] if rows else None
        if start:
            rows.append(_PipeRow(start.group(1), number))
        elif text == "|" and (current is None or len(current.cells) >= cells):
            # A lone pipe normally closes a cell; only once the row is full does
            # it open a nameless row (the header or the response root object).
            rows.append(_PipeRow("", number))
        elif current is not None:
            current.feed(text)
    return [_pipe_param(row, cells) for row in rows]


def _pipe_param(row: _PipeRow, cells: int) -> DocParam:
    values = row.all_cells()
    values += [""] * (cells - len(values))
    if cells == _REQUEST_CELLS:
        type_, required, description, example = values[:4]
        required_flag = _yes_no(required)
    else:
        type_, description, example = values[:3]
        required_flag = None
    extras = [value for value in values[cells:] if value.strip()]
    return DocParam(
        name=row.name,
        type=type_.strip().lower(),
        required=required_flag,
        description=_normalise(" ".join([description, *extras])),
        example=example.strip(),
        line=row.line,
    )


# --- error table ------------------------------------------------------------------


def _error_table(region: Sequence[_Line]) -> list[DocError]:
    parse_row = _pipe_error if _is_pipe_rendering(region, _PIPE_ERROR, _RUN_ERROR) else _run_error
    errors: list[DocError] = []
    for number, raw in region:
        text = raw.strip()
        error = parse_row(text, number)
        if error is not None:
            errors.append(error)
        elif errors and _is_content(text):
            # Unknown lines after a row are taken as its wrapped description.
            last = errors[-1]
            errors[-1] = replace(last, description=_normalise(f"{last.description} {text}"))
    return errors


def _is_content(text: str) -> bool:
    # Separator lines such as "|---|---|" or a lone "|" carry no text.
    return bool(text.strip("|-: \t"))


def _description(text: str) -> str:
    normalised = _normalise(text)
    return "" if normalised == "-" else normalised


def _pipe_error(text: str, number: int) -> DocError | None:
    match = _PIPE_ERROR.match(text)
    if match is None:
        return None
    rest = match.group(2).rstrip()
    parts = [part.strip() for part in rest.split("|")]
    if rest.endswith("|"):
        parts.pop()
    parts += [""] * (2 - len(parts))
    return DocError(
        http_status=int(match.group(1)),
        code=parts[0],
        message=_normalise(parts[1]),
        description=_description(" | ".join(parts[2:])),
        line=number,
    )


def _run_error(text: str, number: int) -> DocError | None:
    match = _RUN_ERROR.match(text)
    if match is None:
        return None
    code, rest = _split_code(match.group(2))
    message, description = _split_message(rest)
    return DocError(
        http_status=int(match.group(1)),
        code=code,
        message=message,
        description=description,
        line=number,
    )


def _split_code(text: str) -> tuple[str, str]:
    match = _CODE_THEN_MESSAGE.match(text)
    if match:
        return match.group(1), match.group(2)
    # No capitalised first word (e.g. a message starting with "%s"): the code
    # can only be guessed as the first token.
    code, _, rest = text.partition(" ")
    return code, rest


def _split_message(text: str) -> tuple[str, str]:
    stripped = text.strip()
    if stripped.endswith("-"):
        return _normalise(stripped[:-1]), ""
    end = _MESSAGE_END.search(stripped)
    if end is None:
        return _normalise(stripped), ""
    return _normalise(stripped[: end.end()]), _description(stripped[end.end() :])


_EXAMPLE_LEAD = re.compile(r"(?:set (?:this parameter|this field|it) to|[Ee]xample:|e\.g\.)\s*(?=[\[{])")


def structured_examples(description: str) -> list[str]:
    """The JSON-like examples a parameter's description gives ("set this parameter to [...]",
    "Example: {...}"): each bracketed text from its opening to its balancing bracket."""
    text = description.replace("\\[", "[").replace("\\]", "]")
    found = []
    for lead in _EXAMPLE_LEAD.finditer(text):
        depth, quoted, escaped = 0, False, False
        for i in range(lead.end(), len(text)):
            ch = text[i]
            if quoted:
                escaped, quoted = (False, True) if escaped else (ch == "\\", ch != '"')
            elif ch == '"':
                quoted = True
            elif ch in "[{":
                depth += 1
            elif ch in "]}":
                depth -= 1
                if depth == 0:
                    found.append(text[lead.end() : i + 1])
                    break
    return found
