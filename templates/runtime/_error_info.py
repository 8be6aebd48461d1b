"""What the documentation says about one error code."""

from __future__ import annotations

from typing import NamedTuple


class ErrorInfo(NamedTuple):
    http_status: int
    message: str
    description: str = ""
    retryable: bool = False
    throttling: bool = False
    not_found: bool = False
