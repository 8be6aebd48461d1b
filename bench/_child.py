"""What the runtime benchmarks run inside a fresh process: `python -m bench._child MODE ...`.

Each mode prints one JSON line of figures. Nothing heavy is imported at module level, so the
import benchmark times only what its side imports. The generated package is found through
PYTHONPATH, which the runner points at a private copy of generated/.
"""

from __future__ import annotations

import sys
import time
from typing import Any

KEY_ID, KEY_SECRET, REGION = "bench-key-id", "bench-key-secret", "cn-hangzhou"


def import_ours() -> float:
    start = time.perf_counter()
    import sae_jobs

    sae_jobs.SaeJobsClient(region=REGION, access_key_id=KEY_ID, access_key_secret=KEY_SECRET)
    return time.perf_counter() - start


def import_sdk() -> float:
    start = time.perf_counter()
    from alibabacloud_sae20190506.client import Client
    from alibabacloud_tea_openapi.models import Config

    Client(
        Config(
            access_key_id=KEY_ID,
            access_key_secret=KEY_SECRET,
            region_id=REGION,
            endpoint=f"sae.{REGION}.aliyuncs.com",
        )
    )
    return time.perf_counter() - start


def sdk_params(params: dict[str, Any]) -> dict[str, Any]:
    """The SDK takes JSON parameters as strings and calls the shard flag `slice`."""
    import json

    return {
        ("slice" if k == "slice_" else k): (
            v
            if isinstance(v, (str, int, bool))
            else json.dumps(v, ensure_ascii=False, separators=(",", ":"))
        )
        for k, v in params.items()
    }


def _timed_calls(call: Any, calls: int) -> dict[str, float]:
    for _ in range(min(20, calls)):  # connection set up, lazy imports done
        call()
    cpu, wall = time.process_time(), time.perf_counter()
    for _ in range(calls):
        call()
    return {
        "cpu_per_call_s": (time.process_time() - cpu) / calls,
        "wall_per_call_s": (time.perf_counter() - wall) / calls,
    }


def calls_ours(port: int, calls: int) -> dict[str, float]:
    from sae_jobs import SaeJobsClient

    from tests.payloads import rich_create_job

    params = rich_create_job()
    client = SaeJobsClient(
        endpoint=f"http://127.0.0.1:{port}",
        allow_http=True,
        access_key_id=KEY_ID,
        access_key_secret=KEY_SECRET,
    )
    return _timed_calls(lambda: client.create_job(**params), calls)


def calls_sdk(port: int, calls: int) -> dict[str, float]:
    from alibabacloud_sae20190506.client import Client
    from alibabacloud_sae20190506.models import CreateJobRequest
    from alibabacloud_tea_openapi.models import Config
    from darabonba.runtime import RuntimeOptions

    from tests.payloads import rich_create_job

    params = sdk_params(rich_create_job())
    client = Client(
        Config(
            access_key_id=KEY_ID,
            access_key_secret=KEY_SECRET,
            endpoint=f"127.0.0.1:{port}",
            protocol="http",
        )
    )
    return _timed_calls(
        lambda: client.create_job_with_options(CreateJobRequest(**params), {}, RuntimeOptions()),
        calls,
    )


def _alternating(works: dict[str, Any], calls: int) -> dict[str, float]:
    """CPU per call of each work when they run in turn, as the parts of a real call do (each
    meets the caches the one before left), each timed on its own."""
    clock, totals = time.process_time, dict.fromkeys(works, 0.0)
    for _ in range(min(20, calls)):
        for work in works.values():
            work()
    for _ in range(calls):
        for name, work in works.items():
            start = clock()
            work()
            totals[name] += clock() - start
    return {name: total / calls for name, total in totals.items()}


def own_share(port: int, calls: int, raw_first: bool) -> dict[str, float]:
    """The generated client's own CPU per call against the stdlib transport's, in one process.

    Ours: a whole ``create_job`` call (the generated method, validation, serialising, signing,
    the retry loop's bookkeeping, parsing the answer) with the socket work taken out: the
    connection pool hands back the answer the local server gave to the same call. Theirs:
    ``http.client`` sending that call's very bytes to the local server on a kept-alive
    connection and reading the answer. Measured alternating, a call of ours then a round
    trip, as a real call has them; and each side alone in a loop. Also, for the record: the
    pool's own send (http.client with our deadline reads, body limit and keep-alive check),
    the real call end to end, and the parts of ours, alternating with the pool's send.
    """
    import http.client
    import socket

    from sae_jobs import SaeJobsClient, _service
    from sae_jobs._runtime import _transport
    from sae_jobs.validators import validate_create_job

    from tests.payloads import rich_create_job

    params, host = rich_create_job(), f"127.0.0.1:{port}"

    def client() -> Any:
        return SaeJobsClient(
            endpoint=f"http://{host}",
            allow_http=True,
            access_key_id=KEY_ID,
            access_key_secret=KEY_SECRET,
        )

    stubbed, real = client(), client()
    pool, real_pool = stubbed._pool, real._pool
    sent: list[Any] = []

    def recording_send(request: Any, settings: Any, deadline: float) -> Any:
        answer = type(pool).send(pool, request, settings, deadline)
        sent.append((request, settings, answer))
        return answer

    pool.send = recording_send
    stubbed.create_job(**params)
    request, settings, answer = sent[0]
    pool.send = lambda *_: answer  # from now on, no socket work

    connection = http.client.HTTPConnection(host)
    connection.connect()
    assert connection.sock is not None
    connection.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # as the client does

    def raw_transport() -> None:
        connection.request(request.method, request.path, body=request.body, headers=request.headers)
        connection.getresponse().read()

    def own() -> None:
        stubbed.create_job(**params)

    credentials = stubbed._credentials.get_credentials()
    pair = {"own": own, "raw_transport": raw_transport}
    if raw_first:
        pair = dict(reversed(pair.items()))
    out = {f"{name}_cpu_per_call_s": cpu for name, cpu in _alternating(pair, calls).items()}
    for name, work in pair.items():
        alone = _timed_calls(work, calls)
        out[f"{name}_alone_cpu_per_call_s"] = alone["cpu_per_call_s"]
        out[f"{name}_alone_wall_per_call_s"] = alone["wall_per_call_s"]
    parts = {
        "validate": lambda: validate_create_job(params),
        "prepare": lambda: _transport.prepare(
            _service.SERVICE,
            _service.CREATE_JOB,
            params,
            credentials,
            scheme="http",
            host=host,
            headers={},
        ),
        "handle_answer": lambda: _transport.handle_answer(_service.SERVICE, answer, 1),
        "pool_send": lambda: real_pool.send(request, settings, time.monotonic() + 60),
    }
    out |= {f"{name}_cpu_per_call_s": cpu for name, cpu in _alternating(parts, calls).items()}
    full = _timed_calls(lambda: real.create_job(**params), calls)
    out["full_call_cpu_per_call_s"] = full["cpu_per_call_s"]
    out["full_call_wall_per_call_s"] = full["wall_per_call_s"]
    return out


