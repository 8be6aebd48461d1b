"""The intermediate model: what the specs say, with every Python name decided.

Templates, `gen inspect`, `gen diff`, the exports and the validator tables all read this;
nothing downstream looks at the YAML again. The model holds no Python source: it says what
a type is (documented type, kind, constraints, JSON structure), and how the generated package
spells it in Python is printed in one place the back end and `gen inspect` share
(`exports/python_types`).

Every record is a typed NamedTuple: immutable, hashable where its fields are, compared by
value, cheap to make and to pickle, and cheap to define. Frozen dataclasses cost Python 3.11
six compiled methods each on import (15 ms for these 24, in every process of every run);
`record_dict` gives what `dataclasses.asdict` gave.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeGuard

from generator.records import Record

Scalar = str | int | float | bool


class Deprecation(Record):
    """When something was deprecated, when it may go, and what to use instead."""

    since: str  # ISO dates
    sunset: str | None = None
    use: str | None = None

    @property
    def sentence(self) -> str:
        """One sentence for docstrings, the README and the DeprecationWarning alike."""
        text = f"Deprecated since {self.since}"
        text += f"; may be removed after {self.sunset}" if self.sunset else ""
        return text + (f". Use {self.use} instead." if self.use else ".")


class EnumValue(Record):
    """One allowed value of a parameter or field, with its documented meaning."""

    value: Scalar
    description: str = ""
    deprecated: Deprecation | None = None


class Constraints(Record):
    """A value's documented limits: lengths, pattern, range, allowed values, default."""

    min_length: int | None = None
    max_length: int | None = None
    pattern: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    enum: tuple[EnumValue, ...] = ()
    default: Scalar | None = None

    @property
    def enum_values(self) -> tuple[Scalar, ...]:
        return tuple(e.value for e in self.enum)


class StructField(Record):
    """One key of a structure a parameter carries."""

    key: str
    types: tuple[str, ...]  # scalar kinds; empty when ref is set
    ref: str | None
    required: bool
    description: str
    constraints: Constraints
    format: str | None = None
    not_prefix: str | None = None
    error: str | None = None
    error_args: tuple[str, ...] = ()
    deprecated: Deprecation | None = None


class Together(Record):
    """Fields of a structure that must be given together (or not at all)."""

    fields: tuple[str, ...]
    error: str
    missing_errors: tuple[tuple[str, str], ...] = ()  # (field, code when it is the missing one)


class StructType(Record):
    """A named structure (object, array or one-of) that parameters carry."""

    name: str
    kind: str  # object | array | one_of
    description: str
    fields: tuple[StructField, ...] = ()
    items: StructField | None = None
    one_of: tuple[str, ...] = ()
    together: tuple[Together, ...] = ()
    at_most: tuple[str, Scalar, int] | None = None
    same_value: tuple[str, str] | None = None
    notes: tuple[str, ...] = ()


class Parameter(Record):
    """One request parameter: its names, types, location, constraints and documentation."""

    wire_name: str
    python_name: str
    doc_type: str  # as documented: string, integer, long, boolean
    kind: str  # what the validator checks: string, integer, boolean
    required: bool
    location: str  # query | body
    description: str
    example: str | None
    example_invalid: str | None
    constraints: Constraints
    enum_error: str | None
    sensitive: bool
    empty_clears: bool
    json_type: str | None
    notes: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()  # further documented examples, each checked like example
    refused_examples: tuple[tuple[str, str], ...] = ()  # (example, why the rules refuse it)
    deprecated: Deprecation | None = None


class Condition(Record):
    """A parameter taking one of the given values."""

    param: str
    values: tuple[Scalar, ...]


class Rule(Record):
    """A cross-parameter rule: which parameters it binds, under which condition."""

    id: str
    kind: str
    params: tuple[str, ...]
    source: str
    when: Condition | None = None
    allowed: tuple[tuple[Scalar, ...], ...] = ()
    pattern: str | None = None
    error: str | None = None
    reason: str | None = None
    notes: tuple[str, ...] = ()

    @property
    def checked(self) -> bool:
        return self.kind in ("requires", "forbids", "combinations", "forbid_pattern")

    @property
    def summary(self) -> str:
        """One sentence for docstrings and the package reference alike."""
        when = (
            f" when {self.when.param} is {' or '.join(map(str, self.when.values))}"
            if self.when
            else ""
        )
        target = ", ".join(self.params)
        text = {
            "requires": f"{target} required{when}",
            "forbids": f"{target} not allowed{when}",
            "combinations": f"{target} must be a documented combination",
            "forbid_pattern": f"{target} must not match {self.pattern}",
            "ignores": f"{target} ignored{when}",
            "unchecked": f"{target}: not checked here ({self.reason})",
        }[self.kind]
        return text + (f" ({self.error})" if self.error else "")


