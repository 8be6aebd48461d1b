"""The sync and async clients' shared construction, and their two ways of sending.

The sync client sends with the standard library's http.client (keep-alive, no import
cost); the async client uses httpx, imported only when an async client is built.
"""

from __future__ import annotations

import logging
import os
import threading
import time
import warnings
from collections.abc import Mapping
from types import TracebackType
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from ._config import OperationInfo
from ._credentials import CredentialsProvider, resolve_credentials
from ._service import CODES, SERVICE
from ._transport import (
    LOG,
    ApiResponse,
    PreparedRequest,
    RawAnswer,
    RequestOptions,
    RetryPolicy,
    Settings,
    Timeouts,
    handle_answer,
    prepare,
    redacted_headers,
    retry_delay,
)
from ._validation import unknown_parameters, validate
from .errors import APIConnectionError, APIError, APITimeoutError, ValidationError

if TYPE_CHECKING:
    import http.client
    import ssl

DEFAULT_TIMEOUTS = Timeouts()


def _configure_logging() -> None:
    """Logging is opt-in: set the package's log variable (e.g. to DEBUG) to see requests."""
    level = os.environ.get(SERVICE.log_env)
    if level and not LOG.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
        LOG.addHandler(handler)
        LOG.setLevel(level.upper() if level.upper() in logging.getLevelNamesMapping() else "DEBUG")


class BaseClient:
    """Settings, endpoint and credentials, decided once when the client is built."""

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
        max_retries: int = 2,
        retry_policy: RetryPolicy | None = None,
        validate: bool = True,
        strict_enums: bool = True,
        retry_non_idempotent: bool = False,
        allow_http: bool = False,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        self._scheme, self._host = _endpoint(region, endpoint, network, allow_http)
        self._credentials = resolve_credentials(
            SERVICE,
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
            headers=dict(headers or {}),
        )
        _configure_logging()

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
                # 4: _start, _call, the generated method, the caller's line.
                warnings.warn(message, DeprecationWarning, stacklevel=4)
        settings = self._settings.merged(options)
        if settings.validate:
            violations = validate(op.table, params, CODES, strict_enums=settings.strict_enums)
        else:
            violations = unknown_parameters(op.table, params, CODES)
        if violations:
            raise ValidationError(op.name, violations)
        return settings

    def _prepare(
        self, op: OperationInfo, params: Mapping[str, Any], settings: Settings, attempt: int
    ) -> PreparedRequest:
        request = prepare(
            SERVICE,
            op,
            params,
            self._credentials.get_credentials(),
            scheme=self._scheme,
            host=self._host,
            extra_headers=settings.headers,
        )
        if LOG.isEnabledFor(logging.DEBUG):
            LOG.debug(
                "%s attempt %d: %s headers=%s",
                op.name,
                attempt,
                request.redacted(),
                redacted_headers(SERVICE, request.headers),
            )
        return request

    def _give_up(
        self,
        error: APIError | APIConnectionError,
        op: OperationInfo,
        attempt: int,
        settings: Settings,
    ) -> float | None:
        error.attempts = attempt
        delay = retry_delay(error, attempt - 1, settings, op)
        if delay is not None:
            LOG.info(
                "%s attempt %d failed (%s); retrying in %.2fs",
                op.name,
                attempt,
                type(error).__name__,
                delay,
            )
        return delay


