"""Descriptions of the service and its operations; the generated ``_service.py`` fills them in."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from ._error_info import ErrorInfo
from ._records import Record
from ._validation import Codes, Operation


class Paging(Record):
    """How a list operation pages. Parameters by Python name; response paths as key tuples."""

    style: str  # page_number | token
    items: tuple[str, ...]
    page_param: str | None = None
    first_page: int = 1
    size_param: str | None = None
    max_size: int | None = None  # the documented maximum of the size parameter
    total: tuple[str, ...] = ()
    token_param: str | None = None
    next_token: tuple[str, ...] = ()


class OperationInfo(Record):
    name: str
    method: str
    path: str
    idempotent: bool
    table: Operation
    fake: Mapping[str, object] = {}  # how the fake server treats it (never mutated)
    paging: Paging | None = None
    # (keyword, value, message): a DeprecationWarning when a call passes keyword (any value
    # when value is None); the keyword "" stands for the operation itself.
    deprecated: tuple[tuple[str, object, str], ...] = ()


class ServiceInfo(Record):
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
    codes: Codes  # the validation codes and every documented message template
    errors: Mapping[str, ErrorInfo]  # what the documentation says of each error code
    code_type: Callable[[str], str]  # a documented code -> the package's ErrorCode member
    operations: Mapping[str, OperationInfo]
    fake: Mapping[str, str] = {}  # codes the fake server answers with (never mutated)
