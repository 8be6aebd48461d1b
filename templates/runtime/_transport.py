"""What the sync and async clients share: options, request building, signing, answer
handling, and the decision whether to retry. Only the sending itself differs."""

from __future__ import annotations

import json
import logging
import os
import random
import time
from collections.abc import Mapping
from typing import Any, Generic, NamedTuple, TypedDict, TypeVar

from ._config import OperationInfo, ServiceInfo
from ._credentials import Credentials
from ._errors import (
    APIConnectionError,
    APIError,
    ServerError,
    ThrottlingError,
    error_for,
)
from ._signing import authorization, encode_pairs, percent_encode, sha256_hex
from ._validation import CLEAR, Param, param_index

T = TypeVar("T")
REDACTED = "<redacted>"


class Timeouts(NamedTuple):
    """Seconds to wait for a connection and for an answer."""

    connect: float = 5.0
    read: float = 10.0

    @classmethod
    def of(cls, value: float | Timeouts) -> Timeouts:
        """A number sets both timeouts."""
        return value if isinstance(value, Timeouts) else cls(float(value), float(value))


class RetryPolicy(NamedTuple):
    """Bounded retries with exponential backoff and full jitter."""

    max_retries: int = 2
    initial_backoff: float = 0.5
    max_backoff: float = 8.0
    jitter: bool = True
    max_retry_after: float = 60.0  # the server's own retry-after is honoured up to this

    def delay(self, retry_number: int, retry_after: float | None) -> float:
        if retry_after is not None:
            return min(max(retry_after, 0.0), self.max_retry_after)
        ceiling = min(self.initial_backoff * (2**retry_number), self.max_backoff)
        return random.uniform(0, ceiling) if self.jitter else ceiling


class RequestOptions(TypedDict, total=False):
    """Per-call overrides of the client's settings."""

    timeout: float | Timeouts
    max_retries: int
    validate: bool
    strict_enums: bool
    retry_non_idempotent: bool
    headers: Mapping[str, str]


class Settings(NamedTuple):
    """A client's settings with one call's options applied."""

    timeouts: Timeouts
    retry: RetryPolicy
    validate: bool
    strict_enums: bool
    retry_non_idempotent: bool
    headers: Mapping[str, str] = {}  # never mutated; merged() builds a new one

    def merged(self, options: RequestOptions | None) -> Settings:
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
            headers={**self.headers, **options.get("headers", {})},
        )


class ApiResponse(NamedTuple, Generic[T]):
    """The parsed result together with the HTTP details of the answer."""

    status_code: int
    headers: Mapping[str, str]
    request_id: str | None
    parsed: T
    attempts: int


class PreparedRequest(NamedTuple):
    method: str
    url: str
    path: str  # path and query, as sent on the request line
    headers: dict[str, str]
    body: bytes
    secrets: tuple[str, ...]  # values of sensitive parameters, to blank out of any log line

    def redacted(self) -> str:
        """What a log may show: the request with sensitive values blanked out."""
        return _redact(f"{self.method} {self.url} body={self.body.decode('utf-8')!r}", self.secrets)


class RawAnswer(NamedTuple):
    status_code: int
    headers: Mapping[str, str]
    body: bytes


def serialize(service: ServiceInfo, param: Param, value: Any) -> str:
    if value is CLEAR:
        return ""
    if isinstance(value, bool):
        return service.boolean_true if value else service.boolean_false
    if isinstance(value, str):
        return value
    if isinstance(value, int):
        return str(value)
    return _JSON.encode(value)


# One encoder for every request: json.dumps with options builds a new one per call.
_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def prepare(
    service: ServiceInfo,
    op: OperationInfo,
    params: Mapping[str, Any],
    credentials: Credentials,
    *,
    scheme: str,
    host: str,
    extra_headers: Mapping[str, str],
) -> PreparedRequest:
    by_name = param_index(op.table)
    query: list[tuple[str, str]] = []
    form: list[tuple[str, str]] = []
    secret_values: list[str] = []
    resource_path = op.path
    param_headers: dict[str, str] = {}
    for name, value in params.items():
        param = by_name[name]
        text = serialize(service, param, value)
        if param.location == "path":
            resource_path = resource_path.replace(f"{{{param.wire_name}}}", percent_encode(text))
        elif param.location == "header":
            param_headers[param.wire_name.lower()] = text
        else:
            (form if param.location == "body" else query).append((param.wire_name, text))
        if param.sensitive and text:
            secret_values.append(text)
    body = encode_pairs(form).encode("utf-8") if form else b""
    canonical_query = encode_pairs(query)
    headers = {
        **param_headers,
        "host": host,
        service.action_header: op.name,
        service.version_header: service.api_version,
        service.date_header: time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        service.nonce_header: os.urandom(16).hex(),
        service.content_hash_header: sha256_hex(body),
    }
    if form:
        headers["content-type"] = service.form_content_type
    if credentials.security_token:
        headers[service.security_token_header] = credentials.security_token
    headers["authorization"] = authorization(
        algorithm=service.algorithm,
        method=op.method,
        path=resource_path,
        canonical_query=canonical_query,
        headers=headers,
        payload_hash=headers[service.content_hash_header],
        access_key_id=credentials.access_key_id,
        access_key_secret=credentials.access_key_secret,
    )
    headers.update(
        {"accept": "application/json", "user-agent": service.user_agent, **extra_headers}
    )
    path = f"{resource_path}?{canonical_query}" if query else resource_path
    return PreparedRequest(
        op.method, f"{scheme}://{host}{path}", path, headers, body, tuple(secret_values)
    )


def _redact(text: str, secrets: tuple[str, ...]) -> str:
    for secret in secrets:
        text = text.replace(percent_encode(secret), REDACTED).replace(secret, REDACTED)
    return text


def redacted_headers(
    service: ServiceInfo, headers: Mapping[str, str], secrets: tuple[str, ...] = ()
) -> dict[str, str]:
    """Headers a log may show: credentials, and the values of sensitive header parameters
    (``secrets``), blanked out."""
    hidden = {"authorization", service.security_token_header}
    return {
        k: (REDACTED if k.lower() in hidden else _redact(v, secrets)) for k, v in headers.items()
    }


def handle_answer(service: ServiceInfo, answer: RawAnswer, attempts: int) -> ApiResponse[Any]:
    """The parsed body of a successful answer; any failure raises the matching APIError."""
    header_id = _header(answer.headers, service.request_id_header)
    try:
        body = json.loads(answer.body) if answer.body else None
    except ValueError:
        body = None
    if not isinstance(body, dict):
        text = answer.body[:200].decode("utf-8", "replace").strip()
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
        message = str(body.get(service.message_field) or "no message")
        error = error_for(
            service, answer.status_code, code, message, request_id=request_id, body=body
        )
        error.attempts = attempts
        error.retry_after = parse_retry_after(service, answer.headers)
        raise error
    return ApiResponse(answer.status_code, dict(answer.headers), request_id, body, attempts)


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
    value = _header(headers, service.retry_after_header)
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


# The generated package's own logger: the runtime lives in its "_runtime" subpackage.
LOG = logging.getLogger(__name__.rpartition("._runtime")[0] or __name__)
