"""Make the committed generated package importable, as a user who vendors it would."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import Any

import pytest

from tests.helpers import FIXTURES, GENERATED

if str(GENERATED) not in sys.path:
    sys.path.insert(0, str(GENERATED))


@pytest.fixture(scope="module")
def widgets() -> Iterator[Any]:
    """The golden package of the made-up widget service (tests/fixtures/widgets), imported."""
    folder = str(FIXTURES / "widgets" / "expected")
    sys.path.insert(0, folder)
    try:
        import widget_store
        import widget_store.testing

        yield widget_store
    finally:
        sys.path.remove(folder)
