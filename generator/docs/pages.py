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
class Disagreement:
    """Stacked copies of one page state different values for the same fact."""

    what: str  # "type", "required flag", "location", "HTTP status", "message", "request line"
    values: tuple[tuple[str, int], ...]  # each distinct value with the line of its first copy

    def __str__(self) -> str:
        return f"the copies disagree on the {self.what}: " + ", ".join(
            f"{v} (line {n})" for v, n in self.values
        )


@dataclass(frozen=True)
class DocParam:
    name: str  # wire name, e.g. "AppName"
    type: str  # lower-case as documented; "" if the page leaves it empty
    required: bool | None  # None for response rows
    description: str  # whitespace-normalised, may be ""
    example: str  # as written on the page, "" if none
    line: int  # 1-based line where the row starts
    parent: str | None = None  # dotted path of the enclosing object for nested response rows
    location: str = ""  # "query", "body", ... when a copy of the page has a location column
    conflicts: tuple[Disagreement, ...] = ()  # where stacked copies of the page disagree on a fact
    cut_off: bool = False  # the saved copy stops inside this row
    examples: tuple[str, ...] = ()  # every distinct example the copies give, when more than one

    @property
    def path(self) -> str:
        return f"{self.parent}.{self.name}" if self.parent else self.name


@dataclass(frozen=True)
class DocError:
    http_status: int
    code: str
    message: str
    description: str  # "" when the page gives "-" or nothing
    line: int
    conflicts: tuple[Disagreement, ...] = ()
    cut_off: bool = False


@dataclass(frozen=True)
class DocPage:
    operation: str | None
    method: str | None
    path: str | None
    parameters: tuple[DocParam, ...]
    response: tuple[DocParam, ...]
    errors: tuple[DocError, ...]
    conflicts: tuple[
        Disagreement, ...
    ] = ()  # page-level disagreements between copies (method, path)
    tables: frozenset[str] = frozenset()  # "request", "response", "errors": tables found with rows
    summary: str = ""  # the page's first English sentence about the operation, "" if none


# A line of the page together with its 1-based line number.
_Line = tuple[int, str]

_TYPE_WORDS = (
    "string",
    "integer",
    "long",
    "boolean",
    "object",
    "array",
    "double",
    "float",
    "int32",
    "int64",
)

# Anchored at both ends so the type and Yes/No are taken from the line's suffix:
# names such as "PackageType" must not lose their tail to the type column.
# The name is optional because the response root row is the bare word "object".
_RUN_ROW = re.compile(r"^([A-Za-z_][A-Za-z0-9_.]*?)?(" + "|".join(_TYPE_WORDS) + r")(Yes|No)?$")

# A pipe row starts with its name cell alone on a line; names never contain spaces,
# which keeps ordinary description lines from being mistaken for row starts.
_PIPE_ROW = re.compile(r"^\|\s*([^\s|]+)\s*\|$")

_PIPE_ERROR = re.compile(r"^\|?\s*(\d{3})\s*\|(.*)$")
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
_INTRO = re.compile(r"\b[Cc]all(?:s|ing)?(?: the)? ([A-Z][A-Za-z0-9]*) (?:operation|API|to)\b")
_HTTP_METHOD = r"(?:GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS)"
_REQUEST_LINE = re.compile(
    rf"^({_HTTP_METHOD}(?:\|{_HTTP_METHOD})*)\s+(/\S*)(?:\s+HTTP/\d(?:\.\d)?)?$"
)
_TITLE_DASH = re.compile(r"^\S.*\s—\s([A-Z][A-Za-z0-9]*)$")

# Stacked copies: a rule, a "Copy B — ..." heading, or the marker where a saved copy stops.
_RULE = re.compile(r"^-{10,}$")
_COPY_HEADING = re.compile(r"^Copy [A-Z]\d?\s+—")
_EXCERPT_END = re.compile(r"^\[(?:…|\.\.\.).*\b(?:ends|stops)\b.*\]$")
# An editorial gloss added to a saved copy: "[job template ID]". Examples such as
# ["a","b"], [{...}] or [0,200] do not start with a letter and are kept.
_GLOSS = re.compile(r"\s*\[(?![…{\"'\d\s])[^\[\]]*[A-Za-z][^\[\]]*\](?=\s|$)")

