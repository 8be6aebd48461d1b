"""Throughput of the generated fake server: `PYTHONPATH=generated python -m bench.fake_server`.

Sends sequential UpdateJob calls through the sync client over one keep-alive connection,
so each figure is a full round trip: client-side validation and signing, the fake's
signature check, validation and state update, and the parsing of the answer.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time


def _percentile(sorted_values: list[float], fraction: float) -> float:
    # Nearest rank: with 1,000 samples p99 is the 990th value, no interpolation needed.
    index = max(0, min(len(sorted_values) - 1, round(fraction * len(sorted_values)) - 1))
    return sorted_values[index]


def run(requests: int) -> dict[str, float]:
    """Time ``requests`` UpdateJob calls; returns the figures main() prints."""
    from sae_jobs import SaeJobsError
    from sae_jobs.testing import FakeServer

    latencies: list[float] = []
    errors = 0
    with FakeServer() as server, server.client(max_retries=0) as client:
        app_id = client.create_job(
            app_name="bench",
            package_type="Image",
            image_url="registry/bench:1",
            replicas=1,
            workload="job",
        )["Data"]["AppId"]
        start = time.perf_counter()
        for i in range(requests):
            sent = time.perf_counter()
            try:
                client.update_job(app_id=app_id, replicas=str(i % 10), timezone="Asia/Shanghai")
            except SaeJobsError:
                errors += 1
            latencies.append(time.perf_counter() - sent)
        total = time.perf_counter() - start
        connections = server.connections
    latencies.sort()
    return {
        "requests": requests,
        "total_s": total,
        "per_s": requests / total if total else 0.0,
        "p50_ms": _percentile(latencies, 0.50) * 1000,
        "p99_ms": _percentile(latencies, 0.99) * 1000,
        "mean_ms": statistics.fmean(latencies) * 1000,
        "errors": errors,
        "connections": connections,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--requests", type=int, default=1000, help="sequential UpdateJob calls (default 1000)"
    )
    args = parser.parse_args(argv)
    figures = run(args.requests)
    print(f"fake server: {args.requests} sequential UpdateJob calls, sync client, keep-alive")
    print(f"total       {figures['total_s']:.3f} s")
    print(f"rate        {figures['per_s']:.0f} requests/s")
    print(f"p50         {figures['p50_ms']:.3f} ms")
    print(f"p99         {figures['p99_ms']:.3f} ms")
    print(f"mean        {figures['mean_ms']:.3f} ms")
    print(f"connections {figures['connections']:.0f}")
    print(f"errors      {figures['errors']:.0f}")
    return 1 if figures["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
