"""Make the committed generated package importable, as a user who vendors it would."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests import helpers
from tests.helpers import GENERATED

if str(GENERATED) not in sys.path:
    sys.path.insert(0, str(GENERATED))


@pytest.fixture(scope="session")
def fixture_output() -> Callable[[str], Path]:
    """A fixture spec's golden output as gen writes it (runtime included): the name of a folder
    under tests/fixtures/ in, the output folder out."""
    return helpers.fixture_output


@pytest.fixture(scope="module")
def widgets(fixture_output: Callable[[str], Path]) -> Iterator[Any]:
    """The golden package of the made-up widget service (tests/fixtures/widgets), imported."""
    folder = str(fixture_output("widgets"))
    sys.path.insert(0, folder)
    try:
        import widget_store
        import widget_store.testing

        yield widget_store
    finally:
        sys.path.remove(folder)
