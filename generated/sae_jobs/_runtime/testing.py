# Copied by gen from its runtime (the same in every generated package); do not edit.
"""A local fake of the service for tests, built from the same spec as the client.

The fake listens on 127.0.0.1 and behaves like the service as far as the spec tells:
it checks every request's signature, validates the parameters with this package's own
validator and answers with the documented error codes, and follows what the spec's
``fake`` sections declare (create, update, describe, list with paging and filters, delete,
run and run status; the documented not-found code for an unknown or deleted id), with
all state in the one instance; it also fails on request (throttling, 5xx, slow answers,
``Success: false``, dropped connections) so that a program's error handling can be
tested without the network::

    from <this package>.testing import FakeServer

    with FakeServer() as server, server.client() as client:
        ...  # call the client; then assert on server.requests and server.resources

This module is the engine; each package's ``testing`` module subclasses ``FakeServer`` with
its service's facts and its client classes, and defines the ``fake_server`` pytest fixture.
"""

from __future__ import annotations

import copy
import hmac
import json
import re
import socket
import socketserver
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, Final, Literal, Self, TypeVar, cast, get_args
from urllib.parse import parse_qsl, unquote

from ._config import OperationInfo, ServiceInfo
from ._records import Record
from ._signing import authorization, encode_pairs, sha256_hex
from ._transport import REDACTED, redacted_headers
from ._validation import CLEAR, Codes, Param, Violation, fill, is_array, is_mapping, validate

__all__ = [
    "ACCESS_KEY_ID",
    "ACCESS_KEY_SECRET",
    "FAULT_KINDS",
    "FakeServer",
    "FaultKind",
    "RecordedRequest",
    "UNKNOWN_OPERATION",
]

ACCESS_KEY_ID: Final = "fake-access-key-id"
ACCESS_KEY_SECRET: Final = "fake-access-key-secret"
MAX_CLOCK_SKEW: Final = 15 * 60.0  # seconds a request's date may be off, as the gateway allows

FaultKind = Literal["throttling", "server_error", "slow", "success_false", "drop"]
FAULT_KINDS: Final[tuple[str, ...]] = get_args(FaultKind)

# The fake's own code for a request no operation of the spec matches: the spec documents
# no code for it, and a made-up one must not look like the service's.
UNKNOWN_OPERATION: Final = "FakeServer.UnknownOperation"

_NEEDED: Final = ("signature_error", "unknown_key_error", "throttling_error", "server_error")
_FAULT_CODES: Final = {"throttling": "throttling_error", "server_error": "server_error"}
_DATE_FORMAT: Final = "%Y-%m-%dT%H:%M:%SZ"
_INTEGER: Final = re.compile(r"[+-]?[0-9]+")


class RecordedRequest(Record):
    """One request as the fake saw it and answered it; secrets read ``<redacted>``."""

    operation: str | None  # None when no operation matches the path and action
    method: str
    path: str
    params: Mapping[str, Any]  # decoded, by Python name (the wire name when unknown)
    headers: Mapping[str, str]
    status: int | None  # None: the connection was dropped without an answer
    code: str | None  # the error code answered; None for a success
    fault: str | None  # the scripted fault that decided the answer, if any
    detail: str = ""  # why the request was refused, to make a failing test readable


class _Incoming(Record):
    method: str
    path: str
    query: list[tuple[str, str]]
    form: list[tuple[str, str]]
    headers: dict[str, str]
    body: bytes


class _Answer(Record):
    status: int
    body: dict[str, Any]
    code: str | None = None
    headers: Mapping[str, str] = {}  # never mutated
    detail: str = ""


class _Decoded(Record):
    checked: dict[str, Any]  # what the validator sees: raw JSON text, CLEAR for a cleared value
    values: dict[str, Any]  # what records and resources keep: parsed, secrets redacted
    misplaced: list[Param]  # sent in the query when documented for the body, or the reverse
    wire: dict[str, str]  # documented parameters as sent, by wire name, secrets redacted


class _Fault:
    """A scripted failure, used up by the matching requests."""

    __slots__ = (
        "kind",
        "remaining",
        "operation",
        "code",
        "status",
        "message",
        "retry_after",
        "delay",
    )

    def __init__(
        self,
        kind: str,
        remaining: int | None,
        operation: str | None,
        code: str | None,
        status: int | None,
        message: str | None,
        retry_after: float | None,
        delay: float,
    ) -> None:
        self.kind = kind
        self.remaining = remaining
        self.operation = operation
        self.code = code
        self.status = status
        self.message = message
        self.retry_after = retry_after
        self.delay = delay

    def take(self, operation: str) -> bool:
        if self.operation not in (None, operation) or self.remaining == 0:
            return False
        if self.remaining is not None:
            self.remaining -= 1
        return True


