"""The intermediate model: what the specs say, with every Python name decided.

Templates, `gen inspect`, `gen diff`, the exports and the validator tables all read this;
nothing downstream looks at the YAML again. The model holds no Python source: it says what
a type is (documented type, kind, constraints, JSON structure), and how the generated package
spells it in Python is printed in one place the back end and `gen inspect` share
(`exports/python_types`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

Scalar = str | int | float | bool


@dataclass(frozen=True)
class Deprecation:
    since: str  # ISO dates
    sunset: str | None = None
    use: str | None = None

    @property
    def sentence(self) -> str:
        """One sentence for docstrings, the README and the DeprecationWarning alike."""
        text = f"Deprecated since {self.since}"
        text += f"; may be removed after {self.sunset}" if self.sunset else ""
        return text + (f". Use {self.use} instead." if self.use else ".")


@dataclass(frozen=True)
class EnumValue:
    value: Scalar
    description: str = ""
    deprecated: Deprecation | None = None


@dataclass(frozen=True)
class Constraints:
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


@dataclass(frozen=True)
class StructField:
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


@dataclass(frozen=True)
class Together:
    fields: tuple[str, ...]
    error: str
    missing_errors: tuple[tuple[str, str], ...] = ()  # (field, code when it is the missing one)


@dataclass(frozen=True)
class StructType:
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


@dataclass(frozen=True)
class Parameter:
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


@dataclass(frozen=True)
class Condition:
    param: str
    values: tuple[Scalar, ...]


@dataclass(frozen=True)
class Rule:
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


@dataclass(frozen=True)
class ResponseField:
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


@dataclass(frozen=True)
class ErrorDef:
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


@dataclass(frozen=True)
class Paging:
    """How a list operation pages (wire names for parameters, dotted paths in the response)."""

    style: str  # page_number | token
    items: str
    page_param: str | None = None
    first_page: int = 1
    size_param: str | None = None
    total: str | None = None
    token_param: str | None = None
    next_token: str | None = None


@dataclass(frozen=True)
class Operation:
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
    fake: dict[str, Any] | None = None  # how the generated fake server treats it
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


@dataclass(frozen=True)
class SpecFile:
    path: str  # relative to the spec root, with forward slashes
    sha256: str


@dataclass(frozen=True)
class Service:
    name: str
    title: str
    package: str
    package_version: str
    client_class: str
    async_client_class: str
    root_error: str
    api_version: str
    style: str
    endpoint: dict[str, Any]
    signing: dict[str, Any]
    credentials: dict[str, str]
    wire: dict[str, str]
    response: dict[str, Any]
    validation: dict[str, str]
    types: tuple[StructType, ...]
    errors: tuple[ErrorDef, ...]
    operations: tuple[Operation, ...]
    files: tuple[SpecFile, ...]
    fake: dict[str, str] | None = None
    notes: tuple[str, ...] = ()

    def error(self, code: str) -> ErrorDef:
        return next(e for e in self.errors if e.code == code)

    def type(self, name: str) -> StructType:
        return next(t for t in self.types if t.name == name)
