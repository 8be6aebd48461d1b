"""Loading YAML at once (libyaml's composer, no event pass) gives exactly what the careful way
(events first, then the composer) gives, for every kind of document: plain ones are built at
once, anything unusual is read again the careful way."""

from __future__ import annotations

import pytest

from generator.frontend import located
from generator.frontend.located import MAX_DEPTH, careful_load, load


def deep(depth: int, block: bool) -> str:
    if block:
        return "".join("  " * i + "- \n" for i in range(depth - 1)) + "  " * (depth - 1) + "- x\n"
    return "a: " + "[" * depth + "]" * depth + "\n"


DOCUMENTS = {
    "plain": "a: 1\nb: [x, 'y', \"z\"]\nc:\n  d: true\n  e: null\n  f: 1.5\n",
    "anchor without alias": "a: &x 1\nb: 2\n",
    "alias": "a: &x [1, 2]\nb: *x\n",
    "alias key": "a: &k key\n*k : 2\n",
    "recursive alias": "a: &loop [*loop]\n",
    "alias bomb": "a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b, *b]\n",
    "explicit plain tag": "a: !!str 1\nb: !!int '2'\n",
    "unknown tag": "a: !!python/object/apply:os.system ['true']\n",
    "local tag": "a: !custom x\n",
    "non-specific tag": "a: ! 12\n",
    "date": "a: 2024-01-01\n",
    "explicit date": "a: !!timestamp 2024-01-01\n",
    "merge key": "base: &b {x: 1}\nd:\n  <<: *b\n  y: 2\n",
    "collection key": "? [a, b]\n: 1\n",
    "duplicate key": "a: 1\na: 2\n",
    "control character": 'a: "x\\u0001y"\n',
    "trailing space": "a: |\n  x \n  y\n",
    "infinite": "a: .inf\n",
    "empty": "",
    "comment only": "# nothing\n",
    "syntax error": "a: [1, 2\nb: 3\n",
    "tab indent": "a:\n\tb: 1\n",
    "not allowed character": "a: \x07\n",
    f"flow nesting {MAX_DEPTH}": deep(MAX_DEPTH - 1, block=False),
    f"flow nesting {MAX_DEPTH + 1}": deep(MAX_DEPTH, block=False),
    "flow nesting 500": deep(500, block=False),
    f"block nesting {MAX_DEPTH}": deep(MAX_DEPTH, block=True),
    f"block nesting {MAX_DEPTH + 1}": deep(MAX_DEPTH + 1, block=True),
    "deep, then a syntax error": deep(80, block=False) + "b: [\n",
    "a syntax error, then deep": "b: ]\n" + deep(80, block=False),
}


@pytest.mark.parametrize("text", DOCUMENTS.values(), ids=DOCUMENTS.keys())
def test_at_once_or_careful_the_same(text: str) -> None:
    fast = load(text, "f.yaml")
    slow = careful_load(text, "f.yaml")
    assert (fast[0].data if fast[0] else None, fast[1]) == (
        slow[0].data if slow[0] else None,
        slow[1],
    )
    if fast[0] is not None:
        assert fast[0].marks == slow[0].marks  # type: ignore[union-attr]


def test_plain_documents_skip_the_events(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_events(text: str, file: str) -> None:
        raise AssertionError("the events were read")

    monkeypatch.setattr(located, "_structure_problem", no_events)
    doc, problems = load(DOCUMENTS["plain"], "f.yaml")
    assert doc is not None and problems == [] and doc.data["b"] == ["x", "y", "z"]
    with pytest.raises(AssertionError, match="events"):
        load(DOCUMENTS["alias"], "f.yaml")