_TYPE_CELL = (
    r"(?:string|integer|long|boolean|object|double|float|number|int32|int64|array(?:<\w+>)?)"
)
# One row per line: "| Name | type | ... |" (the leading pipe may be missing, the name empty).
_PIPE_LINE_ROW = re.compile(
    rf"^\|?\s*([A-Za-z_][A-Za-z0-9_.]*)?\s*\|\s*({_TYPE_CELL})\s*\|", re.IGNORECASE
)
# A row the saved copy cuts off inside its type cell: "Data | Ob".
_PARTIAL_PIPE_ROW = re.compile(r"^\|?\s*[A-Za-z_][A-Za-z0-9_.]*\s*\|\s*[A-Za-z<]{1,6}$")
# Cells separated by spaces, nesting shown by indentation: "  JobId string  任务 ID。  event-b7…".
_SPACED_ROW = re.compile(
    rf"^(\s*)(?:([A-Za-z_][A-Za-z0-9_.]*)\s+)?({_TYPE_CELL})(?:\s+(Yes|No|是|否|必須|任意|必填|可选))?(?=\s|$)\s*(.*)$"
)
_NOT_SUMMARY = ("Last Updated", "You can run this interface", "Copy ")
_REQUIRED_WORDS = {
    "yes": True,
    "no": False,
    "是": True,
    "否": False,
    "必須": True,
    "任意": False,
    "必填": True,
    "可选": False,
}

# Header cells of one-row-per-line tables, in the languages the pages come in.
_COLUMN_WORDS = {
    "name": ("parameter", "element", "name", "名称", "名稱", "パラメーター", "フィールド"),
    "type": ("type", "类型", "類型"),
    "required": ("required", "必填", "是否必选", "必須"),
    "location": ("location", "位置"),
    "description": ("description", "描述", "説明", "说明"),
    "example": ("example", "示例值", "樣本值", "示例"),
}

_REQUEST_HEADINGS = frozenset(
    {"request parameters", "请求参数", "請求參數", "リクエストパラメーター"}
)
_RESPONSE_HEADINGS = frozenset(
    {
        "response parameters",
        "response elements",
        "返回参数",
        "返回參數",
        "返回数据",
        "返回資料",
        "レスポンスフィールド",
    }
)
_ERROR_HEADINGS = frozenset({"error codes", "错误码", "錯誤碼", "エラーコード"})
_END_HEADINGS = frozenset(
    {
        "request syntax",
        "examples",
        "change history",
        "release notes",
        "请求语法",
        "請求文法",
        "リクエスト構文",
    }
    | {"示例", "範例", "变更历史", "變更歷史", "请求头", "授权信息", "请求示例", "正常返回示例"}
    | _REQUEST_HEADINGS
    | _RESPONSE_HEADINGS
    | _ERROR_HEADINGS
)
_END_PREFIXES = ("for a list of error codes", "see error codes", "访问错误中心", "訪問錯誤中心")

# Neither rendering shows nesting, so nesting is guessed: rows after a named
# object/array row are its children until a row carrying one of the standard
# top-level envelope names appears. A nested object becomes the parent of the
# rows after it, which is right for the usual "array of object" layout but can
# misplace siblings that follow a nested object; treat `parent` as a hint.
_ENVELOPE_NAMES = frozenset(
    {"RequestId", "Message", "TraceId", "ErrorCode", "Code", "Success", "Data", "HostId"}
)
_CONTAINER_TYPES = frozenset({"object", "array"})

_REQUEST_CELLS = 4  # type, required, description, example
_RESPONSE_CELLS = 3  # type, description, example
_DEFAULT_COLUMNS = {
    _REQUEST_CELLS: ("name", "type", "required", "description", "example"),
    _RESPONSE_CELLS: ("name", "type", "description", "example"),
}


