"""What the sync and async clients share: options, request building, signing, answer
handling, and the decision whether to retry. Only the sending itself differs."""

from __future__ import annotations

import json
import logging
import os
import random
import time
import zlib
from collections.abc import Callable, Mapping
from typing import Any, Generic, TypedDict, TypeVar

from ._config import OperationInfo, ServiceInfo
from ._credentials import Credentials
from ._errors import (
    APIConnectionError,
    APIError,
    APITimeoutError,
    ResponseTooLargeError,
    ServerError,
    ThrottlingError,
    error_for,
)
from ._records import Record
from ._signing import authorization, encode_pairs, percent_encode, sha256_hex
from ._validation import CLEAR, is_array, is_object, param_index

T = TypeVar("T")
REDACTED = "<redacted>"


class Timeouts(Record):
    """Seconds to wait for a connection, for each read, and for a whole attempt.

    ``attempt`` bounds one request from connecting to the last byte of the answer, however
    the server paces it; None means ``connect + read``.
    """

    connect: float = 5.0
    read: float = 10.0
    attempt: float | None = None

    @classmethod
    def of(cls, value: float | Timeouts) -> Timeouts:
        """A number sets every timeout: no attempt takes longer than it."""
        return (
            value if isinstance(value, Timeouts) else cls(float(value), float(value), float(value))
        )

    @property
    def per_attempt(self) -> float:
        return self.attempt if self.attempt is not None else self.connect + self.read


class RetryPolicy(Record):
    """Bounded retries with exponential backoff and full jitter."""

    max_retries: int = 2
    initial_backoff: float = 0.5
    max_backoff: float = 8.0
    jitter: bool = True
    max_retry_after: float = 120.0  # seconds; the server's own retry-after is honoured up to this

    def delay(self, retry_number: int, retry_after: float | None) -> float:
        if retry_after is not None:
            return min(max(retry_after, 0.0), self.max_retry_after)
        ceiling = min(self.initial_backoff * (2**retry_number), self.max_backoff)
        return random.uniform(0, ceiling) if self.jitter else ceiling


DEFAULT_MAX_RESPONSE_BYTES = 8 * 1024 * 1024


class RequestOptions(TypedDict, total=False):
    """Per-call overrides of the client's settings."""

    timeout: float | Timeouts
    total_timeout: float | None
    max_retries: int
    max_response_bytes: int
    validate: bool
    strict_enums: bool
    retry_non_idempotent: bool
    headers: Mapping[str, str]


class Settings(Record):
    """A client's settings with one call's options applied."""

    timeouts: Timeouts
    retry: RetryPolicy
    validate: bool
    strict_enums: bool
    retry_non_idempotent: bool
    headers: Mapping[str, str] = {}  # lower-case names; never mutated, merged() builds anew
    total_timeout: float | None = None  # seconds for the whole call, retries and waits included
    max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES

    def merged(self, options: RequestOptions | None, service: ServiceInfo) -> Settings:
        if not options:
            return self
        timeouts = Timeouts.of(options.get("timeout", self.timeouts))
        retry = self.retry
        if "max_retries" in options:
            retry = retry._replace(max_retries=options["max_retries"])
        return Settings(
            timeouts=timeouts,
            retry=retry,
            validate=options.get("validate", self.validate),
            strict_enums=options.get("strict_enums", self.strict_enums),
            retry_non_idempotent=options.get("retry_non_idempotent", self.retry_non_idempotent),
            headers=caller_headers(service, self.headers, options.get("headers", {})),
            total_timeout=options.get("total_timeout", self.total_timeout),
            max_response_bytes=options.get("max_response_bytes", self.max_response_bytes),
        )


def caller_headers(service: ServiceInfo, *layers: Mapping[str, object]) -> dict[str, str]:
    """Headers a caller adds, merged by lower-case name (later layers win); values must be str.

    The client owns the headers it signs the request with; a caller may not replace them.
    """
    owned = _owned_headers(service)
    merged: dict[str, str] = {}
    for layer in layers:
        for name, value in layer.items():
            key = name.strip().lower()
            if key in owned:
                raise ValueError(f"the {name!r} header is set by the client and cannot be given")
            if not isinstance(value, str) or "\n" in value or "\r" in value:
                raise ValueError(f"the {name!r} header needs a one-line string value")
            merged[key] = value
    return merged


def _owned_headers(service: ServiceInfo) -> frozenset[str]:
    return frozenset(
        {
            "host",
            "authorization",
            "content-type",
            "content-length",
            "transfer-encoding",
            "accept-encoding",
            service.action_header,
            service.version_header,
            service.date_header,
            service.nonce_header,
            service.content_hash_header,
            service.security_token_header,
        }
    )


