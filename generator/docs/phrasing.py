"""The constraints a parameter's documented description states, in the usual phrasings.

Read by `gen draft` (to write them into a draft spec) and by docs-check (to notice when a
page's stated limit or value list changes). Only these phrasings are understood; anything
else stays prose for a person to read:

* "cannot exceed N characters", "up to N characters", "at most N characters" -> max_length
* "at least N characters" -> min_length; "N to M characters" -> both
* "Valid values: a, b, and c.", "Supported versions: ...", "Valid values:" / "Values:" followed by
  "• a: ..." bullets, "The following versions are supported: • a • b", "Take note of the
  following rules: • Allow: ... • Forbid: ..." (capitalised values only; lower-case ones name
  a JSON value's members) "Set the value to job." / "Supports PYTHON 3.9.15.", and bullets that each read "Set the value
  to N when <another parameter> ..." -> enum (not after a bullet: there the
  values are a JSON member's)
* "Value range: [A, B]", "Valid value(s): A to B", "from A to B" (numbers) -> minimum, maximum
* "can contain (only) digits, letters, hyphens (-) ..." and "must start with a (lowercase) letter" -> pattern
* "required if/when ...", "not supported when ...", "only if ..." -> a cross-parameter rule,
  reported as prose for a person to turn into a rule
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

Scalar = str | int


@dataclass
class Stated:
    min_length: int | None = None
    max_length: int | None = None
    minimum: int | None = None
    maximum: int | None = None
    enum: list[Scalar] = field(default_factory=list)
    pattern: str | None = None
    rules: list[str] = field(default_factory=list)  # sentences stating cross-parameter rules

    def limits(self) -> dict[str, int]:
        names = ("min_length", "max_length", "minimum", "maximum")
        return {name: value for name in names if (value := getattr(self, name)) is not None}


_NUMBER = r"(-?\d[\d,]*)"
_MAX_LENGTH = re.compile(
    rf"(?:cannot exceed|cannot be longer than|up to|at most|no more than|a maximum of) {_NUMBER} characters",
    re.I,
)
_MIN_LENGTH = re.compile(rf"(?:at least|a minimum of|no less than) {_NUMBER} characters", re.I)
_LENGTH_RANGE = re.compile(rf"(?:from )?{_NUMBER} to {_NUMBER} characters", re.I)
_RANGE = re.compile(
    rf"(?:value range|valid range|valid values?)(?: is| are)?:?\s*\[\s*{_NUMBER}\s*,\s*{_NUMBER}\s*\]"
    rf"|(?:value range|valid range|valid values?)(?: is| are)?:?\s*(?:from )?{_NUMBER}\s*(?:to|-|~)\s*{_NUMBER}\b"
    rf"|\bfrom {_NUMBER} to {_NUMBER}\b(?! characters)",
    re.I,
)
_ENUM = re.compile(
    r"\b(?:valid values(?: include)?|values|supported (?:versions|values|languages)|the following (?:versions|values) are supported"
    r"|take note of the following rules):\s*(.*)$",
    re.I,
)
# "Set the value to job." states the one allowed value.
_ONLY_VALUE = re.compile(
    r"^(?:set the value to|the value must be|must be set to|supports) ([^\s.]+(?: [^\s.]+)*?(?:\.\d+)*)\.?$",
    re.I,
)
_SET_WHEN = re.compile(r"^set the value to (\S+?) when\b", re.I)
# Bullets that give each value's meaning: "• Forbid: ..." (one token before the colon).
_VALUE_BULLET = re.compile(r"^([^\s:]+):\s")
# Prose glued to the last bullet when the page lost its line break: "alpine3.9 This parameter is ...".
_TRAILING_PROSE = re.compile(r"\s+[A-Z][a-z]+(?:\s+[a-z]+){2,}.*$")
_CHARSET = re.compile(r"can contain (?:only )?(.+?)(?:\.|$)", re.I)
_START = re.compile(r"must start with an? (lowercase |uppercase )?letter", re.I)
_RULE_SENTENCE = re.compile(
    r"\b(?:required (?:if|when)|not supported (?:if|when)|only (?:if|when)|takes effect only|correspond to the values of)\b",
    re.I,
)

_CHARSET_WORDS = (
    ("lowercase letters", "a-z"),
    ("uppercase letters", "A-Z"),
    ("letters", "A-Za-z"),
    ("digits", "0-9"),
    ("hyphens", "-"),
    ("underscores", "_"),
    ("periods", "."),
)


def _int(text: str) -> int:
    return int(text.replace(",", ""))


def stated(description: str, kind: str) -> Stated:
    """What description states about a parameter whose documented type is kind."""
    out = Stated()
    text = " ".join(description.split())
    if kind == "string":
        if match := _LENGTH_RANGE.search(text):
            out.min_length, out.max_length = _int(match.group(1)), _int(match.group(2))
        if match := _MAX_LENGTH.search(text):
            out.max_length = _int(match.group(1))
        if match := _MIN_LENGTH.search(text):
            out.min_length = _int(match.group(1))
        out.pattern = _pattern(text)
    elif kind in ("integer", "long") and (match := _RANGE.search(text)):
        low, high = [g for g in match.groups() if g is not None][:2]
        out.minimum, out.maximum = _int(low), _int(high)
    out.enum = _enum(text, kind)
    out.rules = [s.strip() for s in re.split(r"(?<=[.。])\s+", text) if _RULE_SENTENCE.search(s)]
    return out


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.。])\s+(?=[A-Z•])", text) if s.strip()]


def _enum(text: str, kind: str) -> list[Scalar]:
    # Only before the first bullet: after it, sentences describe a member of a structured value.
    only = [
        m.group(1)
        for s in _sentences(text.split("•")[0])
        if (m := _ONLY_VALUE.match(s)) and _value_like(m.group(1))
    ]
    if len(only) == 1:
        return _typed(only, kind)
    bullets = [item.strip() for item in text.split("•")[1:]]
    per_value = [m.group(1) for item in bullets if (m := _SET_WHEN.match(item))]
    if len(bullets) >= 2 and len(per_value) == len(bullets):
        return _typed(
            per_value, kind
        )  # "• Set the value to 1024 when Cpu is set to 500." per value
    match = _ENUM.search(text)
    if match is None or "•" in text[: match.start()]:
        # After a bullet the values belong to a member of a structured value, not to the parameter.
        return []
    rest = match.group(1).strip()
    if rest.startswith("•"):
        items = [item.strip() for item in rest.split("•")[1:]]
        if all(_VALUE_BULLET.match(item) for item in items):
            raw = [item.split(":", 1)[0] for item in items]
            if match.group(0).casefold().startswith("take note") and not all(
                v[:1].isupper() for v in raw
            ):
                return []  # "rules" naming the members of a JSON value (hostName, ip), not values
        elif not any(":" in item for item in items) and match.group(0).casefold().startswith(
            ("valid", "supported", "the following")
        ):
            raw = items[:-1] + [_TRAILING_PROSE.sub("", items[-1])] if items else []
        else:
            return []  # bullets of prose: leave them to a person
    elif match.group(0).casefold().startswith(("valid", "supported")):
        head = rest.split(". ")[0].rstrip(".")
        raw = [part.strip() for part in re.split(r",\s*(?:and |or )?|\s+(?:and|or)\s+", head)]
        if any(" " in value.strip() for value in raw):
            return []  # prose rather than a value list
    else:
        return []
    return _typed(raw, kind)


def _value_like(text: str) -> bool:
    # "a string that represents a JSON array" is prose, "job" or "PYTHON 3.9.15" a value.
    words = text.split()
    return len(words) <= 2 and words[0].casefold() not in ("a", "an", "the", "one", "any")


def _typed(raw: list[str], kind: str) -> list[Scalar]:
    values: list[Scalar] = []
    for value in raw:
        value = value.strip().strip("`'\"")
        if not value or len(value) > 60:
            return []
        if kind in ("integer", "long"):
            if not re.fullmatch(r"-?\d+", value):
                return []
            values.append(int(value))
        else:
            values.append(value)
    return list(dict.fromkeys(values))


def _pattern(text: str) -> str | None:
    charset = _CHARSET.search(text)
    start = _START.search(text)
    if charset is None and start is None:
        return None
    pieces: list[str] = []
    if charset is not None:
        listed = charset.group(1).lower()
        for word, chars in _CHARSET_WORDS:
            if word in listed:
                listed = listed.replace(word, "")
                pieces.append(chars)
        if not pieces:
            return None
    allowed = "".join(dict.fromkeys(pieces))
    first = (
        {"lowercase ": "a-z", "uppercase ": "A-Z"}.get((start.group(1) or "").lower(), "A-Za-z")
        if start
        else ""
    )
    body = f"[{_escape(allowed)}]*" if allowed else ".*"
    return f"^[{first}]{body}$" if first else f"^{body}$"


def _escape(chars: str) -> str:
    # A hyphen goes last in a class so that it is literal; a period needs no escape there.
    if "-" in chars.replace("a-z", "").replace("A-Z", "").replace("0-9", ""):
        chars = (
            chars.replace("A-Za-z", "\0")
            .replace("a-z", "\1")
            .replace("A-Z", "\2")
            .replace("0-9", "\3")
        )
        chars = chars.replace("-", "") + "-"
        chars = (
            chars.replace("\0", "A-Za-z")
            .replace("\1", "a-z")
            .replace("\2", "A-Z")
            .replace("\3", "0-9")
        )
    return chars