def parse_page_file(path: pathlib.Path) -> DocPage:
    # Saved pages are UTF-8 but may contain stray bytes; a drift report should
    # still be produced, so undecodable bytes are replaced rather than fatal.
    return parse_page(path.read_text(encoding="utf-8", errors="replace"))


def parse_page(text: str) -> DocPage:
    lines: list[_Line] = list(enumerate(text.splitlines(), start=1))
    copies = [_parse_copy(segment, cut) for segment, cut in _split_copies(lines)]
    return replace(_merge(_operation(lines), copies), summary=_summary(lines))


@dataclass
class _Copy:
    """One rendering of the page: saved pages may stack several editions in one file."""

    request_line: tuple[str, str, int] | None
    parameters: list[DocParam]
    response: list[DocParam]
    nested: bool  # the response table shows its nesting (indentation)
    errors: list[DocError]


def _split_copies(lines: Sequence[_Line]) -> list[tuple[list[_Line], bool]]:
    """Split at rules, "Copy X —" headings and "[… excerpt ends …]" markers; True: cut off there."""
    segments: list[tuple[list[_Line], bool]] = []
    current: list[_Line] = []
    for line in lines:
        text = line[1].strip()
        if _EXCERPT_END.match(text) or _RULE.match(text) or _COPY_HEADING.match(text):
            if current:
                segments.append((current, bool(_EXCERPT_END.match(text))))
            current = [line] if _COPY_HEADING.match(text) else []
            continue
        current.append(line)
    if current:
        segments.append((current, False))
    return segments


