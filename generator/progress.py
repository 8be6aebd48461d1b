"""What a run is doing, on stderr: nothing for a quick run; once a run has taken about a
second, the stage it is in and every stage after it. ``-v`` shows every stage with its
time from the start; ``-q`` shows none.

The patience is kept by a timer thread. Forking a process that has threads is unsafe (a lock
held by the other thread stays held in the child for ever), so `generator.parallel` forks
inside `paused()`, which stops the timer and starts it again with the time that is left."""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

QUIET, NORMAL, VERBOSE = -1, 0, 1
PATIENCE = 1.0  # seconds before a normal run starts to say what it is doing


def _patience() -> float:
    """GEN_PROGRESS_AFTER (seconds) moves the moment a run starts talking; 0: at once."""
    try:
        return max(0.0, float(os.environ.get("GEN_PROGRESS_AFTER", PATIENCE)))
    except ValueError:
        return PATIENCE


class Progress:
    def __init__(self, level: int) -> None:
        self.level = level
        self._start = time.monotonic()
        self._stage = ""
        self._talking = level >= VERBOSE
        self._lock = threading.Lock()
        self._timer: threading.Timer | None = None
        self._paused = False
        self._deadline = self._start + _patience()
        if level == NORMAL:
            self._arm()

    def _arm(self) -> None:
        left = self._deadline - time.monotonic()
        if left <= 0:
            self._speak_up()
            return
        self._timer = threading.Timer(left, self._speak_up)
        self._timer.daemon = True
        self._timer.start()

    def pause(self) -> None:
        """Stop the timer, its thread ended when this returns (no-op without one)."""
        timer, self._timer = self._timer, None
        if timer is not None:
            timer.cancel()
            timer.join()  # a timer that has just fired finishes saying its line first
            self._paused = not self._talking

    def resume(self) -> None:
        if self._paused:
            self._paused = False
            self._arm()

    def has_thread(self) -> bool:
        return self._timer is not None and self._timer.is_alive()

    def stage(self, text: str) -> None:
        with self._lock:
            self._stage = text
            if self._talking:
                self._say(text)

    def done(self) -> None:
        self._paused = False
        if self._timer is not None:
            self._timer.cancel()

    def _speak_up(self) -> None:
        with self._lock:
            self._talking = True
            if self._stage:
                self._say(self._stage)

    def _say(self, text: str) -> None:
        sys.stderr.write(f"gen: {text} ({time.monotonic() - self._start:.1f}s)\n")
        sys.stderr.flush()


_current = Progress(QUIET)


def start(level: int) -> Progress:
    global _current
    _current.done()
    _current = Progress(level)
    return _current


def stage(text: str) -> None:
    """Say what the run is doing now (shown only as the run's verbosity allows)."""
    _current.stage(text)


def finish() -> None:
    """The run is over: the timer stops, a line it is saying finished first."""
    _current.pause()


def own_threads() -> int:
    """Threads of this module's running now (the patience timer's)."""
    return int(_current.has_thread())


@contextmanager
def paused() -> Iterator[None]:
    """No thread of this module's runs inside (see the module's docstring); a child forked
    inside stays without one."""
    here = os.getpid()
    _current.pause()
    try:
        yield
    finally:
        if os.getpid() == here:
            _current.resume()