class ResponseField(Record):
    """One field of a response body, with the fields nested under it."""

    name: str  # "[]" for the items of an array
    type: str  # string, integer, long, number, boolean, object or array
    description: str
    example: str | None
    fields: tuple[ResponseField, ...] = ()  # an object's fields; none known: an open mapping
    notes: tuple[str, ...] = ()
    required: bool = False  # always present in a successful answer
    items: ResponseField | None = None  # an array's items

    @property
    def open(self) -> bool:
        """An object whose fields the documentation does not give."""
        return self.type == "object" and not self.fields

    enum: tuple[EnumValue, ...] = ()
    deprecated: Deprecation | None = None


class ErrorDef(Record):
    """One documented error code: its HTTP status, message and the exception it raises."""

    code: str
    member: str  # the enum member name
    http_status: int
    message: str
    description: str
    retryable: bool
    throttling: bool
    not_found: bool
    source: str  # the spec file that defines it
    exception: str = "BadRequestError"  # the class the generated client raises for it

    @property
    def placeholders(self) -> int:
        return self.message.count("%s")


class Paging(Record):
    """How a list operation pages (wire names for parameters, dotted paths in the response)."""

    style: str  # page_number | token
    items: str
    page_param: str | None = None
    first_page: int = 1
    size_param: str | None = None
    total: str | None = None
    token_param: str | None = None
    next_token: str | None = None


class FakeFilter(Record):
    """One entry of a list operation's fake.filters: a parameter that narrows the items."""

    param: str
    key: str | None = None
    key_from: str | None = None
    keys: Mapping[str, str] | None = None  # key_from's value -> item key
    split: bool | None = None


class FakeBehaviour(Record):
    """An operation's fake section: what the generated fake server does for it. Keys the
    spec leaves out are None."""

    action: str  # create | update | describe | list | delete | run | status
    id_param: str | None = None
    id_field: str | None = None
    fresh_fields: tuple[str, ...] | None = None
    record_field: str | None = None
    run_param: str | None = None
    run_field: str | None = None
    not_found: str | None = None
    fixed: Mapping[str, Scalar] | None = None  # dotted response path -> value
    id_key: str | None = None
    page_field: str | None = None
    size_field: str | None = None
    filters: tuple[FakeFilter, ...] | None = None


class Operation(Record):
    """One API operation: its request, response, errors, paging and fake behaviour."""

    name: str
    python_name: str
    params_class: str
    response_class: str
    summary: str
    method: str
    path: str
    idempotent: bool
    source: str
    spec_file: str
    parameters: tuple[Parameter, ...]
    rules: tuple[Rule, ...]
    response_description: str
    response: tuple[ResponseField, ...]
    errors: tuple[str, ...]  # codes this operation can return: its page's rows, then references
    error_refs: tuple[
        str, ...
    ] = ()  # the codes above that come from the service file, not the page
    fake: FakeBehaviour | None = None  # how the generated fake server treats it
    notes: tuple[str, ...] = ()
    paging: Paging | None = None
    deprecated: Deprecation | None = None

    @property
    def body_parameters(self) -> tuple[Parameter, ...]:
        return tuple(p for p in self.parameters if p.location == "body")

    def parameter(self, wire_name: str | None) -> Parameter | None:
        return next((p for p in self.parameters if p.wire_name == wire_name), None)

    def response_field(self, dotted: str | None) -> ResponseField | None:
        """The response element at a dotted path (objects only, no array steps)."""
        fields, found = self.response, None
        for name in (dotted or "").split("."):
            found = next((f for f in fields if f.name == name), None)
            if found is None:
                return None
            fields = found.fields
        return found


class SpecFile(Record):
    """A spec file the model was read from, and the hash of its bytes."""

    path: str  # relative to the spec root, with forward slashes
    sha256: str


