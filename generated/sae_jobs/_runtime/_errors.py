# Copied by gen from its runtime (the same in every generated package); do not edit.
"""The exceptions a generated package raises, and the rule that picks one for an answer.

The generated ``errors.py`` names the root after the service and re-exports the rest.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._error_info import ErrorInfo
from ._validation import Violation

if TYPE_CHECKING:
    from ._config import ServiceInfo

__all__ = [
    "APIConnectionError",
    "APIError",
    "APITimeoutError",
    "BadRequestError",
    "ClientError",
    "CredentialsError",
    "NotFoundError",
    "PagingError",
    "ResponseTooLargeError",
    "ServerError",
    "ThrottlingError",
    "ValidationError",
    "error_for",
]


class ClientError(Exception):
    """The root of every exception this package raises."""

    def __reduce__(self) -> tuple[Any, ...]:
        # Keyword-only constructors do not survive the default Exception pickling.
        return (_rebuild, (type(self), self.args, self.__dict__.copy()))


def _rebuild(cls: type[ClientError], args: tuple[Any, ...], state: dict[str, Any]) -> ClientError:
    error = cls.__new__(cls)
    error.args = args
    error.__dict__.update(state)
    return error


class ValidationError(ClientError, ValueError):
    """The request breaks documented rules; nothing was sent. ``violations`` lists them all."""

    def __init__(self, operation: str, violations: list[Violation]) -> None:
        self.operation = operation
        self.violations = violations
        lines = "\n".join(f"  - {v}" for v in violations)
        super().__init__(f"{operation}: {len(violations)} violation(s)\n{lines}")


class CredentialsError(ClientError):
    """No usable credentials; raised before any network I/O."""


class APIError(ClientError):
    """The service answered with an error (or HTTP 200 with Success false).

    ``code`` is the package's ``ErrorCode`` member when the spec documents the code, else the
    code as the service sent it.
    """

    def __init__(
        self,
        message: str,
        *,
        status_code: int,
        code: str | None,
        request_id: str | None = None,
        body: Any = None,
        attempts: int = 1,
        info: ErrorInfo | None = None,
    ) -> None:
        self.message = message
        self.status_code = status_code
        self.code = code
        self.request_id = request_id
        self.body = body
        self.attempts = attempts
        self.info = info  # what the documentation says about the code, when it knows it
        self.retry_after: float | None = None  # seconds (the header counts milliseconds)
        super().__init__(self._describe())

    def _describe(self) -> str:
        code = f"{self.code}: " if self.code else ""
        request = f", request {self.request_id}" if self.request_id else ""
        return f"{code}{self.message} (HTTP {self.status_code}{request})"

    @property
    def retryable(self) -> bool:
        """The documentation says to try again later, or the code is a throttling answer."""
        return self.info is not None and (self.info.retryable or self.info.throttling)


class BadRequestError(APIError):
    """A 4xx answer: the request was refused."""


class NotFoundError(BadRequestError):
    """The addressed resource does not exist."""


class ThrottlingError(BadRequestError):
    """The request was throttled; it is safe to retry later."""


class ServerError(APIError):
    """A 5xx answer: the service failed; the request may or may not have taken effect."""


class APIConnectionError(ClientError):
    """No answer: the connection failed. ``sent`` says whether the request may have arrived."""

    def __init__(self, message: str, *, sent: bool, attempts: int = 1) -> None:
        self.sent = sent
        self.attempts = attempts
        super().__init__(message)


class APITimeoutError(APIConnectionError):
    """No answer within the timeout, or not all of it within the attempt's deadline."""


class PagingError(ClientError):
    """A list's pages did not end within ``max_pages``: a server paging without end, or a
    listing longer than the caller allowed (pass a larger ``max_pages``, or None)."""


class ResponseTooLargeError(APIConnectionError):
    """The answer (after decompression) is larger than ``max_response_bytes``; not retried."""


def exception_class(status: int, info: ErrorInfo | None) -> type[APIError]:
    """The exception for an answer's status and what the documentation says of its code."""
    if (info is not None and info.throttling) or status == 429:
        return ThrottlingError
    if (info is not None and info.not_found) or status == 404:
        return NotFoundError
    if status >= 500:
        return ServerError
    if status >= 400:
        return BadRequestError
    return APIError


def error_for(
    service: ServiceInfo,
    status_code: int,
    code: str | None,
    message: str,
    *,
    request_id: str | None = None,
    body: Any = None,
) -> APIError:
    """The most specific exception for an error answer."""
    info = service.errors.get(code) if code else None
    known = service.code_type(code) if info is not None and code else code
    # HTTP 200 with Success false carries no useful status; the code's documented one does.
    status = status_code if status_code >= 400 or info is None else info.http_status
    return exception_class(status, info)(
        message, status_code=status_code, code=known, request_id=request_id, body=body, info=info
    )