def _parse_copy(lines: Sequence[_Line], cut: bool) -> _Copy:
    request, request_cut = _section(lines, _REQUEST_HEADINGS)
    response_region, response_cut = _section(lines, _RESPONSE_HEADINGS)
    errors_region, errors_cut = _section(lines, _ERROR_HEADINGS)
    parameters, _ = _param_table(request, _REQUEST_CELLS, cut and request_cut)
    response, nested = _param_table(response_region, _RESPONSE_CELLS, cut and response_cut)
    errors = _error_table(errors_region)
    if cut and errors_cut and errors:
        errors[-1] = replace(errors[-1], cut_off=True)
    return _Copy(
        _request_line(lines),
        parameters,
        response if nested else list(_assign_parents(response)),
        nested,
        errors,
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
        title = _TITLE.match(text.strip()) or _TITLE_DASH.match(text.strip())
        if title:
            return title.group(1)
    for _, text in preamble:
        intro = _INTRO.search(text)
        if intro:
            return intro.group(1)
    return None


def _summary(lines: Sequence[_Line]) -> str:
    # In a file of stacked copies the text before the first copy describes the file itself.
    first = next((i for i, (_, text) in enumerate(lines) if _COPY_HEADING.match(text.strip())), 0)
    for _, raw in _preamble(lines[first:]):
        text = raw.strip()
        if (
            _english(text)
            and text.endswith(".")
            and len(text.split()) >= 3
            and not text.startswith(_NOT_SUMMARY)
        ):
            return text
    return ""


def _request_line(lines: Sequence[_Line]) -> tuple[str, str, int] | None:
    for number, text in lines:
        match = _REQUEST_LINE.match(text.strip())
        if match:
            return match.group(1), match.group(2).partition("?")[0], number
    return None


# --- sections -----------------------------------------------------------------


def _heading(text: str) -> str:
    # Editorial glosses in square brackets ("错误码  [Error codes]") are not part of a heading.
    return _GLOSS.sub("", text).strip().casefold()


def _is_heading(text: str) -> bool:
    folded = _heading(text)
    return folded in _END_HEADINGS or folded.startswith(_END_PREFIXES)


def _section(lines: Sequence[_Line], titles: frozenset[str]) -> tuple[Sequence[_Line], bool]:
    """The lines under the first heading in titles, and whether they run to the end of lines."""
    start = next((i for i, (_, text) in enumerate(lines) if _heading(text) in titles), None)
    if start is None:
        return (), False
    end = next((i for i in range(start + 1, len(lines)) if _is_heading(lines[i][1])), len(lines))
    return lines[start + 1 : end], end == len(lines)


def _layout(region: Sequence[_Line]) -> str:
    # Decided by majority rather than by the first "|" seen, so that a stray pipe
    # in a run-together description cannot switch the whole table over.
    counts = {"run": 0, "pipe": 0, "rows": 0, "spaced": 0}
    for _, raw in region:
        text = raw.strip()
        counts["run"] += bool(_RUN_ROW.match(text))
        counts["pipe"] += bool(_PIPE_ROW.match(text))
        counts["rows"] += bool(_PIPE_LINE_ROW.match(text))
        spaced = _SPACED_ROW.match(raw.rstrip())
        counts["spaced"] += bool(spaced and spaced.group(2))
    best = "run"
    for name, count in counts.items():
        if count > counts[best]:
            best = name
    return best


def _normalise(text: str) -> str:
    return " ".join(text.split())


def _yes_no(text: str | None) -> bool | None:
    folded = (text or "").strip().casefold()
    return _REQUIRED_WORDS.get(folded)


# --- parameter tables -----------------------------------------------------------


def _param_table(region: Sequence[_Line], cells: int, cut: bool) -> tuple[list[DocParam], bool]:
    """The table's rows (nameless ones dropped) and whether their nesting is known."""
    layout = _layout(region)
    if layout == "pipe":
        rows = _pipe_params(region, cells)
    elif layout == "rows":
        rows = _pipe_line_params(region, cells)
    elif layout == "spaced":
        rows = _spaced_params(region, with_required=cells == _REQUEST_CELLS)
    else:
        rows = _run_together_params(region, with_required=cells == _REQUEST_CELLS)
    if cut and rows:
        rows[-1] = replace(rows[-1], cut_off=True)
    # Nameless rows are the header row (pipe), the response root object and the
    # item rows of arrays; none is a field of the API.
    return [row for row in rows if row.name], layout == "spaced"


def _is_container(type_: str) -> bool:
    return type_ in _CONTAINER_TYPES or type_.startswith("array")


def _assign_parents(rows: Sequence[DocParam]) -> tuple[DocParam, ...]:
    parent: str | None = None
    result: list[DocParam] = []
    for row in rows:
        top_level = row.name in _ENVELOPE_NAMES
        here = None if top_level else parent
        result.append(replace(row, parent=here))
        if _is_container(row.type):
            parent = f"{here}.{row.name}" if here else row.name
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


def _confirmed_weak_row(
    region: Sequence[_Line], matches: Sequence[re.Match[str] | None], index: int
) -> bool:
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


# one row per line ("| Name | type | Yes | ... |")


def _header_columns(text: str) -> list[str] | None:
    cells = [cell.strip().casefold() for cell in text.strip().strip("|").split("|")]
    columns = [
        next((key for key, words in _COLUMN_WORDS.items() if cell in words), "") for cell in cells
    ]
    return columns if len(cells) >= 3 and columns[0] == "name" and "type" in columns else None


def _pipe_line_params(region: Sequence[_Line], cells: int) -> list[DocParam]:
    columns = list(_DEFAULT_COLUMNS[cells])
    rows: list[tuple[int, list[str], list[str]]] = []  # line, text lines, columns
    for number, raw in region:
        text = _GLOSS.sub("", raw).strip()
        header = _header_columns(text)
        if header is not None:
            columns = header
        elif _PIPE_LINE_ROW.match(text) or _PARTIAL_PIPE_ROW.match(text):
            rows.append((number, [text], columns))
        elif rows and _is_content(text):
            # A cell that spans lines: the rest of the row follows.
            rows[-1][1].append(text)
    return [_pipe_line_param(number, text, cols) for number, text, cols in rows]


def _pipe_line_param(number: int, lines: list[str], columns: list[str]) -> DocParam:
    joined = "\n".join(lines)
    parts = [part.strip() for part in (joined[1:] if joined.startswith("|") else joined).split("|")]
    if parts and not parts[-1]:
        parts.pop()
    values = dict(zip(columns, parts, strict=False))
    extras = parts[len(columns) :]
    return DocParam(
        name=values.get("name", ""),
        type=(
            type_.lower()
            if re.fullmatch(_TYPE_CELL, type_ := values.get("type", ""), re.IGNORECASE)
            else ""
        ),
        required=_yes_no(values["required"]) if "required" in values else None,
        description=_normalise(" ".join([values.get("description", ""), *extras])),
        example=values.get("example", ""),
        line=number,
        location=values.get("location", "").lower(),
    )


# cells separated by runs of spaces, nesting by indentation


def _spaced_params(region: Sequence[_Line], *, with_required: bool) -> list[DocParam]:
    starts = [i for i, (_, text) in enumerate(region) if _SPACED_ROW.match(text.rstrip())]
    stack: list[tuple[int, str, str]] = []  # indentation, name ("" for an array's item row), type
    rows: list[DocParam] = []
    for k, start in enumerate(starts):
        match = _SPACED_ROW.match(region[start][1].rstrip())
        if match is None:  # pragma: no cover - starts only holds matching lines
            continue
        indent = len(match.group(1).expandtabs())
        name, type_ = match.group(2) or "", match.group(3).lower()
        while stack and stack[-1][0] >= indent:
            stack.pop()
        parent = ".".join(n for _, n, _ in stack if n) or None
        if (
            stack
            and stack[-1][2].startswith("array")
            and name in ("", stack[-1][1])
            and type_ == "object"
        ):
            # The row describing each item of an array: its children belong to the array.
            stack.append((indent, "", type_))
            continue
        end = starts[k + 1] if k + 1 < len(starts) else len(region)
        description, example = _spaced_cells(
            match.group(5), [text for _, text in region[start + 1 : end]]
        )
        rows.append(
            DocParam(
                name=name,
                type=type_,
                required=_yes_no(match.group(4)) if with_required else None,
                description=description,
                example=example,
                line=region[start][0],
                parent=parent,
            )
        )
        if name:
            stack.append((indent, name, type_))
    return rows


def _spaced_cells(first: str, body: Sequence[str]) -> tuple[str, str]:
    segments = [seg for seg in re.split(r"\s{2,}", _GLOSS.sub("", first).strip()) if seg]
    more = [line for line in (_GLOSS.sub("", text).strip() for text in body) if line]
    if more and not more[-1].startswith("•"):
        return _normalise(" ".join([*segments, *more[:-1]])), more[-1]
    if len(segments) >= 2:
        return _normalise(" ".join([*segments[:-1], *more])), segments[-1]
    if len(segments) == 1 and not more:
        # Single spaces only: the example is the last word after a full sentence.
        head, _, tail = segments[0].rpartition(" ")
        if head.endswith((".", "。")) and not re.search(r"[^\x00-\x7f]", tail):
            return _normalise(head), tail
    return _normalise(" ".join([*segments, *more])), ""


# --- several copies of one page -------------------------------------------------------


def _merge(operation: str | None, copies: Sequence[_Copy]) -> DocPage:
    lines = sorted({c.request_line for c in copies if c.request_line}, key=lambda r: r[2])
    method, path = (lines[0][0], lines[0][1]) if lines else (None, None)
    conflicts = _disagreement("request line", [(f"{m} {p}", n) for m, p, n in lines])
    references = [c.response for c in copies if c.nested and c.response]
    reference = max(references, key=len) if references else []
    responses = [c.response if c.nested else _realign(c.response, reference) for c in copies]
    parameters = _merge_rows([c.parameters for c in copies])
    response = _merge_rows(responses)
    errors = _merge_errors([c.errors for c in copies])
    found = {"request": bool(parameters), "response": bool(response), "errors": bool(errors)}
    return DocPage(
        operation=operation,
        method=method,
        path=path,
        parameters=parameters,
        response=response,
        errors=errors,
        conflicts=tuple(conflicts),
        tables=frozenset(name for name, rows in found.items() if rows),
    )


def _realign(rows: Sequence[DocParam], reference: Sequence[DocParam]) -> list[DocParam]:
    """Give a flat copy's rows the nesting of a copy that shows it, matching rows in order."""
    out: list[DocParam] = []
    pointer = 0
    # What the guessed nesting turned out to mean, for rows the reference does not have.
    translate: dict[str | None, str | None] = {}
    for row in rows:
        found = next(
            (k for k in range(pointer, len(reference)) if reference[k].name == row.name), None
        )
        if found is None:
            out.append(replace(row, parent=translate.get(row.parent, row.parent)))
            continue
        match = reference[found]
        translate[row.path] = match.path
        translate[row.parent] = match.parent
        out.append(replace(row, parent=match.parent))
        pointer = found + 1
    return out


def _merge_rows(tables: Sequence[Sequence[DocParam]]) -> tuple[DocParam, ...]:
    order: list[str] = []
    variants: dict[str, list[DocParam]] = {}
    for table in sorted(tables, key=len, reverse=True):
        previous: str | None = None
        for row in table:
            if row.path not in variants:
                variants[row.path] = []
                order.insert(order.index(previous) + 1 if previous is not None else 0, row.path)
            variants[row.path].append(row)
            previous = row.path
    return tuple(_merge_row(variants[key]) for key in order)


def _english(text: str) -> bool:
    return bool(text) and not re.search(r"[^\x00-\x7f•…—–’“”]", text)


def _disagreement(what: str, values: Sequence[tuple[str, int]]) -> list[Disagreement]:
    seen: dict[str, int] = {}
    for value, line in values:
        seen.setdefault(value, line)
    return [Disagreement(what, tuple(seen.items()))] if len(seen) > 1 else []


def _merge_row(rows: Sequence[DocParam]) -> DocParam:
    if len(rows) == 1:
        return rows[0]
    whole = [r for r in rows if not r.cut_off] or list(rows)
    best = max(whole, key=lambda r: (_english(r.description), len(r.description)))
    examples = [r.example for r in whole if r.example]
    example = max(examples, key=examples.count) if examples else ""
    conflicts = (
        _disagreement("type", [(r.type, r.line) for r in rows if r.type])
        + _disagreement(
            "required flag",
            [("Yes" if r.required else "No", r.line) for r in rows if r.required is not None],
        )
        + _disagreement("location", [(r.location, r.line) for r in rows if r.location])
    )
    return replace(
        best,
        type=best.type or next((r.type for r in rows if r.type), ""),
        required=next((r.required for r in rows if r.required is not None), None),
        example=example,
        location=next((r.location for r in rows if r.location), ""),
        conflicts=tuple(conflicts),
        cut_off=all(r.cut_off for r in rows),
        examples=tuple(dict.fromkeys(examples)) if len(set(examples)) > 1 else (),
    )


def _merge_errors(tables: Sequence[Sequence[DocError]]) -> tuple[DocError, ...]:
    variants: dict[str, list[DocError]] = {}
    for table in sorted(tables, key=len, reverse=True):
        for error in table:
            variants.setdefault(error.code, []).append(error)
    merged = []
    for rows in variants.values():
        if len(rows) == 1:
            merged.append(rows[0])
            continue
        whole = [r for r in rows if not r.cut_off] or rows
        best = max(whole, key=lambda r: (_english(r.description), len(r.message)))
        conflicts = _disagreement("HTTP status", [(str(r.http_status), r.line) for r in rows])
        conflicts += _disagreement("message", [(r.message, r.line) for r in whole])
        merged.append(
            replace(best, conflicts=tuple(conflicts), cut_off=all(r.cut_off for r in rows))
        )
    return tuple(merged)


# --- error table ------------------------------------------------------------------


def _error_table(region: Sequence[_Line]) -> list[DocError]:
    pipe_rows = sum(1 for _, text in region if _PIPE_ERROR.match(text.strip()))
    run_rows = sum(1 for _, text in region if _RUN_ERROR.match(text.strip()))
    parse_row = _pipe_error if pipe_rows > run_rows else _run_error
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


_EXAMPLE_LEAD = re.compile(
    r"(?:set (?:this parameter|this field|it) to|[Ee]xample:|e\.g\.)\s*(?=[\[{])"
)


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