class FakeServer:
    """The fake service on an ephemeral port of 127.0.0.1; start() or use ``with``.

    ``credentials`` maps each accepted access key id to its secret (one test key by
    default); with ``security_token`` every request must carry that token. Successful
    answers carry ``success_code`` in the code field: the service sends "200" or 200.

    A package's ``testing.FakeServer`` sets ``_service`` and adds ``client()`` and
    ``async_client()``, which build its client classes from ``client_kwargs()``.
    """

    _service: ServiceInfo

    def __init__(
        self,
        credentials: Mapping[str, str] | None = None,
        *,
        security_token: str | None = None,
        success_code: str | int = "200",
        max_clock_skew: float = MAX_CLOCK_SKEW,
    ) -> None:
        service = self._service
        missing = [key for key in _NEEDED if not service.fake.get(key)]
        if missing:
            raise RuntimeError(
                f"{service.name} {service.api_version} has no fake server: the spec's service"
                f" section lacks fake codes for {', '.join(missing)}"
            )
        self._keys = dict(credentials or {ACCESS_KEY_ID: ACCESS_KEY_SECRET})
        if not self._keys:
            raise ValueError("give at least one access key id and its secret")
        self._token = security_token
        self._success_code = success_code
        self._max_skew = max_clock_skew
        self._lock = threading.Lock()
        self._resources: dict[str, dict[str, Any]] = {}
        self._records: dict[str, dict[str, str]] = {}  # the same resources by wire name, as sent
        self._runs: dict[str, list[str]] = (
            {}
        )  # resource id -> ids of the runs started, oldest first
        self._requests: list[RecordedRequest] = []
        self._faults: list[_Fault] = []
        self._httpd: _HTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._sensitive_wire = frozenset(
            p.wire_name
            for op in service.operations.values()
            for p in op.table.params
            if p.sensitive
        )

    # --- lifecycle -------------------------------------------------------------------

    def start(self) -> Self:
        if self._httpd is not None:
            return self
        httpd = _HTTPServer(self._serve)
        # serve_forever notices shutdown() only at its next poll: the default 0.5 s would add
        # half a second to every test that stops a server.
        self._thread = threading.Thread(
            target=httpd.serve_forever,
            kwargs={"poll_interval": 0.02},
            name=f"fake-{self._service.name}",
            daemon=True,
        )
        self._httpd = httpd
        self._thread.start()
        return self

    def stop(self) -> None:
        httpd, self._httpd = self._httpd, None
        if httpd is None:
            return
        httpd.shutdown()
        httpd.close_connections()  # idle keep-alive connections would outlive the server
        httpd.server_close()
        if self._thread is not None:
            self._thread.join()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._httpd is None:
            raise RuntimeError("the fake server is not running; call start() or use `with`")
        return int(self._httpd.server_address[1])

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def connections(self) -> int:
        """TCP connections accepted so far: shows whether clients keep them alive."""
        return 0 if self._httpd is None else self._httpd.accepted

    def __repr__(self) -> str:
        state = f"endpoint={self.endpoint!r}" if self._httpd is not None else "stopped"
        with self._lock:
            counts = f"resources={len(self._resources)}, requests={len(self._requests)}"
        keys = ", ".join(map(repr, self._keys))
        service = self._service
        return f"FakeServer({service.name} {service.api_version}, {state}, keys=[{keys}], {counts})"

    __str__ = __repr__

    # --- clients -----------------------------------------------------------------------

    def client_kwargs(self) -> dict[str, Any]:
        """Keyword arguments that point a client of this package at the fake."""
        key_id, secret = next(iter(self._keys.items()))
        kwargs: dict[str, Any] = {
            "endpoint": self.endpoint,
            "allow_http": True,
            "access_key_id": key_id,
            "access_key_secret": secret,
        }
        if self._token is not None:
            kwargs["security_token"] = self._token
        return kwargs

    # --- scripted faults ---------------------------------------------------------------

    def fail_next(
        self,
        kind: FaultKind,
        times: int | None = 1,
        *,
        operation: str | None = None,
        code: str | None = None,
        status: int | None = None,
        message: str | None = None,
        retry_after: float | None = None,
        delay: float = 1.0,
    ) -> None:
        """Make the next ``times`` requests (of ``operation`` only, if given) fail.

        ``throttling`` and ``server_error`` answer the spec's fake codes (or ``code``)
        with their documented status (or ``status``); ``success_false`` answers HTTP 200
        with Success false and ``code``; ``slow`` answers normally after ``delay``
        seconds; ``drop`` closes the connection without answering. ``retry_after``
        (seconds) adds the retry-after header, in milliseconds as the service sends it.
        ``times=None`` fails every matching request until clear_faults(). Faults apply in
        the order scripted, to signed requests only.
        """
        if kind not in FAULT_KINDS:
            raise ValueError(f"kind must be one of {', '.join(FAULT_KINDS)}, not {kind!r}")
        known = self._service.operations
        if operation is not None and operation not in known:
            raise ValueError(f"no operation {operation!r}; known: {', '.join(known)}")
        if kind == "success_false" and not code:
            raise ValueError("a success_false fault needs the error code to answer with")
        if times is not None and times < 1:
            raise ValueError("times must be at least 1, or None for every matching request")
        fault = _Fault(kind, times, operation, code, status, message, retry_after, delay)
        with self._lock:
            self._faults.append(fault)

    def clear_faults(self) -> None:
        with self._lock:
            self._faults.clear()

    # --- state and records -------------------------------------------------------------

    @property
    def resources(self) -> dict[str, dict[str, Any]]:
        """Every stored resource by id: its parameters by Python name, secrets redacted."""
        with self._lock:
            return copy.deepcopy(self._resources)

    def get(self, resource_id: str) -> dict[str, Any]:
        """One stored resource's parameters; KeyError when there is none with that id."""
        with self._lock:
            return copy.deepcopy(self._resources[resource_id])

    def add_resource(self, params: Mapping[str, Any], resource_id: str | None = None) -> str:
        """Store a resource as if a create operation had made it; returns its id."""
        resource_id = resource_id or str(uuid.uuid4())
        wire = {
            p.python_name: p.wire_name
            for op in self._service.operations.values()
            for p in op.table.params
        }
        record = {wire.get(k, k): _text(v) for k, v in params.items()}
        with self._lock:
            self._resources[resource_id] = copy.deepcopy(dict(params))
            self._records[resource_id] = record
        return resource_id

    @property
    def requests(self) -> list[RecordedRequest]:
        """Every request so far, oldest first."""
        with self._lock:
            return list(self._requests)

    def reset(self) -> None:
        """Forget resources, requests and faults."""
        with self._lock:
            self._resources.clear()
            self._records.clear()
            self._runs.clear()
            self._requests.clear()
            self._faults.clear()

    # --- serving -----------------------------------------------------------------------

    def _serve(self, handler: _Handler) -> None:
        service = self._service
        incoming = _read(service, handler)
        op = _operation_for(service, incoming)
        decoded = _decode(service, op, incoming) if isinstance(op, OperationInfo) else None
        answer, fault = self._respond(incoming, op, decoded)
        self._record(incoming, op, decoded, answer, fault)
        if answer is None:  # a dropped connection: the client sees it reset, with no answer
            handler.close_connection = True
            handler.connection.shutdown(socket.SHUT_RDWR)
            return
        if fault is not None and fault.kind == "slow":
            time.sleep(fault.delay)
        _send(handler, answer)

    def _respond(
        self, incoming: _Incoming, op: OperationInfo | str, decoded: _Decoded | None
    ) -> tuple[_Answer | None, _Fault | None]:
        """The answer (None: drop the connection) and the fault that decided it, if any."""
        refusal = self._authenticate(incoming)  # the gateway checks before anything else
        if refusal is not None:
            return refusal, None
        if isinstance(op, str) or decoded is None:
            why = op if isinstance(op, str) else ""
            return self._error(UNKNOWN_OPERATION, status=404, message=why, detail=why), None
        fault = self._take_fault(op.name)
        return self._answer(op, decoded, fault), fault

    def _answer(self, op: OperationInfo, decoded: _Decoded, fault: _Fault | None) -> _Answer | None:
        if fault is not None and fault.kind == "drop":
            return None
        if fault is not None and fault.kind != "slow":
            return self._fault_answer(fault)
        violations = _location_violations(self._service.codes, decoded.misplaced) + validate(
            op.table, decoded.checked, self._service.codes, strict_enums=True
        )
        if violations:
            first = violations[0]
            return self._error(first.code, message=first.message, detail=str(first))
        return self._perform(op, decoded)

    def _authenticate(self, incoming: _Incoming) -> _Answer | None:
        """None for a correctly signed request from a known key; else the gateway's refusal."""
        fields = _authorization_fields(self._service, incoming.headers.get("authorization", ""))
        if fields is None:
            return self._signature_error("the Authorization header is missing or malformed")
        secret = self._keys.get(fields["Credential"])
        if secret is None:
            code = self._service.fake["unknown_key_error"]
            return self._error(code, detail=f"unknown access key id {fields['Credential']!r}")
        problem = self._signature_problem(incoming, fields, secret)
        return None if problem is None else self._signature_error(problem)

    def _signature_problem(
        self, incoming: _Incoming, fields: Mapping[str, str], secret: str
    ) -> str | None:
        service = self._service
        signed = fields["SignedHeaders"].split(";")
        problem = _unsigned_or_absent(service, incoming, signed) or self._token_problem(incoming)
        if problem is not None:
            return problem
        if incoming.headers[service.content_hash_header] != sha256_hex(incoming.body):
            return f"{service.content_hash_header} is not the SHA-256 of the body"
        age = _age(incoming.headers[service.date_header])
        if age is None or abs(age) > self._max_skew:
            return f"{service.date_header} is not a date within {self._max_skew:.0f}s of now"
        expected = authorization(
            algorithm=service.algorithm,
            method=incoming.method,
            path=incoming.path,
            canonical_query=encode_pairs(incoming.query),  # decoded, then re-encoded canonically
            headers={name: incoming.headers[name] for name in signed},
            payload_hash=sha256_hex(incoming.body),
            access_key_id=fields["Credential"],
            access_key_secret=secret,
        )
        wanted = expected.rsplit("Signature=", 1)[-1]
        if not hmac.compare_digest(wanted.encode(), fields["Signature"].encode()):
            return "the signature does not match the request"
        return None

    def _token_problem(self, incoming: _Incoming) -> str | None:
        sent = incoming.headers.get(self._service.security_token_header)
        if self._token is None:
            return None if sent is None else "a security token was sent but none is configured"
        if sent is None or not hmac.compare_digest(sent.encode(), self._token.encode()):
            return "the security token is missing or wrong"
        return None

    def _perform(self, op: OperationInfo, decoded: _Decoded) -> _Answer:
        """What the spec's fake section says the operation does to the stored resources."""
        action = op.fake.get("action")
        if action == "create":
            return self._create(op, decoded)
        if action == "list":
            return self._list(op, decoded)
        if action not in FakeServer._ON_ONE:
            return self._success(op, None)  # an operation the spec gives no fake behaviour
        resource_id = _id_value(op, decoded.values)
        with self._lock:
            known = resource_id is not None and resource_id in self._resources
            act = FakeServer._ON_ONE[str(action)]
            answer = act(self, op, decoded, str(resource_id)) if known else None
        if answer is None:
            code = str(op.fake.get("not_found"))
            return self._error(code, args=[resource_id], detail=f"no resource {resource_id!r}")
        return answer

    def _create(self, op: OperationInfo, decoded: _Decoded) -> _Answer:
        resource_id = str(uuid.uuid4())
        with self._lock:
            self._resources[resource_id] = copy.deepcopy(decoded.values)
            self._records[resource_id] = dict(decoded.wire)
        return self._success(op, resource_id)

    # The actions on one stored resource; called with the lock held, for a known id.

    def _update(self, op: OperationInfo, decoded: _Decoded, resource_id: str) -> _Answer | None:
        self._resources[resource_id].update(copy.deepcopy(decoded.values))
        self._records[resource_id].update(decoded.wire)
        return self._success(op, resource_id)

    def _describe(self, op: OperationInfo, decoded: _Decoded, resource_id: str) -> _Answer:
        answer = self._success(op, resource_id)
        record = _record(op, self._records[resource_id])
        _put(answer.body, str(op.fake.get("record_field")), {**record, **_at(answer.body, op)})
        return answer

    def _delete(self, op: OperationInfo, decoded: _Decoded, resource_id: str) -> _Answer:
        del self._resources[resource_id], self._records[resource_id]
        self._runs.pop(resource_id, None)
        return self._success(op, resource_id)

    def _run(self, op: OperationInfo, decoded: _Decoded, resource_id: str) -> _Answer:
        run_id = str(uuid.uuid4())
        self._runs.setdefault(resource_id, []).append(run_id)
        answer = self._success(op, resource_id)
        _put(answer.body, str(op.fake.get("run_field")), run_id)
        return answer

    def _status(self, op: OperationInfo, decoded: _Decoded, resource_id: str) -> _Answer | None:
        runs = self._runs.get(resource_id, [])
        asked = decoded.wire.get(str(op.fake.get("run_param")))
        run_id = asked if asked is not None else (runs[-1] if runs else None)
        if run_id is None or run_id not in runs:
            return None  # the spec's not-found code: no such run of this resource
        answer = self._success(op, resource_id)
        _put(answer.body, str(op.fake.get("run_field")), run_id)
        return answer

    _ON_ONE: Final = {  # what an action on one stored resource does (the spec's fake.action)
        "update": _update,
        "describe": _describe,
        "delete": _delete,
        "run": _run,
        "status": _status,
    }

    def _list(self, op: OperationInfo, decoded: _Decoded) -> _Answer:
        paging = op.paging
        if paging is None:
            return self._success(op, None)
        with self._lock:
            records = [
                {**_record(op, record), str(op.fake.get("id_key")): resource_id}
                for resource_id, record in self._records.items()
                if _matches(op, decoded.wire, record, resource_id)
            ]
        size = decoded.values.get(paging.size_param or "", None)
        size = size if isinstance(size, int) and size > 0 else _DEFAULT_PAGE_SIZE
        page = decoded.values.get(paging.page_param or "", paging.first_page)
        page = page if isinstance(page, int) else paging.first_page
        start = (page - paging.first_page) * size
        token = decoded.wire.get(_wire_name(op, paging.token_param), "")
        if paging.style == "token":  # the fake's tokens are offsets, opaque to clients
            start = int(token) if token.isdigit() else 0
        answer = self._success(op, None)
        _put(answer.body, ".".join(paging.items), records[start : start + size])
        if paging.total:
            _put(answer.body, ".".join(paging.total), len(records))
        if paging.next_token and start + size < len(records):
            _put(answer.body, ".".join(paging.next_token), str(start + size))
        for name, value in (("page_field", page), ("size_field", size)):
            if isinstance(op.fake.get(name), str):
                _put(answer.body, str(op.fake.get(name)), value)
        return answer

    def _take_fault(self, operation: str) -> _Fault | None:
        with self._lock:
            for fault in self._faults:
                if fault.take(operation):
                    self._faults = [f for f in self._faults if f.remaining != 0]
                    return fault
        return None

    def _fault_answer(self, fault: _Fault) -> _Answer:
        service = self._service
        code = fault.code or service.fake[_FAULT_CODES.get(fault.kind, "")]
        headers: dict[str, str] = {}
        if fault.retry_after is not None:
            # The service counts whole milliseconds: retry_after=1.5 sends 1500.
            headers[service.retry_after_header] = str(round(fault.retry_after * 1000))
        if fault.kind != "success_false":
            return self._error(
                code, status=fault.status, message=fault.message, headers=headers, detail="fault"
            )
        answer = self._error(code, message=fault.message, headers=headers, detail="fault")
        body = {**answer.body, service.code_field: self._code_value(fault.status or answer.status)}
        return answer._replace(status=200, body=body)

    # --- answers -----------------------------------------------------------------------

    def _success(self, op: OperationInfo, resource_id: str | None) -> _Answer:
        service = self._service
        request_id = str(uuid.uuid4())
        body: dict[str, Any] = {service.request_id_field: request_id}
        body[service.message_field] = "success"
        id_field = op.fake.get("id_field")
        if isinstance(id_field, str) and resource_id is not None:
            _put(body, id_field, resource_id)
        for name in _texts(op.fake.get("fresh_fields")):
            _put(body, name, str(uuid.uuid4()))
        fixed = op.fake.get("fixed")
        for name, value in fixed.items() if is_mapping(fixed) else ():
            _put(body, str(name), value)
        body[service.code_field] = self._success_code
        body[service.success_field] = True
        return _Answer(200, body, headers={service.request_id_header: request_id})

    def _error(
        self,
        code: str,
        *,
        status: int | None = None,
        message: str | None = None,
        args: list[object] | None = None,
        headers: Mapping[str, str] | None = None,
        detail: str = "",
    ) -> _Answer:
        service = self._service
        request_id = str(uuid.uuid4())
        body = {
            service.request_id_field: request_id,
            service.code_field: code,
            service.message_field: message or fill(_template(service, code), args or []),
            service.success_field: False,
            service.error_code_field: code,
        }
        all_headers = {service.request_id_header: request_id, **(headers or {})}
        return _Answer(status or _status(service, code), body, code, all_headers, detail)

    def _signature_error(self, detail: str) -> _Answer:
        return self._error(self._service.fake["signature_error"], detail=detail)

    def _code_value(self, status: int) -> str | int:
        # The code field of an HTTP 200 failure carries a status, in the success's style.
        return status if isinstance(self._success_code, int) else str(status)

    def _record(
        self,
        incoming: _Incoming,
        op: OperationInfo | str,
        decoded: _Decoded | None,
        answer: _Answer | None,
        fault: _Fault | None,
    ) -> None:
        if decoded is not None:
            params = copy.deepcopy(decoded.values)
        else:
            pairs = incoming.query + incoming.form
            params = {k: (REDACTED if k in self._sensitive_wire else v) for k, v in pairs}
        record = RecordedRequest(
            operation=op.name if isinstance(op, OperationInfo) else None,
            method=incoming.method,
            path=incoming.path,
            params=params,
            headers=redacted_headers(self._service, incoming.headers),
            status=None if answer is None else answer.status,
            code=None if answer is None else answer.code,
            fault=None if fault is None else fault.kind,
            detail="dropped" if answer is None else answer.detail,
        )
        with self._lock:
            self._requests.append(record)


