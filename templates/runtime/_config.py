"""Descriptions of the service and its operations, filled in by ``_service.py``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from ._validation import Operation


class ServiceInfo(NamedTuple):
    name: str
    api_version: str
    endpoints: Mapping[str, str]
    default_network: str
    scheme: str
    algorithm: str
    signed_headers: tuple[str, ...]
    action_header: str
    version_header: str
    date_header: str
    nonce_header: str
    content_hash_header: str
    security_token_header: str
    retry_after_header: str
    request_id_header: str
    access_key_id_env: str
    access_key_secret_env: str
    security_token_env: str
    boolean_true: str
    boolean_false: str
    form_content_type: str
    success_field: str
    code_field: str
    message_field: str
    error_code_field: str
    request_id_field: str
    empty_error_codes: tuple[str, ...]
    log_env: str
    user_agent: str
    fake: Mapping[str, str] = {}  # codes the fake server answers with (never mutated)


class OperationInfo(NamedTuple):
    name: str
    method: str
    path: str
    idempotent: bool
    table: Operation
    fake: Mapping[str, object] = {}  # how the fake server treats it (never mutated)
    # (keyword, value, message): a DeprecationWarning when a call passes keyword (any value
    # when value is None); the keyword "" stands for the operation itself.
    deprecated: tuple[tuple[str, object, str], ...] = ()
