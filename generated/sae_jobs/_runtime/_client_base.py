# Copied by gen from its runtime (the same in every generated package); do not edit.
"""The sync and async clients' shared construction, and their two ways of sending.

The sync client sends with the standard library's http.client (keep-alive, no import
cost); the async client uses httpx, imported only when an async client is built.
"""

from __future__ import annotations

import io
import logging
import os
import sys
import threading
import time
import warnings
from collections.abc import Callable, Coroutine, Mapping
from types import TracebackType
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec, Self, TypeVar
from urllib.parse import urlsplit

from ._config import OperationInfo, ServiceInfo
from ._credentials import CredentialsProvider, resolve_credentials
from ._errors import APIConnectionError, APIError, APITimeoutError, ValidationError
from ._transport import (
    DEFAULT_MAX_RESPONSE_BYTES,
    LOG,
    NO_EXTRAS,
    ApiResponse,
    BodyReader,
    Extras,
    ExtraValue,
    PreparedRequest,
    RawAnswer,
    RequestOptions,
    RetryPolicy,
    Settings,
    Timeouts,
    caller_headers,
    gather_extras,
    given,
    handle_answer,
    late,
    prepare,
    redacted_headers,
    retry_delay,
)
from ._validation import unknown_parameters, validate

if TYPE_CHECKING:
    import http.client
    import ssl

DEFAULT_TIMEOUTS = Timeouts()
P = ParamSpec("P")
R = TypeVar("R")
ExtraQuery = Mapping[str, ExtraValue] | None
ExtraHeaders = Mapping[str, str] | None


# The generated package this runtime is part of ("" when it runs on its own).
_PACKAGE = __name__.rpartition("._runtime")[0]


def _callers_level() -> int:
    """The stacklevel, for warnings.warn in its caller, of the first frame outside the
    package: the user's line that called the client, however many layers are between."""
    # sys._getframe is documented API despite its name; inspect.currentframe costs an import.
    frame, level = sys._getframe(1), 1  # pyright: ignore[reportPrivateUsage]
    while (
        frame.f_back is not None
        and _PACKAGE
        and frame.f_globals.get("__name__", "").startswith(_PACKAGE + ".")
    ):
        frame, level = frame.f_back, level + 1
    return level


def _configure_logging(service: ServiceInfo) -> None:
    """Logging is opt-in: set the package's log variable (e.g. to DEBUG) to see requests."""
    level = os.environ.get(service.log_env)
    if level and not LOG.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
        LOG.addHandler(handler)
        LOG.setLevel(level.upper() if level.upper() in logging.getLevelNamesMapping() else "DEBUG")