# --- reading requests ----------------------------------------------------------------


def _read(service: ServiceInfo, handler: _Handler) -> _Incoming:
    headers = {k.lower(): v for k, v in handler.headers.items()}
    try:
        length = int(headers.get("content-length") or 0)
    except ValueError:
        length, handler.close_connection = 0, True  # the body's end is unknown
    body = handler.rfile.read(length) if length > 0 else b""
    path, _, query = handler.path.partition("?")
    form: list[tuple[str, str]] = []
    if headers.get("content-type", "").startswith(service.form_content_type):
        form = parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True)
    query_pairs = parse_qsl(query, keep_blank_values=True)
    return _Incoming(handler.command, path, query_pairs, form, headers, body)


def _authorization_fields(service: ServiceInfo, value: str) -> dict[str, str] | None:
    algorithm, _, rest = value.partition(" ")
    if algorithm != service.algorithm:
        return None
    fields: dict[str, str] = {}
    for part in rest.split(","):
        name, _, value = part.strip().partition("=")
        fields[name] = value
    if not all(fields.get(k) for k in ("Credential", "SignedHeaders", "Signature")):
        return None
    return fields


def _unsigned_or_absent(service: ServiceInfo, incoming: _Incoming, signed: list[str]) -> str | None:
    """Headers the service requires to be signed must be, and every signed one present."""
    needed = set(service.signed_headers)
    for optional in ("content-type", service.security_token_header):
        if optional in incoming.headers:
            needed.add(optional)
    unsigned = sorted(needed - set(signed))
    if unsigned:
        return f"the {unsigned[0]} header is not signed"
    for name in signed:
        if name not in incoming.headers:
            return f"the signed header {name} is not in the request"
    return None


