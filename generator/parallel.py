"""Work spread over the machine's cores by fork: a child inherits the loaded model, so it
re-imports and rebuilds nothing and object ids stay valid (pysource names objects by id);
its result comes back pickled through a pipe. Results keep the order of the inputs, so the
output is the same whether the work ran in parallel or not.

Without fork, with a single core, with threads running (forking them is unsafe) or with
GEN_SERIAL=1, everything runs serially in this process. The progress timer's thread does not
count: it is stopped while a child is forked (progress.paused()).
"""

from __future__ import annotations

import gc
import os
import pickle
import signal
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import suppress
from functools import partial
from typing import Any, Generic, NoReturn, TypeVar, cast

from generator import progress

MAX_PROCESSES = 8  # beyond this, forking and pickling cost more than the split saves on a spec
T = TypeVar("T")
R = TypeVar("R")


def cores() -> int:
    """How many processes may work at once (1 means: stay serial)."""
    if (
        not hasattr(os, "fork")
        or os.environ.get("GEN_SERIAL")
        or threading.active_count() - progress.own_threads() > 1
    ):
        return 1
    available = (
        len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    )
    return min(available, MAX_PROCESSES)


def _outcome(func: Callable[[], Any]) -> bytes:
    try:
        return pickle.dumps(("ok", func()))
    except BaseException as exc:  # noqa: B036 - the parent re-raises it
        return _failure(exc)


def _failure(exc: BaseException) -> bytes:
    """What the parent re-raises for exc: the problems of a SpecError (its constructor takes
    them, which pickle cannot know), exc itself, or its traceback when it does not pickle."""
    # Imported here, as in _unpack: a worker may be forked before anything of gen's is.
    from generator.problems import SpecError

    if isinstance(exc, SpecError):
        return pickle.dumps(("problems", exc.problems))
    try:
        return pickle.dumps(("error", exc))
    except Exception:
        import traceback

        text = "".join(traceback.format_exception(exc))
        return pickle.dumps(("error", RuntimeError(text)))


def _unpack(data: bytes) -> Any:
    kind, value = pickle.loads(data)
    if kind == "ok":
        return value
    if kind == "problems":
        from generator.problems import Problem, SpecError

        problems: list[Problem] = value
        raise SpecError(problems)
    raise value


def start(func: Callable[[], T]) -> Callable[[], T]:
    """Run func in a child process now; the returned function waits for its result (or raises
    its exception). Serially, func runs here and now."""
    forked = _forked()
    if forked is None:
        value = func()
        return lambda: value
    pid, read, write = forked
    if pid == 0:  # the child: compute, hand the result over
        _child_does(partial(_hand_over, func, read, write))
    os.close(write)
    return partial(_collect, pid, read)


def _hand_over(func: Callable[[], Any], read: int, write: int) -> None:
    os.close(read)
    with os.fdopen(write, "wb") as pipe:
        pipe.write(_outcome(func))


def _forked() -> tuple[int, int, int] | None:
    """A child and a pipe (see _fork), with the progress timer paused while forking; None
    (stay serial) where the work may not split."""
    if cores() < 2:
        return None
    with progress.paused():
        return _fork()


def _child_does(work: Callable[[], None]) -> NoReturn:
    """In a forked child: do the work, then leave without running cleanup handlers (status 1
    when it failed)."""
    code = 0
    try:
        work()
    except BaseException:
        code = 1
    finally:
        os._exit(code)


def _fork() -> tuple[int, int, int] | None:
    """fork() with a pipe (its read and write ends follow the pid), in a process with one
    thread only; None (stay serial) where that cannot be."""
    if threading.active_count() > 1:
        return None
    read, write = os.pipe()
    return os.fork(), read, write


def _collect(pid: int, read: int) -> Any:
    with os.fdopen(read, "rb") as pipe:
        data = pipe.read()  # before waiting: a full pipe would block the child forever
    _, status = os.waitpid(pid, 0)
    if not data:
        raise RuntimeError(f"a worker process of gen failed (status {status})")
    return _unpack(data)