class NotGiven:
    """The default of every optional parameter: leave it out of the request.

    ``NOT_GIVEN`` is its only instance; ``None`` is never a value.
    """

    _instance: NotGiven | None = None

    def __new__(cls) -> NotGiven:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __bool__(self) -> bool:
        return False

    def __repr__(self) -> str:
        return "NOT_GIVEN"

    def __reduce__(self) -> str:
        return "NOT_GIVEN"


NOT_GIVEN = NotGiven()

# What an extra parameter may be: sent as documented parameters are (JSON for containers).
ExtraValue = str | int | float | bool | list[Any] | dict[str, Any]


class Extras(Record):
    """Parameters the spec does not know yet, sent (and signed) as the caller places them."""

    query: Mapping[str, ExtraValue] = {}
    body: Mapping[str, ExtraValue] = {}
    headers: Mapping[str, str] = {}


NO_EXTRAS = Extras()


def given(params: Mapping[str, Any]) -> dict[str, Any]:
    """The parameters the caller gave: NOT_GIVEN ones stay unsent."""
    return {name: value for name, value in params.items() if value is not NOT_GIVEN}


def gather_extras(
    query: Mapping[str, ExtraValue] | None,
    body: Mapping[str, ExtraValue] | None,
    headers: Mapping[str, str] | None,
) -> Extras:
    return Extras(query or {}, body or {}, headers or {}) if query or body or headers else NO_EXTRAS


class ApiResponse(Record, Generic[T]):
    """The parsed result together with the HTTP details of the answer."""

    status_code: int
    headers: Mapping[str, str]
    request_id: str | None
    parsed: T
    attempts: int


class PreparedRequest(Record):
    method: str
    url: str
    path: str  # path and query, as sent on the request line
    headers: dict[str, str]
    body: bytes
    secrets: tuple[str, ...]  # sensitive values sent, and the credentials: never shown

    def redacted(self) -> str:
        """What a log may show: the request with sensitive values blanked out."""
        return redact(f"{self.method} {self.url} body={self.body.decode('utf-8')!r}", self.secrets)


class RawAnswer(Record):
    status_code: int
    headers: Mapping[str, str]
    body: bytes


def serialize(service: ServiceInfo, value: Any) -> str:
    if value is CLEAR:
        return ""
    if isinstance(value, bool):
        return service.boolean_true if value else service.boolean_false
    if isinstance(value, str):
        return value
    if isinstance(value, int):
        return str(value)
    return _compact_json(value)


# json.dumps(value, ensure_ascii=False, separators=(",", ":")), as one encoder for every
# request: json.dumps with options builds a new one per call.
_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def _json_encoder() -> Callable[[Any], str]:
    """_JSON.encode without its cost per call: JSONEncoder builds its C encoder anew on every
    encode(); this builds it once (json's own way where the C accelerator is missing)."""
    try:
        from _json import encode_basestring, make_encoder
    except ImportError:  # pragma: no cover - CPython always has it
        return _JSON.encode
    # markers=None: no circular-reference bookkeeping, whose dict a failed encode leaves dirty.
    encoder = make_encoder(
        None, _JSON.default, encode_basestring, None, ":", ",", False, False, True
    )

    def encode(value: Any) -> str:
        try:
            return "".join(encoder(value, 0))
        except Exception:  # not JSON, or circular: json's own encoder says which
            return _JSON.encode(value)

    return encode


_compact_json = _json_encoder()


def prepare(
    service: ServiceInfo,
    op: OperationInfo,
    params: Mapping[str, Any],
    credentials: Credentials,
    *,
    scheme: str,
    host: str,
    headers: Mapping[str, str],
    extras: Extras = NO_EXTRAS,
) -> PreparedRequest:
    """The signed request. ``headers`` are the caller's, merged by caller_headers(): every
    header sent is signed, as the official SDK does."""
    by_name = param_index(op.table)
    query: list[tuple[str, str]] = []
    form: list[tuple[str, str]] = []
    secret_values = [credentials.access_key_secret]
    if credentials.security_token:
        secret_values.append(credentials.security_token)
    resource_path = op.path
    param_headers: dict[str, str] = {}
    for name, value in params.items():
        param = by_name[name]
        text = value if type(value) is str else serialize(service, value)  # most are str
        location = param.location
        if location == "query":
            query.append((param.wire_name, text))
        elif location == "body":
            form.append((param.wire_name, text))
        elif location == "path":
            resource_path = resource_path.replace(f"{{{param.wire_name}}}", percent_encode(text))
        elif location == "header":
            param_headers[param.wire_name.lower()] = text
        else:
            query.append((param.wire_name, text))
        if param.sensitive and text:
            secret_values.append(text)
    if extras.query or extras.body:
        _add_extras(service, op, extras, query, form)
    body = encode_pairs(form).encode("utf-8") if form else b""
    canonical_query = encode_pairs(query)
    signed = {
        "accept": "application/json",
        "user-agent": service.user_agent,
        **headers,
        **(caller_headers(service, extras.headers) if extras.headers else {}),
        **param_headers,
        "host": host,
        service.action_header: op.name,
        service.version_header: service.api_version,
        service.date_header: time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        service.nonce_header: os.urandom(16).hex(),
        service.content_hash_header: sha256_hex(body),
    }
    if form:
        signed["content-type"] = service.form_content_type
    if credentials.security_token:
        signed[service.security_token_header] = credentials.security_token
    signed["authorization"] = authorization(
        algorithm=service.algorithm,
        method=op.method,
        path=resource_path,
        canonical_query=canonical_query,
        headers=signed,
        payload_hash=signed[service.content_hash_header],
        access_key_id=credentials.access_key_id,
        access_key_secret=credentials.access_key_secret,
    )
    path = f"{resource_path}?{canonical_query}" if query else resource_path
    return PreparedRequest(
        op.method, f"{scheme}://{host}{path}", path, signed, body, tuple(secret_values)
    )


