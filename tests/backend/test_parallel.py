"""gen spreads work over the cores by fork; the output must not depend on it."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest

from bench import synth
from generator import parallel
from generator.problems import Problem, SpecError
from tests.helpers import SPEC, edit, run_gen, spec_copy, tree


def _fail(item: int) -> int:
    if item == 7:
        raise SpecError([Problem("f.yaml", 3, 1, "", "bad")])
    return item * 2


@pytest.fixture
def two_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "cores", lambda: 2)


@pytest.mark.usefixtures("two_cores")
def test_ordered_map_keeps_the_order_and_reports_problems_from_children() -> None:
    assert parallel.ordered_map(lambda n: n * n, list(range(25))) == [n * n for n in range(25)]
    with pytest.raises(SpecError) as caught:
        parallel.ordered_map(_fail, list(range(10)))  # 7 is in the child's half
    assert caught.value.problems == [Problem("f.yaml", 3, 1, "", "bad")]


@pytest.mark.usefixtures("two_cores")
def test_worker_runs_its_job_after_preparing_and_exits_when_unused() -> None:
    worker = parallel.Worker(lambda: None)
    assert worker.submit(partial(_fail, 4))() == 8
    unused = parallel.Worker(lambda: None)
    unused.close()
    assert unused.pid == 0


def test_parallel_and_serial_runs_write_the_same_tree(tmp_path: Path) -> None:
    spec = synth.write_spec(tmp_path / "spec", 20, source=SPEC)  # enough files to split
    env = {"GEN_NO_CACHE": "1"}
    serial = run_gen("--spec", spec, "--out", tmp_path / "serial", env={**env, "GEN_SERIAL": "1"})
    split = run_gen("--spec", spec, "--out", tmp_path / "split", env=env)
    assert serial.returncode == 0 and split.returncode == 0, serial.stderr + split.stderr
    assert tree(tmp_path / "serial") == tree(tmp_path / "split")


def _steps(fail_at: int | None) -> Iterator[int]:
    for step in range(3):
        if step == fail_at:
            raise SpecError([Problem("f.yaml", step, 1, "", "bad")])
        yield step


@pytest.mark.parametrize("cores", [1, 2], ids=["serial", "forked"])
def test_a_stream_hands_over_each_item_as_it_is_made(
    monkeypatch: pytest.MonkeyPatch, cores: int
) -> None:
    monkeypatch.setattr(parallel, "cores", lambda: cores)
    assert list(parallel.Stream(partial(_steps, None))) == [0, 1, 2]
    steps = parallel.Stream(partial(_steps, 1))
    assert next(steps) == 0  # the item before the failure arrives whole
    with pytest.raises(SpecError) as caught:
        next(steps)
    assert caught.value.problems == [Problem("f.yaml", 1, 1, "", "bad")]
    steps.close()
    left = parallel.Stream(partial(_steps, None))
    assert next(left) == 0
    left.close()  # the child is let go unfinished, and reaped
    with pytest.raises(StopIteration):
        next(left)


@pytest.mark.parametrize("serial", [False, True], ids=["two cores", "GEN_SERIAL"])
def test_regeneration_with_the_model_handed_over_writes_what_a_serial_run_writes(
    tmp_path: Path, serial: bool
) -> None:
    """With datamodel-code-generator's output cached, a regeneration reads the specs in a child
    that hands the model over before checking its meaning (backend.pipeline), or in this
    process, model first and checks after, when it stays serial; the tree is the one a serial
    run without any cache writes."""
    spec = spec_copy(tmp_path, pages=False)
    warm = {"GEN_CACHE_DIR": str(tmp_path / "cache"), **({"GEN_SERIAL": "1"} if serial else {})}
    assert run_gen("--spec", spec, "--out", tmp_path / "first", env=warm).returncode == 0
    edit(next(spec.rglob("CreateJob.yaml")), "The description of the template.", "Edited.")
    split = run_gen("--spec", spec, "--out", tmp_path / "split", env=warm)
    cold = {"GEN_NO_CACHE": "1", "GEN_SERIAL": "1"}
    serial = run_gen("--spec", spec, "--out", tmp_path / "serial", env=cold)
    assert serial.returncode == 0 and split.returncode == 0, serial.stderr + split.stderr
    assert tree(tmp_path / "serial") == tree(tmp_path / "split") != tree(tmp_path / "first")


def _unpicklable_failure() -> Iterator[int]:
    yield 1
    raise ValueError(lambda: None)  # its args hold a lambda: pickle cannot carry it


@pytest.mark.usefixtures("two_cores")
def test_a_failure_that_cannot_be_pickled_comes_back_as_its_traceback() -> None:
    steps = parallel.Stream(_unpicklable_failure)
    assert next(steps) == 1
    with pytest.raises(RuntimeError, match="ValueError"):
        next(steps)
    steps.close()
