"""The local answering server for the per-call benchmarks, in its own process so that its CPU
is never counted as the client's: `python -m bench._server` prints its port, then serves on
127.0.0.1 until its standard input closes or its time limit passes."""

from __future__ import annotations

import os
import sys
import threading

from tests import recording_server as _recording

TIME_LIMIT_S = 1800.0  # never outlive a benchmark run, even if the runner dies


def main() -> None:
    # The handler writes headers and body in two sends; with Nagle on, the body then waits for
    # the client's delayed ACK (40 ms a call on Linux) and wall times would measure only that.
    _recording._Handler.disable_nagle_algorithm = True
    deadline = threading.Timer(TIME_LIMIT_S, os._exit, (0,))
    deadline.daemon = True  # a closed stdin must end the process at once
    deadline.start()
    with _recording.recording_server() as server:
        print(server.port, flush=True)
        sys.stdin.read()  # the runner closes it when done


if __name__ == "__main__":
    main()