def validators(iterations: int, spec: str) -> dict[str, float]:
    """Our validator and two JSON Schema validators on the same rich payload, each against its
    own description of CreateJob (ours: the generated tables; the others: gen's JSON Schema
    export, which fastjsonschema compiles to Python once). Every side collects every error:
    fastjsonschema with fast_fail=False; its default, stopping at the first error, is timed too.
    Before timing, every side must accept the payload and refuse each broken copy of it."""
    from pathlib import Path

    import fastjsonschema
    import jsonschema
    from sae_jobs.validators import validate_create_job

    from generator.exports.openapi import operation_jsonschema, requests_jsonschema
    from generator.frontend.entry import load_model
    from tests.payloads import rich_create_job

    service = load_model(Path(spec))[0]
    op = next(o for o in service.operations if o.name == "CreateJob")
    wire = {p.python_name: p.wire_name for p in op.parameters}
    schema = operation_jsonschema(requests_jsonschema(service), "CreateJob")
    every_error = fastjsonschema.compile(schema, fast_fail=False)
    first_error = fastjsonschema.compile(schema)
    validator = jsonschema.Draft202012Validator(schema)

    def refused(check: Any, payload: dict[str, Any]) -> bool:
        try:
            check(payload)
        except fastjsonschema.JsonSchemaException:
            return True
        return False

    verdicts = {  # True: refused
        "ours": lambda p: bool(validate_create_job(p)),
        "fastjsonschema": lambda p: refused(every_error, {wire[k]: x for k, x in p.items()}),
        "fastjsonschema_first_error": lambda p: refused(
            first_error, {wire[k]: x for k, x in p.items()}
        ),
        "jsonschema": lambda p: any(validator.iter_errors({wire[k]: x for k, x in p.items()})),
    }
    params = rich_create_job()
    for side, verdict in verdicts.items():
        if verdict(params) or not all(verdict(bad) for bad in _broken_copies(params)):
            raise SystemExit(f"{side} must accept the rich payload and refuse its broken copies")
    payload = {wire[k]: x for k, x in params.items()}
    timed = _alternating(
        {
            "ours_s": lambda: validate_create_job(params),
            "fastjsonschema_s": lambda: every_error(payload),
            "fastjsonschema_first_error_s": lambda: first_error(payload),
            "jsonschema_s": lambda: list(validator.iter_errors(payload)),
        },
        iterations,
    )
    return timed


def _broken_copies(params: dict[str, Any]) -> list[dict[str, Any]]:
    """The rich payload broken once each: a pattern, a structure inside a list, and two
    cross-parameter rules (a CPU/memory pair that is not offered; a JDK with an image)."""
    return [
        {**params, "app_name": "9lives"},
        {**params, "envs": [{"name": "MODE"}]},
        {**params, "cpu": 500, "memory": 65536},
        {**params, "package_type": "Image", "image_url": "registry/x:1"},
    ]


def _alternating(works: dict[str, Any], iterations: int, rounds: int = 5) -> dict[str, float]:
    """Seconds per call of each work: the median over rounds in which every work runs
    iterations/rounds times, in an order reversed every other round (after warming up)."""
    per_round = max(1, iterations // rounds)
    for work in works.values():
        for _ in range(min(10, iterations)):
            work()
    figures: dict[str, list[float]] = {name: [] for name in works}
    for round_ in range(rounds):
        order = list(works.items())
        for name, work in order if round_ % 2 == 0 else reversed(order):
            start = time.perf_counter()
            for _ in range(per_round):
                work()
            figures[name].append((time.perf_counter() - start) / per_round)
    return {name: sorted(values)[len(values) // 2] for name, values in figures.items()}


def main(argv: list[str]) -> None:
    mode = argv[0]
    result: Any
    if mode == "import":
        result = {"import_and_build_s": import_ours() if argv[1] == "ours" else import_sdk()}
    elif mode == "calls":
        result = (calls_ours if argv[1] == "ours" else calls_sdk)(int(argv[2]), int(argv[3]))
    elif mode == "share":
        result = own_share(int(argv[1]), int(argv[2]), argv[3] == "raw-first")
    elif mode == "validate":
        result = validators(int(argv[1]), argv[2])
    else:
        raise SystemExit(f"unknown mode {mode!r}")
    import json

    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])