class BaseClient:
    """Settings, endpoint and credentials, decided once when the client is built.

    A generated client class sets ``_service`` to its service's facts. Args:

    - region, endpoint, network: where to send (``endpoint`` overrides the other two).
    - access_key_id, access_key_secret, security_token, credentials_provider: credentials
      (else from the environment).
    - timeout: seconds, or Timeouts(connect, read, attempt); a number bounds each attempt.
    - total_timeout: seconds for a whole call, retries and waits included (None: no bound).
    - max_retries, retry_policy: how often and how patiently to retry.
    - max_response_bytes: the largest answer read, after decompression.
    - validate, strict_enums: check the documented rules before sending.
    - retry_non_idempotent: retry calls that may have reached the service.
    - allow_http: permit a plain-HTTP endpoint (local tests).
    - headers: extra headers for every request (signed; the client's own cannot be replaced).
    """

    _service: ServiceInfo
    _call: Callable[..., Any]  # (op, params, options, extras): the sync and async ways to send

    def __init__(
        self,
        *,
        region: str | None = None,
        endpoint: str | None = None,
        network: str | None = None,
        access_key_id: str | None = None,
        access_key_secret: str | None = None,
        security_token: str | None = None,
        credentials_provider: CredentialsProvider | None = None,
        timeout: float | Timeouts = DEFAULT_TIMEOUTS,
        total_timeout: float | None = None,
        max_retries: int = 2,
        retry_policy: RetryPolicy | None = None,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        validate: bool = True,
        strict_enums: bool = True,
        retry_non_idempotent: bool = False,
        allow_http: bool = False,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        service = self._service
        self._scheme, self._host = _endpoint(service, region, endpoint, network, allow_http)
        self._credentials = resolve_credentials(
            service,
            access_key_id=access_key_id,
            access_key_secret=access_key_secret,
            security_token=security_token,
            provider=credentials_provider,
        )
        self._settings = Settings(
            timeouts=Timeouts.of(timeout),
            retry=retry_policy or RetryPolicy(max_retries=max_retries),
            validate=validate,
            strict_enums=strict_enums,
            retry_non_idempotent=retry_non_idempotent,
            headers=caller_headers(service, headers or {}),
            total_timeout=total_timeout,
            max_response_bytes=max_response_bytes,
        )
        _configure_logging(service)
        self._open()

    def _open(self) -> None:
        """Set up the way of sending (the sync and async clients differ)."""

    @property
    def endpoint(self) -> str:
        return f"{self._scheme}://{self._host}"

    def __repr__(self) -> str:
        return f"{type(self).__name__}(endpoint={self.endpoint!r})"

    def _start(
        self, op: OperationInfo, params: Mapping[str, Any], options: RequestOptions | None
    ) -> Settings:
        for keyword, value, message in op.deprecated:
            passed = params.get(keyword) if keyword else True  # "": the operation itself
            if passed is not None and value in (None, passed):
                warnings.warn(message, DeprecationWarning, stacklevel=_callers_level())
        settings = self._settings.merged(options, self._service)
        if settings.validate:
            violations = validate(
                op.table, params, self._service.codes, strict_enums=settings.strict_enums
            )
        else:
            violations = unknown_parameters(op.table, params, self._service.codes)
        if violations:
            raise ValidationError(op.name, violations)
        return settings

    def _send_call(
        self,
        op: OperationInfo,
        params: Mapping[str, Any],
        options: RequestOptions | None,
        extra_query: ExtraQuery,
        extra_body: ExtraQuery,
        extra_headers: ExtraHeaders,
    ) -> Any:
        """The one request path of every operation method: parameters left at NOT_GIVEN
        stay unsent; the extras go where the caller put them."""
        given_extras = gather_extras(extra_query, extra_body, extra_headers)
        return self._call(op, given(params), options, given_extras)

    def _prepare(
        self,
        op: OperationInfo,
        params: Mapping[str, Any],
        settings: Settings,
        attempt: int,
        extras: Extras,
    ) -> PreparedRequest:
        request = prepare(
            self._service,
            op,
            params,
            self._credentials.get_credentials(),
            scheme=self._scheme,
            host=self._host,
            headers=settings.headers,
            extras=extras,
        )
        if LOG.isEnabledFor(logging.DEBUG):
            LOG.debug(
                "%s attempt %d: %s headers=%s",
                op.name,
                attempt,
                request.redacted(),
                redacted_headers(self._service, request.headers, request.secrets),
            )
        return request

    def _give_up(
        self,
        error: APIError | APIConnectionError,
        op: OperationInfo,
        attempt: int,
        settings: Settings,
        call_deadline: float | None,
    ) -> float | None:
        error.attempts = attempt
        delay = retry_delay(error, attempt - 1, settings, op)
        if delay is not None and call_deadline is not None:
            if time.monotonic() + delay >= call_deadline:
                LOG.info("%s attempt %d failed; no time left to retry", op.name, attempt)
                return None
        if delay is not None:
            LOG.info(
                "%s attempt %d failed (%s); retrying in %.2fs",
                op.name,
                attempt,
                type(error).__name__,
                delay,
            )
        return delay


def _call_deadline(settings: Settings) -> float | None:
    """When the whole call must be over, on the monotonic clock (None: no bound)."""
    total = settings.total_timeout
    return None if total is None else time.monotonic() + total


def _attempt_deadline(settings: Settings, call_deadline: float | None) -> float:
    deadline = time.monotonic() + settings.timeouts.per_attempt
    return deadline if call_deadline is None else min(deadline, call_deadline)


def _endpoint(
    service: ServiceInfo,
    region: str | None,
    endpoint: str | None,
    network: str | None,
    allow_http: bool,
) -> tuple[str, str]:
    if endpoint:
        parts = urlsplit(endpoint if "://" in endpoint else f"{service.scheme}://{endpoint}")
        if parts.scheme not in ("https", "http") or not parts.netloc:
            raise ValueError(f"endpoint {endpoint!r} is not a host or an http(s) URL")
        if parts.scheme == "http" and not allow_http:
            raise ValueError(
                "plain HTTP sends credentials unencrypted; pass allow_http=True to use it (local tests)"
            )
        return parts.scheme, parts.netloc
    if not region:
        raise ValueError("give region (e.g. 'cn-hangzhou') or endpoint")
    chosen = network or service.default_network
    if chosen not in service.endpoints:
        raise ValueError(f"network must be one of {', '.join(service.endpoints)}, not {chosen!r}")
    return service.scheme, service.endpoints[chosen].format(region=region)


class _Pool:
    """Keep-alive connections to one host for the sync client, safe across threads."""

    def __init__(self, scheme: str, host: str) -> None:
        self._scheme = scheme
        self._host = host
        self._idle: list[http.client.HTTPConnection] = []
        self._lock = threading.Lock()
        self._context: ssl.SSLContext | None = None

    def _connection(self, timeouts: Timeouts) -> http.client.HTTPConnection:
        with self._lock:
            while self._idle:
                conn = self._idle.pop()
                if _still_open(conn):
                    return conn
                conn.close()
        # Imported on first use: building a client should cost no network-stack imports.
        import http.client

        if self._scheme != "https":
            return http.client.HTTPConnection(self._host, timeout=timeouts.connect)
        if self._context is None:
            import ssl

            self._context = ssl.create_default_context()
        return http.client.HTTPSConnection(
            self._host, timeout=timeouts.connect, context=self._context
        )

    def send(self, request: PreparedRequest, settings: Settings, deadline: float) -> RawAnswer:
        """Send and read the answer; every socket wait ends by ``deadline`` (monotonic)."""
        timeouts = settings.timeouts
        conn = self._connection(timeouts)
        if conn.sock is None:
            conn.timeout = max(min(timeouts.connect, deadline - time.monotonic()), 0.001)
            _connect(conn, self._host)
        assert conn.sock is not None
        conn.sock.settimeout(max(min(timeouts.read, deadline - time.monotonic()), 0.001))
        conn.response_class = _paced_response(deadline, timeouts.read)
        try:
            conn.request(request.method, request.path, body=request.body, headers=request.headers)
            response = conn.getresponse()
            reader = BodyReader(
                self._host, response.getheader("content-encoding"), settings.max_response_bytes
            )
            while chunk := response.read1(65536):
                reader.feed(chunk)
            response.close()  # read to the end; the connection itself stays open
            body = reader.body()
        except TimeoutError as exc:
            conn.close()
            raise late(self._host, timeouts) from exc
        except APIConnectionError:
            conn.close()
            raise
        except (ConnectionResetError, BrokenPipeError) as exc:  # RemoteDisconnected is one
            # Whether the server saw the request is unknown, so the retry policy decides
            # (a reused connection was checked to be open just before it was used).
            conn.close()
            raise APIConnectionError(
                f"connection to {self._host} dropped: {exc}", sent=True
            ) from exc
        except Exception as exc:  # OSError or http.client.HTTPException
            conn.close()
            if not isinstance(exc, OSError) and not type(exc).__module__ == "http.client":
                raise
            raise APIConnectionError(
                f"connection to {self._host} failed: {exc}", sent=True
            ) from exc
        if response.will_close:
            conn.close()
        else:
            with self._lock:
                self._idle.append(conn)
        return RawAnswer(response.status, {k.lower(): v for k, v in response.getheaders()}, body)

    def close(self) -> None:
        with self._lock:
            idle, self._idle = self._idle, []
        for conn in idle:
            conn.close()


class _DeadlineReader(io.RawIOBase):
    """A socket's incoming bytes, each wait cut short so that all of them end by a deadline.

    A server pacing its answer a byte at a time defeats a per-read timeout; not this.
    """

    def __init__(self, sock: Any, deadline: float, read_timeout: float) -> None:
        self._sock = sock
        self._deadline = deadline
        self._read_timeout = read_timeout

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        remaining = self._deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError("the attempt's deadline passed")
        self._sock.settimeout(min(self._read_timeout, remaining))
        return int(self._sock.recv_into(buffer))


class _DeadlineSocket:
    """What http.client's response reads through: it only calls makefile("rb")."""

    def __init__(self, sock: Any, deadline: float, read_timeout: float) -> None:
        self._reader = _DeadlineReader(sock, deadline, read_timeout)

    def makefile(self, mode: str) -> io.BufferedReader:
        return io.BufferedReader(self._reader)


def _paced_response(deadline: float, read_timeout: float) -> Any:
    import http.client

    def response(sock: Any, *args: Any, **kwargs: Any) -> http.client.HTTPResponse:
        return http.client.HTTPResponse(
            _DeadlineSocket(sock, deadline, read_timeout),  # type: ignore[arg-type]
            *args,
            **kwargs,
        )

    return response


def _still_open(conn: http.client.HTTPConnection) -> bool:
    """An idle keep-alive connection the server has closed reads as ready (EOF)."""
    import select

    if conn.sock is None:
        return False
    try:
        readable, _, _ = select.select([conn.sock], [], [], 0)
    except (OSError, ValueError):
        return False
    return not readable


def _connect(conn: http.client.HTTPConnection, host: str) -> None:
    import socket

    try:
        conn.connect()
        # http.client writes headers and body in two sends; with Nagle's algorithm the body
        # then waits for the peer's delayed ACK, adding tens of milliseconds to each call.
        assert conn.sock is not None
        conn.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    except TimeoutError as exc:
        conn.close()
        raise APITimeoutError(
            f"could not connect to {host} within {conn.timeout}s", sent=False
        ) from exc
    except OSError as exc:
        conn.close()
        raise APIConnectionError(f"could not connect to {host}: {exc}", sent=False) from exc


class SyncClient(BaseClient):
    def _open(self) -> None:
        self._pool = _Pool(self._scheme, self._host)

    def _call(
        self,
        op: OperationInfo,
        params: Mapping[str, Any],
        options: RequestOptions | None,
        extras: Extras = NO_EXTRAS,
    ) -> ApiResponse[Any]:
        settings = self._start(op, params, options)
        call_deadline = _call_deadline(settings)
        attempt = 1
        while True:
            request = self._prepare(op, params, settings, attempt, extras)
            deadline = _attempt_deadline(settings, call_deadline)
            try:
                answer = self._pool.send(request, settings, deadline)
                return handle_answer(self._service, answer, attempt, request.secrets)
            except (APIError, APIConnectionError) as error:
                delay = self._give_up(error, op, attempt, settings, call_deadline)
                if delay is None:
                    raise
            time.sleep(delay)
            attempt += 1

    def _request(self, *args: Any) -> Any:
        """What an operation method calls (see BaseClient._send_call): the parsed body back."""
        return self._send_call(*args).parsed

    def close(self) -> None:
        self._pool.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class AsyncClientBase(BaseClient):
    def _open(self) -> None:
        import importlib

        # Imported here, and through importlib so that it is typed Any: only async users pay
        # for httpx, and a sync-only user type-checks this package without it installed.
        httpx: Any = importlib.import_module("httpx")
        self._http: Any = httpx.AsyncClient()
        self._httpx = httpx

    async def _send(
        self, request: PreparedRequest, settings: Settings, deadline: float
    ) -> RawAnswer:
        import asyncio  # only async callers need it, and they have it loaded already

        httpx = self._httpx
        timeouts = settings.timeouts
        timeout = httpx.Timeout(timeouts.read, connect=timeouts.connect)
        # The body is read raw and inflated here, within max_response_bytes; httpx is told
        # which encodings that covers.
        headers = {**request.headers, "accept-encoding": "gzip, deflate"}
        try:
            async with asyncio.timeout(max(deadline - time.monotonic(), 0.0)):
                async with self._http.stream(
                    request.method,
                    request.url,
                    content=request.body,
                    headers=headers,
                    timeout=timeout,
                ) as response:
                    reader = BodyReader(
                        self._host,
                        response.headers.get("content-encoding"),
                        settings.max_response_bytes,
                    )
                    async for chunk in response.aiter_raw():
                        reader.feed(chunk)
        except httpx.ConnectTimeout as exc:
            raise APITimeoutError(
                f"could not connect to {self._host} within {timeouts.connect}s", sent=False
            ) from exc
        except httpx.ConnectError as exc:
            raise APIConnectionError(
                f"could not connect to {self._host}: {exc}", sent=False
            ) from exc
        except (httpx.TimeoutException, TimeoutError) as exc:
            raise late(self._host, timeouts) from exc
        except httpx.TransportError as exc:
            raise APIConnectionError(
                f"connection to {self._host} failed: {exc}", sent=True
            ) from exc
        return RawAnswer(response.status_code, dict(response.headers), reader.body())

    async def _call(
        self,
        op: OperationInfo,
        params: Mapping[str, Any],
        options: RequestOptions | None,
        extras: Extras = NO_EXTRAS,
    ) -> ApiResponse[Any]:
        import asyncio

        settings = self._start(op, params, options)
        call_deadline = _call_deadline(settings)
        attempt = 1
        while True:
            request = self._prepare(op, params, settings, attempt, extras)
            deadline = _attempt_deadline(settings, call_deadline)
            try:
                answer = await self._send(request, settings, deadline)
                return handle_answer(self._service, answer, attempt, request.secrets)
            except (APIError, APIConnectionError) as error:
                delay = self._give_up(error, op, attempt, settings, call_deadline)
                if delay is None:
                    raise
            await asyncio.sleep(delay)
            attempt += 1

    async def _request(self, *args: Any) -> Any:
        return (await self._send_call(*args)).parsed

    async def close(self) -> None:
        await self._http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()


class RawResponses:
    """``client.with_raw_response``: the client's methods, returning the ApiResponse.

    The generated subclass borrows each method of the client (raw_method); run on this
    object, the method's ``self._request`` hands back what the client's call gives.
    """

    def __init__(self, send_call: Callable[..., Any]) -> None:
        self._send_call = send_call  # the client's BaseClient._send_call

    def _request(self, *args: Any) -> Any:
        return self._send_call(*args)  # the ApiResponse, or its coroutine


def raw_method(
    method: Callable[Concatenate[Any, P], R],
) -> Callable[Concatenate[Any, P], ApiResponse[R]]:
    """A client method as RawResponses runs it: same parameters, the ApiResponse returned."""
    return method  # type: ignore[return-value]


def async_raw_method(
    method: Callable[Concatenate[Any, P], Coroutine[Any, Any, R]],
) -> Callable[Concatenate[Any, P], Coroutine[Any, Any, ApiResponse[R]]]:
    return method  # type: ignore[return-value]
