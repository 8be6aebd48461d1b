"""What a run is doing, on stderr: nothing for a quick run; once a run has taken about a
second, the stage it is in and every stage after it. ``-v`` shows every stage with its
time from the start; ``-q`` shows none."""

from __future__ import annotations

import os
import sys
import threading
import time

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
        if level == NORMAL:
            self._timer = threading.Timer(_patience(), self._speak_up)
            self._timer.daemon = True
            self._timer.start()

    def stage(self, text: str) -> None:
        with self._lock:
            self._stage = text
            if self._talking:
                self._say(text)

    def done(self) -> None:
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
