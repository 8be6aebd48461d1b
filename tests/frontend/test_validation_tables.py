"""The validation tables are made once per service and shared by the checks and the view."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from generator.backend.pipeline import _render_tree, _start
from generator.frontend import validation_tables as tables
from generator.frontend.entry import load_model
from tests.helpers import SPEC


def test_tables_are_made_once_per_service_and_released_by_the_back_end(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GEN_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("GEN_SERIAL", "1")  # no fork inside the test runner's threaded process
    before = len(tables._MADE)
    (service,) = load_model(SPEC)  # the meaning checks have made them already
    assert len(tables._MADE) == before + 1
    made = tables.validation_tables(service)
    assert tables.validation_tables(service) is made
    assert set(made.operations) == {op.name for op in service.operations}
    files = _render_tree(_start([service]))  # the view reads them, then lets them go
    assert "sae_jobs/_tables.py" in files
    assert len(tables._MADE) == before
    del service, made
    gc.collect()
