"""A real HTTP server on 127.0.0.1 that records requests, answers from a script, and checks
every signature by recomputing it with the official SDK's signing code (the oracle)."""

from __future__ import annotations

import hashlib
import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

SECRET = "test-secret-不要"
KEY_ID = "test-key-id"


@dataclass
class Reply:
    status: int = 200
    body: Any = None  # dict -> JSON; bytes/str sent as is
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    drop: bool = False  # close the connection without answering
    close_after: bool = False  # answer, then close the keep-alive connection without saying so
    drip: float = 0.0  # send the body one byte at a time, this many seconds apart


def ok_body(app_id: str = "app-1") -> dict[str, Any]:
    return {
        "RequestId": "req-1",
        "Message": "success",
        "TraceId": "t",
        "Code": "200",
        "ErrorCode": "空",
        "Success": True,
        "Data": {"AppId": app_id, "ChangeOrderId": "co-1"},
    }


@dataclass
class Recorded:
    method: str
    path: str
    query: dict[str, str]
    body: dict[str, str]
    raw_body: bytes
    headers: dict[str, str]
    signature_ok: bool
    content_hash_ok: bool


def oracle_authorization(
    method: str,
    path: str,
    query: dict[str, str],
    headers: dict[str, str],
    body: bytes,
    key_id: str,
    secret: str,
) -> str:
    from alibabacloud_tea_openapi.utils import Utils

    class _Request:  # the fields the SDK's signer reads
        pass

    request = _Request()
    request.pathname, request.method, request.query, request.headers = path, method, query, headers  # type: ignore[attr-defined]
    payload = hashlib.sha256(body).hexdigest()
    return str(Utils.get_authorization(request, "ACS3-HMAC-SHA256", payload, key_id, secret))


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    wbufsize = -1  # one write per answer: headers and body apart would meet Nagle's delay
    server: _Server

    def do_POST(self) -> None:
        length = int(self.headers.get("content-length") or 0)
        raw = self.rfile.read(length)
        self.server.owner.record(self, raw)
        reply = self.server.owner.next_reply()
        if reply.delay:
            time.sleep(reply.delay)
        if reply.drop:
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        body = reply.body if reply.body is not None else ok_body()
        data = (
            json.dumps(body).encode()
            if isinstance(body, (dict, list))
            else (body.encode() if isinstance(body, str) else body)
        )
        self.send_response(reply.status)
        ctype = "application/json" if isinstance(body, (dict, list)) else "text/html"
        for k, v in {"content-type": ctype, **reply.headers}.items():
            self.send_header(k, v)
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        if reply.drip:
            for i in range(len(data)):
                self.wfile.write(data[i : i + 1])
                self.wfile.flush()
                time.sleep(reply.drip)
        else:
            self.wfile.write(data)
        if reply.close_after:
            self.wfile.flush()
            self.close_connection = True

    do_GET = do_DELETE = do_PUT = do_PATCH = do_POST

    def log_message(self, *args: Any) -> None:
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    owner: RecordingServer


class RecordingServer:
    def __init__(self, secret: str = SECRET) -> None:
        self.secret = secret
        self.requests: list[Recorded] = []
        self.script: list[Reply] = []
        self._lock = threading.Lock()
        self.httpd = _Server(("127.0.0.1", 0), _Handler)
        self.httpd.owner = self
        self.port = self.httpd.server_address[1]
        self.endpoint = f"http://127.0.0.1:{self.port}"

    def next_reply(self) -> Reply:
        with self._lock:
            return self.script.pop(0) if self.script else Reply()

    def record(self, handler: BaseHTTPRequestHandler, raw: bytes) -> None:
        parts = urlsplit(handler.path)
        query = dict(parse_qsl(parts.query, keep_blank_values=True))
        body = dict(parse_qsl(raw.decode("utf-8"), keep_blank_values=True)) if raw else {}
        headers = {k.lower(): v for k, v in handler.headers.items()}
        auth = headers.get("authorization", "")
        signed_names = (
            auth.split("SignedHeaders=", 1)[-1].split(",", 1)[0].split(";") if auth else []
        )
        signed = {name: headers.get(name, "") for name in signed_names}
        key_id = auth.split("Credential=", 1)[-1].split(",", 1)[0] if auth else ""
        expected = oracle_authorization(
            handler.command, parts.path, query, signed, raw, key_id, self.secret
        )
        content_ok = headers.get("x-acs-content-sha256") == hashlib.sha256(raw).hexdigest()
        with self._lock:
            self.requests.append(
                Recorded(
                    handler.command,
                    parts.path,
                    query,
                    body,
                    raw,
                    headers,
                    auth == expected,
                    content_ok,
                )
            )


@contextmanager
def recording_server(*replies: Reply, secret: str = SECRET) -> Iterator[RecordingServer]:
    server = RecordingServer(secret)
    server.script.extend(replies)
    thread = threading.Thread(target=server.httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.httpd.shutdown()
        server.httpd.server_close()


def refused_port() -> int:
    """A port on 127.0.0.1 that nothing listens on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])