def _age(date: str) -> float | None:
    try:
        sent = datetime.strptime(date, _DATE_FORMAT).replace(tzinfo=UTC)
    except ValueError:
        return None
    return time.time() - sent.timestamp()


def _operation_for(service: ServiceInfo, incoming: _Incoming) -> OperationInfo | str:
    """The operation a request addresses, or why none matches."""
    action = incoming.headers.get(service.action_header, "")
    op = service.operations.get(action)
    if op is None or _path_values(op, incoming.path) is None or op.method != incoming.method:
        return f"no operation {action!r} at {incoming.method} {incoming.path}"
    version = incoming.headers.get(service.version_header)
    if version != service.api_version:
        return f"{action} has no version {version!r}; the fake serves {service.api_version}"
    return op


def _path_values(op: OperationInfo, path: str) -> dict[str, str] | None:
    """The path parameters' values when path is one of the operation's, else None."""
    parts = re.split(r"\{([^{}]+)\}", op.path)  # literal, name, literal, ...
    if len(parts) == 1:
        return {} if path == op.path else None
    pattern = "".join("([^/]+)" if i % 2 else re.escape(part) for i, part in enumerate(parts))
    found = re.fullmatch(pattern, path)
    if found is None:
        return None
    return dict(zip(parts[1::2], map(unquote, found.groups()), strict=True))