# -- the service file's sections: one class each, fields named as the spec format names its
# keys, in the order the specs write them; a key the spec may leave out is None when it does
# (as_spec gives the section back as written).
class Endpoint(Record):
    """Where the service answers: scheme and host per network."""

    scheme: str  # https | http
    networks: Mapping[str, str]  # network name -> host, with {region}
    default_network: str


class Signing(Record):
    """How requests are signed: the algorithm and the headers it covers."""

    algorithm: str
    signed_headers: tuple[str, ...]
    action_header: str
    version_header: str
    date_header: str
    nonce_header: str
    content_hash_header: str
    security_token_header: str
    retry_after_header: str | None = None
    request_id_header: str | None = None
    note: str | None = None


class Credentials(Record):
    """The environment variables the client reads credentials from."""

    access_key_id_env: str
    access_key_secret_env: str
    security_token_env: str


class Wire(Record):
    """How values are spelt on the wire: booleans, form bodies, JSON separators."""

    boolean_true: str
    boolean_false: str
    form_content_type: str
    json_separators: str | None = None


class ResponseFormat(Record):
    """The service's response section: the keys of its answers' envelope."""

    success_field: str
    code_field: str
    message_field: str
    error_code_field: str
    request_id_field: str
    empty_error_codes: tuple[str, ...]
    gateway_code_field: str | None = None
    gateway_message_field: str | None = None


class ValidationCodes(Record):
    """The codes the validator reports where nothing more specific is documented."""

    required: str
    invalid: str
    unknown: str

    @property
    def by_key(self) -> tuple[tuple[str, str], ...]:
        """(spec key, code) for each."""
        return (("required", self.required), ("invalid", self.invalid), ("unknown", self.unknown))


class FakeCodes(Record):
    """The service's fake section: the codes the fake server answers gateway faults with."""

    signature_error: str
    unknown_key_error: str
    throttling_error: str
    server_error: str

    @property
    def by_key(self) -> tuple[tuple[str, str], ...]:
        """(spec key, code) for each."""
        return (
            ("signature_error", self.signature_error),
            ("unknown_key_error", self.unknown_key_error),
            ("throttling_error", self.throttling_error),
            ("server_error", self.server_error),
        )


Section = (
    Endpoint
    | Signing
    | Credentials
    | Wire
    | ResponseFormat
    | ValidationCodes
    | FakeCodes
    | FakeBehaviour
    | FakeFilter
)


def as_spec(section: Section) -> dict[str, object]:
    """A section as the spec writes it: the keys it gives, in field order, as plain data
    (lists, dicts, scalars). `gen inspect --json`, `gen diff` and the runtime's fake settings
    show sections this way."""
    return {
        name: _plain(value)
        for name, value in zip(section._fields, section, strict=True)
        if value is not None
    }


def is_record(value: object) -> TypeGuard[Record]:
    """Whether value is a record (a NamedTuple, as the model's and the runtime's are), not a
    plain tuple."""
    return isinstance(value, tuple) and hasattr(type(value), "_fields")


def record_dict(record: Record) -> dict[str, Any]:
    """A record's fields by name, records within as dicts too and tuples kept tuples (what
    dataclasses.asdict gives)."""
    return {name: _dicts(value) for name, value in zip(record._fields, record, strict=True)}


def _dicts(value: object) -> object:
    if is_record(value):
        return record_dict(value)
    if isinstance(value, (tuple, list)):
        return type(value)(_dicts(item) for item in value)
    if isinstance(value, dict):
        return {key: _dicts(item) for key, item in value.items()}
    return value


def _plain(value: object) -> object:
    if isinstance(value, Section):
        return as_spec(value)
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    return value


class Service(Record):
    """One service at one API version: its facts and its operations."""

    name: str
    title: str
    package: str
    package_version: str
    client_class: str
    async_client_class: str
    root_error: str
    api_version: str
    style: str
    endpoint: Endpoint
    signing: Signing
    credentials: Credentials
    wire: Wire
    response: ResponseFormat
    validation: ValidationCodes
    types: tuple[StructType, ...]
    errors: tuple[ErrorDef, ...]
    operations: tuple[Operation, ...]
    files: tuple[SpecFile, ...]
    fake: FakeCodes | None = None
    notes: tuple[str, ...] = ()

    def error(self, code: str) -> ErrorDef:
        return next(e for e in self.errors if e.code == code)

    def type(self, name: str) -> StructType:
        return next(t for t in self.types if t.name == name)
