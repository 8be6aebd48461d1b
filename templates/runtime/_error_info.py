"""What the documentation says about one error code."""

from __future__ import annotations

from ._records import Record


class ErrorInfo(Record):
    http_status: int
    message: str
    description: str = ""
    retryable: bool = False
    throttling: bool = False
    not_found: bool = False