def _decode(service: ServiceInfo, op: OperationInfo, incoming: _Incoming) -> _Decoded:
    by_wire = {p.wire_name: p for p in op.table.params}
    decoded = _Decoded({}, {}, [], {})
    located = [
        ("path", list((_path_values(op, incoming.path) or {}).items())),
        (
            "header",
            [
                (p.wire_name, incoming.headers[p.wire_name.lower()])
                for p in op.table.params
                if p.location == "header" and p.wire_name.lower() in incoming.headers
            ],
        ),
    ]
    for location, pairs in (("query", incoming.query), ("body", incoming.form), *located):
        for wire, text in pairs:
            param = by_wire.get(wire)
            if param is None:  # the validator reports it under the name it was sent as
                decoded.checked[wire] = decoded.values[wire] = text
                continue
            if param.location != location:
                decoded.misplaced.append(param)
            decoded.checked[param.python_name] = _checked(service, param, text)
            decoded.values[param.python_name] = _kept(service, param, text)
            decoded.wire[wire] = REDACTED if param.sensitive else text
    return decoded


def _checked(service: ServiceInfo, param: Param, text: str) -> Any:
    """The value as a caller would have passed it, so that the validator judges it alike."""
    if text == "" and param.empty_clears:
        return CLEAR
    if param.json is not None:
        return text  # the validator parses JSON text itself and reports what is wrong
    kinds = param.node.kinds
    # The service reads booleans case-insensitively (the spec's wire section says so).
    booleans = {service.boolean_true.lower(): True, service.boolean_false.lower(): False}
    if "boolean" in kinds and text.lower() in booleans:
        return booleans[text.lower()]
    if "integer" in kinds and _INTEGER.fullmatch(text):
        return int(text)
    if "number" in kinds:
        try:
            return float(text)
        except ValueError:
            pass
    return text  # the wrong type stays text, and the validator says so