class Stream(Generic[T]):
    """The items of an iterator that a child process works through (func() there): each comes
    here pickled as soon as it is made, so that this process can start on the first while the
    child makes the next. next() waits for an item (or raises the child's exception, or
    StopIteration); close() lets the child go, finished or not. Serially, the iterator runs
    here, an item at a time as asked for."""

    def __init__(self, func: Callable[[], Iterator[T]]) -> None:
        self._items: Iterator[T] | None = None
        self._pid = 0
        forked = _forked()
        if forked is None:
            self._items = func()
            return
        pid, read, write = forked
        if pid == 0:
            _child_does(partial(_send_frames, func, read, write))
        os.close(write)
        self._pid, self._pipe = pid, os.fdopen(read, "rb")

    def __iter__(self) -> Stream[T]:
        return self

    def __next__(self) -> T:
        if self._items is not None:
            return next(self._items)
        if not self._pid:
            raise StopIteration
        head = self._pipe.read(8)
        if len(head) < 8:  # the child is done: an end frame came first, unless it died
            status = self._reap()
            raise RuntimeError(f"a worker process of gen failed (status {status})")
        kind_and_value = self._pipe.read(int.from_bytes(head, "big"))
        if kind_and_value == _END:
            self._reap()
            raise StopIteration
        try:
            return cast(T, _unpack(kind_and_value))
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        """Done with the items: a child still at work is stopped (its work is not wanted)."""
        if self._items is not None:
            self._items = iter(())
        if self._pid:
            with suppress(ProcessLookupError):
                os.kill(self._pid, signal.SIGKILL)
            self._reap()

    def _reap(self) -> int:
        pid, self._pid = self._pid, 0
        self._pipe.close()
        return os.waitpid(pid, 0)[1]


_END = pickle.dumps(("end", None))


def _send_frames(func: Callable[[], Iterator[Any]], read: int, write: int) -> None:
    os.close(read)
    with os.fdopen(write, "wb") as pipe:
        for frame in _frames(func):
            pipe.write(len(frame).to_bytes(8, "big") + frame)
            pipe.flush()


def _frames(func: Callable[[], Iterator[Any]]) -> Iterator[bytes]:
    """The pickled items of func(), then an end frame; an exception ends them instead."""
    items = func()
    while True:
        try:
            item = next(items)
        except StopIteration:
            yield _END
            return
        except BaseException as exc:  # noqa: B036 - the parent re-raises it
            yield _failure(exc)
            return
        yield pickle.dumps(("ok", item))


def ordered_map(func: Callable[[T], R], items: Sequence[T], min_per_process: int = 1) -> list[R]:
    """[func(item) for item in items], spread over the cores in contiguous chunks (this
    process takes the first); each process gets at least min_per_process items."""
    count = max(1, min(cores(), len(items) // max(1, min_per_process)))
    if count == 1:
        return [func(item) for item in items]
    bounds = [len(items) * k // count for k in range(count + 1)]
    chunks = [items[bounds[k] : bounds[k + 1]] for k in range(count)]
    pending = [start(partial(_apply, func, chunk)) for chunk in chunks[1:]]
    try:
        results = _apply(func, chunks[0])
    except BaseException:
        for wait in pending:  # reap the children before giving up
            with suppress(BaseException):
                wait()
        raise
    for wait in pending:
        results.extend(wait())
    return results


def _apply(func: Callable[[T], R], items: Sequence[T]) -> list[R]:
    return [func(item) for item in items]


class Worker:
    """A child forked now that runs prepare() at once (slow imports, say) while this process
    goes on, then runs the one job submit() hands it. Closed unused, it just exits."""

    def __init__(self, prepare: Callable[[], object]) -> None:
        self.pid = 0
        self._result_read, result_write = os.pipe()
        forked = _forked()
        if forked is None:
            os.close(self._result_read)
            os.close(result_write)
            return
        pid, job_read, self._job_write = forked
        if pid == 0:
            _child_does(partial(self._serve, prepare, job_read, result_write))
        os.close(job_read)
        os.close(result_write)
        self.pid = pid

    def _serve(self, prepare: Callable[[], object], job_read: int, result_write: int) -> None:
        """The child's side: prepare, then run the job that comes through job_read, if any."""
        os.close(self._job_write)
        os.close(self._result_read)
        gc.enable()  # the job is other code (a library's): its cycles are collected
        with suppress(Exception):  # the job will meet the same failure and report it
            prepare()
        with os.fdopen(job_read, "rb") as pipe:
            job = pipe.read()
        if job:
            with os.fdopen(result_write, "wb") as pipe:
                pipe.write(_outcome(pickle.loads(job)))

    def submit(self, func: Callable[[], T]) -> Callable[[], T]:
        """func (picklable: a module-level function or a partial of one) run by the worker;
        the returned function waits for the result. A second job gets a process of its own."""
        if not self.pid:
            return start(func)
        pid, self.pid = self.pid, 0
        with os.fdopen(self._job_write, "wb") as pipe:
            pipe.write(pickle.dumps(func))
        return partial(_collect, pid, self._result_read)

    def close(self) -> None:
        """Let an unused worker go (it sees no job and exits)."""
        if self.pid:
            pid, self.pid = self.pid, 0
            os.close(self._job_write)
            os.close(self._result_read)
            os.waitpid(pid, 0)
