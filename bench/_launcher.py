"""Starts the measured processes for bench.measure and reports their rusage, from a process
that stays small. A child's peak RSS (wait4's ru_maxrss) is at least the resident size of
the process that started it, because exec carries the memory high-water mark over; the
benchmark's own process holds specs, models and packages by the time it measures the
200-operation runs, and would lend every child its size. Standard library only; one job
per line on stdin (JSON), one result per line on stdout."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from typing import Any


def _kill_group(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)  # the process and the formatters it started
    except ProcessLookupError:
        pass


def run(job: dict[str, Any]) -> dict[str, Any]:
    with open(job["stdout"], "wb") as out, open(job["stderr"], "wb") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(
            job["cmd"],
            cwd=job["cwd"],
            env=job["env"],
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
            start_new_session=True,
        )
        killer = threading.Timer(job["timeout"], _kill_group, (proc.pid,))
        killer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            killer.cancel()
        wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
    return {
        "wall": wall,
        "cpu": usage.ru_utime + usage.ru_stime,
        "max_rss_kb": usage.ru_maxrss,
        "returncode": proc.returncode,
    }


def main() -> None:
    for line in sys.stdin:
        print(json.dumps(run(json.loads(line))), flush=True)


if __name__ == "__main__":
    main()