def _kept(service: ServiceInfo, param: Param, text: str) -> Any:
    if param.sensitive:
        return REDACTED
    value = _checked(service, param, text)
    if value is CLEAR:
        return ""
    if param.json is not None and text:
        try:
            return json.loads(text)
        except ValueError:
            return text
    return value


def _location_violations(codes: Codes, misplaced: list[Param]) -> list[Violation]:
    found: list[Violation] = []
    for p in misplaced:
        detail = f"must be sent in the {p.location}"
        template = codes.templates.get(codes.invalid, "")
        args = [p.wire_name] if template.count("%s") < 2 else [p.wire_name, detail]
        found.append(
            Violation(p.wire_name, "location", codes.invalid, fill(template, args), detail)
        )
    return found


def _wire_name(op: OperationInfo, python_name: str | None) -> str:
    return next((p.wire_name for p in op.table.params if p.python_name == python_name), "")


def _id_value(op: OperationInfo, values: Mapping[str, Any]) -> str | None:
    wire = op.fake.get("id_param")
    for p in op.table.params:
        if p.wire_name == wire and p.python_name in values:
            return str(values[p.python_name])
    return None


_DEFAULT_PAGE_SIZE: Final = 10  # the fake's page size when a list call gives none


def _text(value: Any) -> str:
    """A value as the wire would carry it (the fake reads booleans case-insensitively)."""
    if isinstance(value, bool):
        return str(value).lower()
    return value if isinstance(value, str) else json.dumps(value, separators=(",", ":"))