def _add_extras(
    service: ServiceInfo,
    op: OperationInfo,
    extras: Extras,
    query: list[tuple[str, str]],
    form: list[tuple[str, str]],
) -> None:
    """Extra parameters go where the caller says, serialised as documented ones are."""
    known = {p.wire_name for p in param_index(op.table).values()}
    # Typed for callers, checked here: a caller without a type checker may send anything.
    placed: list[tuple[list[tuple[str, str]], Mapping[str, object]]] = [
        (query, extras.query),
        (form, extras.body),
    ]
    for target, given in placed:
        for name, value in given.items():
            if name in known:
                raise ValueError(
                    f"{name} is a documented parameter of {op.name}: pass it by its own name"
                )
            if value is None:
                raise ValueError(f"extra parameter {name}: None is never a value")
            target.append((name, serialize(service, value)))


def redact(text: str, secrets: tuple[str, ...]) -> str:
    for secret in secrets:
        text = text.replace(percent_encode(secret), REDACTED).replace(secret, REDACTED)
    return text


def _redact_tree(value: Any, secrets: tuple[str, ...]) -> Any:
    """A parsed JSON body with every sent secret blanked out of its strings."""
    if isinstance(value, str):
        return redact(value, secrets)
    if is_object(value):
        return {redact(k, secrets): _redact_tree(v, secrets) for k, v in value.items()}
    if is_array(value):
        return [_redact_tree(v, secrets) for v in value]
    return value


def redacted_headers(
    service: ServiceInfo, headers: Mapping[str, str], secrets: tuple[str, ...] = ()
) -> dict[str, str]:
    """Headers a log may show: credentials, and the values of sensitive header parameters
    (``secrets``), blanked out."""
    hidden = {"authorization", service.security_token_header}
    return {
        k: (REDACTED if k.lower() in hidden else redact(v, secrets)) for k, v in headers.items()
    }


# Inflate at most this much at a time, so that a compressed answer never costs more memory
# than the limit and one step (one large step would also hold its output twice while built).
_INFLATE_STEP = 1 << 20


class BodyReader:
    """An answer's body, decompressed as it arrives and never let grow past ``limit`` bytes."""

    def __init__(self, host: str, encoding: str | None, limit: int) -> None:
        self._host = host
        self._limit = limit
        self._parts: list[bytes] = []
        self._size = 0
        coding = (encoding or "identity").strip().lower()
        if coding not in ("identity", "gzip", "x-gzip", "deflate"):
            raise APIConnectionError(
                f"{host} answered with content-encoding {coding!r}, which this client does not read",
                sent=True,
            )
        # gzip or zlib header, detected; decompression is bounded by max_length below.
        self._inflate = None if coding == "identity" else zlib.decompressobj(32 + zlib.MAX_WBITS)

    def feed(self, chunk: bytes) -> None:
        if self._inflate is None:
            self._add(chunk)
            return
        try:
            while chunk:
                step = min(self._limit - self._size + 1, _INFLATE_STEP)
                self._add(self._inflate.decompress(chunk, step))
                chunk = self._inflate.unconsumed_tail
        except zlib.error as exc:
            raise self._corrupt() from exc

    def _corrupt(self) -> APIConnectionError:
        return APIConnectionError(f"{self._host} sent a corrupt compressed answer", sent=True)

    def _add(self, data: bytes) -> None:
        self._size += len(data)
        if self._size > self._limit:
            raise ResponseTooLargeError(
                f"the answer from {self._host} exceeds max_response_bytes={self._limit}", sent=True
            )
        self._parts.append(data)

    def body(self) -> bytes:
        if self._inflate is not None:
            try:
                self._add(self._inflate.flush())
            except zlib.error as exc:
                raise self._corrupt() from exc
        return b"".join(self._parts)


