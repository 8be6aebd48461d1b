"""What the documentation says about one error code."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ErrorInfo:
    http_status: int
    message: str
    description: str = ""
    retryable: bool = False
    throttling: bool = False
    not_found: bool = False