def _record(op: OperationInfo, wire: Mapping[str, str]) -> dict[str, Any]:
    """A stored resource as the operation's answer shows it: the keys the response
    documents (``record_types``: key -> type), each value read as that type."""
    types = op.fake.get("record_types")
    if not is_mapping(types):
        return {}
    out: dict[str, Any] = {}
    for key, kind in types.items():
        text = wire.get(key)
        if text is None or text == REDACTED:
            continue
        if kind in ("integer", "long") and _INTEGER.fullmatch(text):
            out[key] = int(text)
        elif kind == "boolean":
            out[key] = text.lower() == "true"
        elif kind == "string":
            out[key] = text
    return out


def _at(body: Mapping[str, Any], op: OperationInfo) -> dict[str, Any]:
    """What the answer already holds at the operation's record field (the id, fresh ids)."""
    found: Any = body
    for key in str(op.fake.get("record_field")).split("."):
        found = found.get(key, {}) if is_mapping(found) else {}
    return dict(found) if is_mapping(found) else {}


def _matches(
    op: OperationInfo, sent: Mapping[str, str], record: Mapping[str, str], resource_id: str
) -> bool:
    """Whether a stored resource passes the list call's filters (``filters`` in the spec:
    a parameter and the stored key it must equal, or ``key_from`` a parameter whose value
    picks the key from ``keys``; the id key compares with the resource id)."""
    filters = op.fake.get("filters")
    for rule in filters if is_array(filters) else []:
        value = sent.get(rule["param"])
        if value is None:
            continue
        key = rule.get("key") or rule.get("keys", {}).get(sent.get(rule.get("key_from", ""), ""))
        if key is None:
            continue
        have = resource_id if key == op.fake.get("id_key") else record.get(key)
        wanted = value.split(",") if rule.get("split") else [value]
        if have not in wanted:
            return False
    return True


