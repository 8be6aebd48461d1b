# Copied by gen from its runtime (the same in every generated package); do not edit.
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