def _endpoint(
    region: str | None, endpoint: str | None, network: str | None, allow_http: bool
) -> tuple[str, str]:
    if endpoint:
        parts = urlsplit(endpoint if "://" in endpoint else f"{SERVICE.scheme}://{endpoint}")
        if parts.scheme not in ("https", "http") or not parts.netloc:
            raise ValueError(f"endpoint {endpoint!r} is not a host or an http(s) URL")
        if parts.scheme == "http" and not allow_http:
            raise ValueError(
                "plain HTTP sends credentials unencrypted; pass allow_http=True to use it (local tests)"
            )
        return parts.scheme, parts.netloc
    if not region:
        raise ValueError("give region (e.g. 'cn-hangzhou') or endpoint")
    chosen = network or SERVICE.default_network
    if chosen not in SERVICE.endpoints:
        raise ValueError(f"network must be one of {', '.join(SERVICE.endpoints)}, not {chosen!r}")
    return SERVICE.scheme, SERVICE.endpoints[chosen].format(region=region)


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

    def send(self, request: PreparedRequest, timeouts: Timeouts) -> RawAnswer:
        conn = self._connection(timeouts)
        if conn.sock is None:
            _connect(conn, self._host)
        assert conn.sock is not None
        conn.sock.settimeout(timeouts.read)
        try:
            conn.request(request.method, request.path, body=request.body, headers=request.headers)
            response = conn.getresponse()
            body = response.read()
        except TimeoutError as exc:
            conn.close()
            raise APITimeoutError(
                f"no answer from {self._host} within {timeouts.read}s", sent=True
            ) from exc
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
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._pool = _Pool(self._scheme, self._host)

    def _call(
        self, op: OperationInfo, params: Mapping[str, Any], options: RequestOptions | None
    ) -> ApiResponse[Any]:
        settings = self._start(op, params, options)
        attempt = 1
        while True:
            request = self._prepare(op, params, settings, attempt)
            try:
                return handle_answer(SERVICE, self._pool.send(request, settings.timeouts), attempt)
            except (APIError, APIConnectionError) as error:
                delay = self._give_up(error, op, attempt, settings)
                if delay is None:
                    raise
            time.sleep(delay)
            attempt += 1

    def close(self) -> None:
        self._pool.close()

    def __enter__(self) -> SyncClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class AsyncClientBase(BaseClient):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        import importlib

        # Imported here, and through importlib so that it is typed Any: only async users pay
        # for httpx, and a sync-only user type-checks this package without it installed.
        httpx: Any = importlib.import_module("httpx")
        self._http: Any = httpx.AsyncClient()
        self._httpx = httpx

    async def _send(self, request: PreparedRequest, timeouts: Timeouts) -> RawAnswer:
        httpx = self._httpx
        timeout = httpx.Timeout(timeouts.read, connect=timeouts.connect)
        try:
            response = await self._http.request(
                request.method,
                request.url,
                content=request.body,
                headers=request.headers,
                timeout=timeout,
            )
        except httpx.ConnectTimeout as exc:
            raise APITimeoutError(
                f"could not connect to {self._host} within {timeouts.connect}s", sent=False
            ) from exc
        except httpx.ConnectError as exc:
            raise APIConnectionError(
                f"could not connect to {self._host}: {exc}", sent=False
            ) from exc
        except httpx.TimeoutException as exc:
            raise APITimeoutError(
                f"no answer from {self._host} within {timeouts.read}s", sent=True
            ) from exc
        except httpx.TransportError as exc:
            raise APIConnectionError(
                f"connection to {self._host} failed: {exc}", sent=True
            ) from exc
        return RawAnswer(response.status_code, dict(response.headers), response.content)

    async def _call(
        self, op: OperationInfo, params: Mapping[str, Any], options: RequestOptions | None
    ) -> ApiResponse[Any]:
        settings = self._start(op, params, options)
        attempt = 1
        while True:
            request = self._prepare(op, params, settings, attempt)
            try:
                return handle_answer(SERVICE, await self._send(request, settings.timeouts), attempt)
            except (APIError, APIConnectionError) as error:
                delay = self._give_up(error, op, attempt, settings)
                if delay is None:
                    raise
            import asyncio  # only async callers need it, and they have it loaded already

            await asyncio.sleep(delay)
            attempt += 1

    async def close(self) -> None:
        await self._http.aclose()

    async def __aenter__(self) -> AsyncClientBase:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()
