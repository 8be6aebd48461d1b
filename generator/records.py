"""Typed records that cost little to define: `class Point(Record)` as `class Point(NamedTuple)`.

The runtime's own Record (gen_templates.runtime._records), which the generator's model and
views use too: typing.NamedTuple compiles every annotation's text as it makes a class, 8 of
the 10 ms that importing generator.model took, paid again by each process of every run.
Type checkers see typing.NamedTuple.
"""

from __future__ import annotations

from gen_templates.runtime._records import Record

__all__ = ["Record"]