# --- answers -------------------------------------------------------------------------


def _status(service: ServiceInfo, code: str) -> int:
    info = service.errors.get(code)
    return 400 if info is None else info.http_status  # only the fake's own codes are unknown


def _template(service: ServiceInfo, code: str) -> str:
    info = service.errors.get(code)
    return service.codes.templates.get(code, code) if info is None else info.message


def _texts(value: object) -> tuple[str, ...]:
    return tuple(v for v in value if isinstance(v, str)) if is_array(value) else ()


def _put(body: dict[str, Any], dotted: str, value: object) -> None:
    *parents, last = dotted.split(".")
    for name in parents:
        body = body.setdefault(name, {})
    body[last] = value


def _send(handler: _Handler, answer: _Answer) -> None:
    data = json.dumps(answer.body, separators=(",", ":")).encode("utf-8")
    handler.send_response(answer.status)
    handler.send_header("content-type", "application/json;charset=utf-8")
    handler.send_header("content-length", str(len(data)))
    for name, value in answer.headers.items():
        handler.send_header(name, value)
    handler.end_headers()
    handler.wfile.write(data)


# --- the HTTP server -----------------------------------------------------------------


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as the clients use it
    disable_nagle_algorithm = True
    wbufsize = 1 << 16  # headers and body leave in one send: no delayed-ACK stalls

    @property
    def _httpd(self) -> _HTTPServer:
        return cast(_HTTPServer, self.server)  # the only server that makes these handlers

    def setup(self) -> None:
        super().setup()
        self._httpd.track(self.connection, opened=True)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self._httpd.track(self.connection, opened=False)

    def _any(self) -> None:
        self._httpd.serve(self)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _any

    def log_message(self, format: str, *args: Any) -> None:
        pass  # server.requests is the log; stderr noise would hide test output


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, serve: Callable[[_Handler], None]) -> None:
        self.serve = serve  # the fake's FakeServer._serve
        self._open: set[socket.socket] = set()
        self._open_lock = threading.Lock()
        self.accepted = 0
        super().__init__(("127.0.0.1", 0), _Handler)

    def server_bind(self) -> None:
        # HTTPServer.server_bind resolves the host's FQDN, a DNS lookup the fake never needs.
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = "127.0.0.1", int(self.server_address[1])

    def track(self, conn: socket.socket, *, opened: bool) -> None:
        with self._open_lock:
            if opened:
                self._open.add(conn)
                self.accepted += 1
            else:
                self._open.discard(conn)

    def close_connections(self) -> None:
        with self._open_lock:
            conns, self._open = self._open, set()
        for conn in conns:
            try:
                conn.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass  # already closed by the client

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that gave up (a timeout test) breaks the pipe; that is not an error here.
        if not isinstance(sys.exc_info()[1], OSError):
            super().handle_error(request, client_address)


# --- pytest --------------------------------------------------------------------------


_Server = TypeVar("_Server", bound=FakeServer)


def serve(server_class: type[_Server]) -> Iterator[_Server]:
    """A started fake with the default test credentials, stopped after the test."""
    with server_class() as server:
        yield server