def late(host: str, timeouts: Timeouts) -> APITimeoutError:
    """No (complete) answer in time: the read timeout or the attempt's deadline ran out."""
    return APITimeoutError(
        f"no answer from {host} in time (read timeout {timeouts.read}s,"
        f" attempt deadline {timeouts.per_attempt}s)",
        sent=True,
    )


def handle_answer(
    service: ServiceInfo, answer: RawAnswer, attempts: int, secrets: tuple[str, ...] = ()
) -> ApiResponse[Any]:
    """The parsed body of a successful answer; any failure raises the matching APIError.

    What the server echoes of a secret the client sent is blanked out of the exception.
    """
    header_id = _header(answer.headers, service.request_id_header)
    try:
        body = json.loads(answer.body) if answer.body else None
    except ValueError:
        body = None
    if not is_object(body):
        text = redact(answer.body[:200].decode("utf-8", "replace").strip(), secrets)
        status = answer.status_code if answer.status_code >= 400 else 502
        error = error_for(
            service, status, None, f"unexpected non-JSON answer: {text!r}", request_id=header_id
        )
        error.status_code = answer.status_code
        error.attempts = attempts
        error.retry_after = parse_retry_after(service, answer.headers)
        raise error
    _normalise(service, body)
    request_id = body.get(service.request_id_field) or header_id
    if answer.status_code >= 400 or body.get(service.success_field) is False:
        code = body.get(service.error_code_field) or _text_code(body.get(service.code_field))
        message = redact(str(body.get(service.message_field) or "no message"), secrets)
        error = error_for(
            service,
            _error_status(service, answer.status_code, body),
            code,
            message,
            request_id=request_id,
            body=_redact_tree(body, secrets) if secrets else body,
        )
        error.attempts = attempts
        error.retry_after = parse_retry_after(service, answer.headers)
        raise error
    return ApiResponse(answer.status_code, dict(answer.headers), request_id, body, attempts)


def _error_status(service: ServiceInfo, status: int, body: dict[str, Any]) -> int:
    """HTTP 200 with Success false: the body's numeric Code is the real status, if it has one."""
    code = body.get(service.code_field)
    if status < 400 and isinstance(code, int) and not isinstance(code, bool) and 400 <= code < 600:
        return code
    return status


def _normalise(service: ServiceInfo, body: dict[str, Any]) -> None:
    """The service sends Code as "200" or 200, and ErrorCode "" / "空" / "Null" for none."""
    code = body.get(service.code_field)
    if isinstance(code, str) and code.strip().isdigit():
        body[service.code_field] = int(code)
    error_code = body.get(service.error_code_field)
    if isinstance(error_code, str) and error_code.strip() in service.empty_error_codes:
        body[service.error_code_field] = None


def _text_code(code: Any) -> str | None:
    # The gateway's error body puts the error code in Code; the service's own body puts a status there.
    return code if isinstance(code, str) and not code.isdigit() else None


def _header(headers: Mapping[str, str], name: str) -> str | None:
    for key, value in headers.items():
        if key.lower() == name:
            return value
    return None


def retry_delay(
    error: Exception, retry_number: int, settings: Settings, op: OperationInfo
) -> float | None:
    """Seconds to wait before the next attempt, or None when retrying is unsafe or pointless."""
    if retry_number >= settings.retry.max_retries:
        return None
    may_repeat = op.idempotent or settings.retry_non_idempotent
    if isinstance(error, ResponseTooLargeError):
        return None  # the same answer would come again
    if isinstance(error, APIConnectionError):
        # A request that may have reached the server is only repeated when that is harmless.
        return settings.retry.delay(retry_number, None) if (not error.sent or may_repeat) else None
    if not isinstance(error, APIError):
        return None
    retry_after = error.retry_after
    if isinstance(error, ServerError):
        # A 5xx may come after the work was done: repeat only what is safe to repeat.
        return settings.retry.delay(retry_number, retry_after) if may_repeat else None
    # Throttling and "try again later" answers mean the request was refused, not performed.
    if isinstance(error, ThrottlingError) or error.retryable:
        return settings.retry.delay(retry_number, retry_after)
    return None


def parse_retry_after(service: ServiceInfo, headers: Mapping[str, str]) -> float | None:
    """Seconds to wait, from the header's whole milliseconds (as the official SDK reads it).

    A missing, malformed, zero or negative value means the server did not say.
    """
    value = (_header(headers, service.retry_after_header) or "").strip()
    if not (value.isascii() and value.isdigit()):
        return None
    milliseconds = int(value)
    return milliseconds / 1000 if milliseconds > 0 else None


# The generated package's own logger: the runtime lives in its "_runtime" subpackage.
LOG = logging.getLogger(__name__.rpartition("._runtime")[0] or __name__)
