"""Everything the templates print, decided here: names, literals, imports, escaped docstrings.

Templates stay thin: they loop and print fields of these objects, nothing more.
"""

from __future__ import annotations

import json
from functools import partial

from generator import DISTRIBUTION, __version__
from generator.backend.cache import memoized
from generator.backend.pysource import layout, source
from generator.backend.reference import Reference
from generator.backend.wrapping import fill
from generator.exports.python_types import PY_SCALAR, annotation
from generator.frontend import names
from generator.frontend.validation_tables import ValidationTables, validation_tables
from generator.model import (
    ErrorDef,
    Operation,
    Parameter,
    ResponseField,
    Service,
    StructType,
    as_spec,
)
from generator.parallel import ordered_map
from generator.records import Record
from generator.runtime import _config, _error_info, _validation, exception_names
from generator.versions import tool_version as version

WRAP = 92


def docstring(text: str, indent: str = "") -> str:
    """Text made safe inside a triple-quoted string, wrapped for reading."""
    safe = _escape(text).strip()
    paragraphs = [fill(p, WRAP) for p in safe.split("\n\n")]
    return _close_safely("\n\n".join(paragraphs), indent)


def _close_safely(text: str, indent: str) -> str:
    """Indent continuation lines, and escape a final quote that would merge with the closing ones."""
    if text.endswith('"') and not text.endswith('\\"'):
        text = text[:-1] + '\\"'
    lines = text.split("\n")
    return "\n".join([lines[0]] + [indent + line if line else "" for line in lines[1:]])


class ErrorView(Record):
    """One error code as the error enum prints it."""

    member: str
    code_literal: str
    docstring: str
    info_source: str


class FieldView(Record):
    """One parameter or field as the client, params and docstrings print it."""

    name: str
    annotation: str  # in the params TypedDict
    docstring: str
    argument: str  # the method's keyword argument: name, type and default


# Where the method's keyword arguments start, and the line length the formatter keeps to.
_ARGUMENT_INDENT, _LINE_LENGTH = 8, 100


def _optional_argument(name: str, annotation: str) -> str:
    """``name: T | NotGiven = NOT_GIVEN``; an annotation too long for its line is
    parenthesised, as black prints it (ruff keeps parentheses it is given, so both agree)."""
    union = f"{annotation} | NotGiven"
    if _ARGUMENT_INDENT + len(f"{name}: {union} = NOT_GIVEN,") > _LINE_LENGTH:
        union = f"({union})"
    return f"{name}: {union} = NOT_GIVEN"


# The keyword arguments every operation method ends with, after the documented ones.
CALL_ARGUMENTS = (
    "options: RequestOptions | None = None",
    "extra_query: Mapping[str, ExtraValue] | None = None",
    "extra_body: Mapping[str, ExtraValue] | None = None",
    "extra_headers: Mapping[str, str] | None = None",
)
# The keyword arguments every iter_ method ends with, after the documented ones.
ITER_ARGUMENTS = (
    "options: RequestOptions | None = None",
    "max_pages: int | None = DEFAULT_MAX_PAGES",
)
_ITER_ARGS_DOC = (
    ("options", "Per-call settings (RequestOptions) for every page's request."),
    (
        "max_pages",
        "The most pages to fetch (default 10,000): PagingError past it, so a server paging "
        "without end cannot make the iteration endless. None: no limit.",
    ),
)
_CALL_ARGS_DOC = (
    (
        "options",
        "Per-call settings (RequestOptions): timeout, total_timeout, max_retries, validate, ...",
    ),
    (
        "extra_query",
        "Parameters this version does not document yet, sent in the query, signed; "
        "a documented name is refused. Containers are sent as JSON.",
    ),
    ("extra_body", "The same, sent in the form body."),
    ("extra_headers", "Headers for this call, signed; the client's own cannot be replaced."),
)


class OperationView(Record):
    """What the templates print for one operation."""

    name: str
    python_name: str
    params_class: str
    response_class: str
    info_const: str
    docstring: str
    fields: tuple[FieldView, ...]
    info_source: str
    table_source: str
    validate_doc: str
    arguments: tuple[str, ...]  # the method's keyword arguments, documented ones first
    item_annotation: str | None  # paged operations: the type of one item
    iter_arguments: tuple[str, ...]  # paged operations: the iter_ methods' keyword arguments
    iter_docstring: str  # paged operations: iter_<name>'s docstring
    pages_docstring: str  # paged operations: iter_<name>_pages's docstring


class PackageView(Record):
    """What the templates print for one package."""

    service: Service
    package: str
    distribution: str  # the generated package's name for pip
    python_min: str  # the oldest Python the generated package supports
    python_min_tuple: str
    generator: str  # the gen that writes the package, as its __generator__ says
    toml_description: str  # a TOML string literal
    header: str
    md_header: str
    root_error: str
    exceptions: tuple[str, ...]  # the runtime's, exported under the package's own name
    client_class: str
    async_client_class: str
    service_source: str
    codes_source: str
    type_constants: tuple[str, ...]  # each a laid-out assignment
    errors: tuple[ErrorView, ...]
    operations: tuple[OperationView, ...]
    paged_operations: tuple[OperationView, ...]
    params_literal: bool  # params.py names Literal (an enum parameter)
    params_clear: bool  # params.py names ClearType (a parameter that CLEAR clears)
    params_imports: str
    client_type_imports: tuple[str, ...]  # import lines the client's annotations need
    tables_imports: tuple[str, ...]
    tables_all: str
    reference: Reference
    dmcg_version: str


def toml_string(text: str) -> str:
    """A TOML basic string: JSON's escapes are TOML's (control characters as \\uXXXX)."""
    return json.dumps(" ".join(text.split()), ensure_ascii=False)


def source_folder(service: Service) -> str:
    """The service's spec folder as the output names it: relative, the same on every machine."""
    return service.files[0].path.rpartition("/")[0] if service.files else service.name


def header_lines(service: Service) -> list[str]:
    """Names what the file is made from, and nothing that changes when something else does:
    no hashes, no gen version (the output folder's manifest names gen's version)."""
    return [
        f"Generated by gen from the specs in {source_folder(service)}/; do not edit. Change the spec and run `gen`."
    ]


PYTHON_MIN = (3, 11)  # StrEnum, typing.Self, NamedTuple generics in the runtime
RUNTIME_HEADER = (
    "# Copied by gen from its runtime (the same in every generated package); do not edit."
)


def _error_view(e: ErrorDef) -> ErrorView:
    info = _error_info.ErrorInfo(
        http_status=e.http_status,
        message=e.message,
        description=e.description,
        retryable=e.retryable,
        throttling=e.throttling,
        not_found=e.not_found,
    )
    doc = f"HTTP {e.http_status}: {e.message}" + (f" {e.description}" if e.description else "")
    return ErrorView(e.member, repr(e.code), docstring(doc, "    "), source(info))


def _param_doc(p: Parameter) -> list[str]:
    """The paragraphs documenting a parameter: its description, then its facts."""
    parts = [p.description or "(The documentation gives no description.)"]
    c = p.constraints
    facts = []
    if p.json_type:
        facts.append(f"JSON of type {p.json_type}; a raw JSON string is accepted too")
    if p.empty_clears:
        facts.append("pass CLEAR to send an empty value, which clears the setting")
    if c.default is not None:
        facts.append(f"default {c.default!r}")
    if p.location != "query":
        facts.append(
            {
                "body": "sent in the form body",
                "path": "sent in the path",
                "header": "sent as a header",
            }[p.location]
        )
    if p.deprecated:
        facts.append(p.deprecated.sentence.rstrip(".").lower())
    for e in c.enum:
        if e.description:
            facts.append(f"{e.value!r}: {e.description.rstrip('.')}")  # facts are joined by "; "
        if e.deprecated:
            facts.append(f"{e.value!r}: {e.deprecated.sentence.rstrip('.').lower()}")
    if p.sensitive:
        facts.append("secret: never logged or shown")
    if p.example is not None and not p.sensitive:
        facts.append(f"example: {p.example}")
    if facts:
        parts.append(_sentence("; ".join(facts)))
    return parts


def _sentence(text: str) -> str:
    """Text ending in one full stop (an example may bring its own)."""
    return text if text.endswith((".", "!", "?")) else text + "."


def _field(p: Parameter) -> FieldView:
    printed = annotation(p)
    argument = (
        f"{p.python_name}: {printed}" if p.required else _optional_argument(p.python_name, printed)
    )
    return FieldView(
        p.python_name,
        f"Required[{printed}]" if p.required else printed,
        docstring("\n\n".join(_param_doc(p)), "    "),
        argument,
    )


def _args_block(op: Operation, call_args: tuple[tuple[str, str], ...] = _CALL_ARGS_DOC) -> str:
    """The Args: section of a method's docstring, drawn from the parameter tables."""
    entries = [
        (p.python_name, " ".join(_param_doc(p)) + ("" if p.required else " Optional."))
        for p in op.parameters
    ]
    return "\n".join(
        ["Args:", *(_indented(f"{name}: {text}") for name, text in [*entries, *call_args])]
    )


def _iter_docs(op: Operation) -> tuple[str, str]:
    """The docstrings of iter_<name> and iter_<name>_pages."""
    stops = (
        "Starts at the page given, else the first; asks for the largest documented page size "
        "unless one is given; stops on an empty or short page, the announced total, or a page "
        "or next token seen before."
    )
    args = _args_block(op, _ITER_ARGS_DOC)
    items = docstring_blocks(
        [
            f"Every item of {op.name}, page after page, fetched as needed.",
            fill(stops, WRAP - 8),
            args,
        ],
        "        ",
    )
    pages = docstring_blocks(
        [f"Every answer of {op.name}, first page first (see iter_{op.python_name}).", args],
        "        ",
    )
    return items, pages


def _indented(text: str) -> str:
    """One Args or Returns entry, wrapped to fit the method's docstring."""
    return fill(text, WRAP - 8, initial_indent="    ", subsequent_indent="        ")


def runtime_deprecations(op: Operation) -> tuple[tuple[str, object, str], ...]:
    """What the client warns about at a call (OperationInfo.deprecated): the operation, a
    deprecated keyword passed with any value, a deprecated enum value passed."""
    found: list[tuple[str, object, str]] = []
    if op.deprecated:
        found.append(("", None, f"{op.python_name}() is deprecated. {op.deprecated.sentence}"))
    for p in op.parameters:
        if p.deprecated:
            found.append(
                (
                    p.python_name,
                    None,
                    f"{op.python_name}({p.python_name}=...) is deprecated. {p.deprecated.sentence}",
                )
            )
        for e in p.constraints.enum:
            if e.deprecated:
                message = f"{op.python_name}({p.python_name}={e.value!r}) is deprecated. {e.deprecated.sentence}"
                found.append((p.python_name, e.value, message))
    return tuple(found)


def _op_doc(op: Operation) -> str:
    retry = (
        "idempotent, retried on failures."
        if op.idempotent
        else ("not idempotent: not retried once it may have reached the service.")
    )
    blocks = [op.summary, f"{op.method} {op.path}; {retry}"]
    if op.deprecated:
        blocks.insert(1, op.deprecated.sentence)
    if op.rules:
        bullets = [_bullet(f"- {r.summary}") for r in op.rules]
        blocks.append("Rules:\n" + "\n".join(bullets))
    blocks.append(_args_block(op))
    blocks.append(
        "Returns:\n"
        + _indented(f"{op.response_class}; with_raw_response gives the ApiResponse around it.")
    )
    return docstring_blocks(blocks, "        ")


def _bullet(text: str) -> str:
    return fill(text, WRAP, subsequent_indent="  ")


def docstring_blocks(blocks: list[str], indent: str) -> str:
    """Pre-wrapped blocks, escaped for a triple-quoted string and indented."""
    return _close_safely(_escape("\n\n".join(blocks)), indent)


def _inline(text: str) -> str:
    """Text inside a one-line docstring: whitespace folded, then escaped like every docstring."""
    return _escape(" ".join(text.split()))


def _escape(text: str) -> str:
    """Backslashes and triple quotes made literal inside a triple-quoted string."""
    return text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')


def _operation_view(op: Operation, tables: ValidationTables, table_source: str) -> OperationView:
    const = names.constant_name(op.name)
    table = tables.operations[op.name]
    info = _config.OperationInfo(
        name=op.name,
        method=op.method,
        path=op.path,
        idempotent=op.idempotent,
        table=table,
        fake=_fake_info(op),
        paging=_paging_info(op),
        deprecated=runtime_deprecations(op),
    )
    info_source = source(info, {id(table): f"_tables.{const}"})
    fields = tuple(_field(p) for p in op.parameters)
    iter_docs = _iter_docs(op) if op.paging else ("", "")
    return OperationView(
        name=op.name,
        python_name=op.python_name,
        params_class=op.params_class,
        response_class=op.response_class,
        info_const=const,
        docstring=_op_doc(op),
        fields=fields,
        info_source=info_source,
        table_source=table_source,
        validate_doc=docstring(
            f"Every violation of {op.name}'s documented rules by params (keyword-argument names); empty when valid.",
            "    ",
        ),
        arguments=(*(f.argument for f in fields), *CALL_ARGUMENTS),
        item_annotation=paging_item_annotation(op) if op.paging else None,
        iter_arguments=(*(f.argument for f in fields), *ITER_ARGUMENTS) if op.paging else (),
        iter_docstring=iter_docs[0],
        pages_docstring=iter_docs[1],
    )


def _fake_info(op: Operation) -> dict[str, object]:
    """The spec's fake section, with the keys (and their types) of the stored resources the
    operation's answer shows: the record_field object's, or a list's items'."""
    if op.fake is None:
        return {}
    fake = as_spec(op.fake)
    shown = op.response_field(op.fake.record_field)
    if op.fake.action == "list" and op.paging is not None:
        items = op.response_field(op.paging.items)
        shown = items.items if items is not None else None
    if shown is not None and shown.fields:
        fake["record_types"] = {f.name: f.type for f in shown.fields}
    return fake


def _paging_info(op: Operation) -> _config.Paging | None:
    """The runtime's paging description: parameters by Python name, paths as key tuples."""
    paging = op.paging
    if paging is None:
        return None
    page, size, token = (
        op.parameter(w) for w in (paging.page_param, paging.size_param, paging.token_param)
    )
    maximum = size.constraints.maximum if size is not None else None
    return _config.Paging(
        style=paging.style,
        items=_keys(paging.items),
        page_param=page.python_name if page else None,
        first_page=paging.first_page,
        size_param=size.python_name if size else None,
        max_size=int(maximum) if maximum is not None else None,
        total=_keys(paging.total),
        token_param=token.python_name if token else None,
        next_token=_keys(paging.next_token),
    )


def _keys(dotted: str | None) -> tuple[str, ...]:
    return tuple(dotted.split(".")) if dotted else ()


def paging_item_annotation(op: Operation) -> str:
    """The type of one item of a paged operation, as models.py names it."""
    assert op.paging is not None
    field = op.response_field(op.paging.items)
    assert field is not None and field.items is not None, "lint checks that items is an array"
    return item_annotation(
        field.items, f"{op.response_class}{op.paging.items.replace('.', '')}Item"
    )


def item_annotation(f: ResponseField, name: str) -> str:
    if f.type == "array" and f.items is not None:
        return f"list[{item_annotation(f.items, name + 'Item')}]"
    if f.type == "object":
        return name if f.fields else "dict[str, Any]"
    return PY_SCALAR[f.type]


def _operation_view_cached(
    tables: ValidationTables, table_sources: dict[str, str], op: Operation
) -> OperationView:
    """An operation's view, from the cache when the operation and its printed table are the
    ones it was made from (an edited description changes one operation of the service)."""
    table_source = table_sources[op.name]
    return memoized(
        "operation-views", (op, table_source), partial(_operation_view, op, tables, table_source)
    )


class TableSources(Record):
    """The validation tables as _tables.py prints them."""

    types: tuple[str, ...]  # each type's constant, types before the types that use them
    operations: tuple[str, ...]  # each operation's table constant, in the service's order
    codes: str
    used: tuple[str, ...]  # the engine's names they call, sorted


def table_sources(service: Service, tables: ValidationTables) -> TableSources:
    """The printed tables, from the cache when the same tables were printed before: an edited
    description changes none, and printing them is half of the view's time. The tables are
    the key, with each constant's name beside the very object it names."""
    make = partial(_print_tables, service, tables)
    by_id = {id(t): t for t in (*tables.types.values(), *tables.operations.values())}
    if not set(tables.constant_names) <= set(by_id):
        return make()  # a name for something else: the key would not say where it stands
    inputs = (
        [t.name for t in _ordered_types(service)],
        [op.name for op in service.operations],
        tables.types,
        tables.operations,
        tables.codes,
        sorted((name, by_id[ident]) for ident, name in tables.constant_names.items()),
    )
    return memoized("tables", inputs, make)


def _print_tables(service: Service, tables: ValidationTables) -> TableSources:
    used: set[str] = set()
    types = tuple(
        "\n".join(
            layout(
                tables.types[t.name],
                _without(tables.constant_names, tables.types[t.name]),
                used,
                head=f"{tables.constant_names[id(tables.types[t.name])]}: Final = ",
            )
        )
        for t in _ordered_types(service)
    )
    # Operations are printed independently: spread over the cores, in spec order, from 16
    # operations a process on (an operation takes 1-2 ms; a fork, handing the views back and
    # sharing the cores with the meaning checks of a regeneration cost more below that: the
    # views of 8 operations took 15 ms in one process, 20-24 ms in two).
    printed = ordered_map(partial(_table_source, tables), service.operations, 16)
    used.update(*(names for _text, names in printed))
    codes = "\n".join(layout(tables.codes, {}, used, head="CODES: Final = "))
    return TableSources(types, tuple(text for text, _names in printed), codes, tuple(sorted(used)))


def _table_source(tables: ValidationTables, op: Operation) -> tuple[str, set[str]]:
    """An operation's table constant, with the engine names it uses."""
    used: set[str] = set()
    table = tables.operations[op.name]
    text = "\n".join(
        layout(
            table,
            _without(tables.constant_names, table),
            used,
            head=f"{names.constant_name(op.name)}: Final = ",
        )
    )
    return text, used


def _ordered_types(service: Service) -> list[StructType]:
    """Types in an order where each is defined after the types it uses."""
    by_name = {t.name: t for t in service.types}
    done: list[StructType] = []

    def visit(t: StructType) -> None:
        if t in done:
            return
        refs = (
            [f.ref for f in t.fields if f.ref]
            + ([t.items.ref] if t.items and t.items.ref else [])
            + list(t.one_of)
        )
        for ref in refs:
            if ref and ref in by_name:
                visit(by_name[ref])
        done.append(t)

    for t in service.types:
        visit(t)
    return done


def _service_source(s: Service) -> str:
    sign, wire, resp, cred = s.signing, s.wire, s.response, s.credentials
    info = _config.ServiceInfo(
        name=s.name,
        api_version=s.api_version,
        endpoints=dict(s.endpoint.networks),
        default_network=s.endpoint.default_network,
        scheme=s.endpoint.scheme,
        algorithm=sign.algorithm,
        signed_headers=sign.signed_headers,
        action_header=sign.action_header,
        version_header=sign.version_header,
        date_header=sign.date_header,
        nonce_header=sign.nonce_header,
        content_hash_header=sign.content_hash_header,
        security_token_header=sign.security_token_header,
        # The spec may leave these two out: the common HTTP header names then.
        retry_after_header=sign.retry_after_header or "retry-after",
        request_id_header=sign.request_id_header or "x-request-id",
        access_key_id_env=cred.access_key_id_env,
        access_key_secret_env=cred.access_key_secret_env,
        security_token_env=cred.security_token_env,
        boolean_true=wire.boolean_true,
        boolean_false=wire.boolean_false,
        form_content_type=wire.form_content_type,
        success_field=resp.success_field,
        code_field=resp.code_field,
        message_field=resp.message_field,
        error_code_field=resp.error_code_field,
        request_id_field=resp.request_id_field,
        empty_error_codes=resp.empty_error_codes,
        log_env=f"{s.package.upper()}_LOG",
        user_agent=f"{s.package}/{s.api_version} (generated by gen)",
        codes=_CODES,
        errors=_ERRORS,
        code_type=_CODE_TYPE,
        operations=_OPERATIONS,
        fake=dict(s.fake.by_key) if s.fake else {},
    )
    return source(info, _SERVICE_REFERENCES)


def _code_type(code: str) -> str:
    return code


# Stand-ins for what _service.py.j2 defines or imports before SERVICE; printed by name.
_CODES = _validation.Codes("", "", "", {})
_ERRORS: dict[str, _error_info.ErrorInfo] = {}
_CODE_TYPE = _code_type
_OPERATIONS: dict[str, _config.OperationInfo] = {}
_SERVICE_REFERENCES = {
    id(_CODES): "_tables.CODES",
    id(_ERRORS): "ERROR_INFO",
    id(_CODE_TYPE): "ErrorCode",
    id(_OPERATIONS): "OPERATIONS",
}


def _without(names: dict[int, str], value: object) -> dict[int, str]:
    """The constant names, except value's own: a constant is printed in full where defined."""
    return {k: v for k, v in names.items() if k != id(value)}


def package_view(service: Service, reference: Reference) -> PackageView:
    tables = validation_tables(service)
    json_types = sorted(
        {p.json_type for op in service.operations for p in op.parameters if p.json_type}
    )
    lines = header_lines(service)
    printed = table_sources(service, tables)
    by_operation = dict(
        zip((op.name for op in service.operations), printed.operations, strict=True)
    )
    operations = tuple(
        ordered_map(partial(_operation_view_cached, tables, by_operation), service.operations, 16)
    )
    annotations = " ".join(annotation(p) for op in service.operations for p in op.parameters)
    models = [op.response_class for op in service.operations] + json_types
    paged = tuple(op for op in operations if op.item_annotation)
    return PackageView(
        # Templates print the title and version inside docstrings: they get the escaped text.
        service=service._replace(
            title=_inline(service.title), api_version=_inline(service.api_version)
        ),
        package=service.package,
        distribution=service.package.replace("_", "-"),
        python_min=".".join(map(str, PYTHON_MIN)),
        python_min_tuple=repr(PYTHON_MIN),
        generator=f"{DISTRIBUTION} {__version__}",
        toml_description=toml_string(
            f"Typed client, validator and error codes for {service.title} {service.api_version}"
        ),
        header="\n".join("# " + line for line in lines),
        md_header="<!-- " + "\n     ".join(lines) + " -->",
        root_error=service.root_error,
        exceptions=exception_names(),
        client_class=service.client_class,
        async_client_class=service.async_client_class,
        service_source=_service_source(service),
        codes_source=printed.codes,
        type_constants=printed.types,
        errors=tuple(_error_view(e) for e in service.errors),
        operations=operations,
        paged_operations=paged,
        params_literal=any(p.constraints.enum for op in service.operations for p in op.parameters),
        params_clear=any(p.empty_clears for op in service.operations for p in op.parameters),
        params_imports=", ".join(json_types),
        client_type_imports=_client_type_imports(annotations, models, paged),
        tables_imports=printed.used,
        tables_all="\n".join(
            layout(["CODES", *(op.info_const for op in operations)], {}, set(), head="__all__ = ")
        ),
        reference=reference,
        dmcg_version=version("datamodel-code-generator"),
    )


def _client_type_imports(
    annotations: str, models: list[str], paged: tuple[OperationView, ...]
) -> tuple[str, ...]:
    """What the client module imports for its annotations only (under TYPE_CHECKING)."""
    items = [op.item_annotation or "" for op in paged]
    lines = [
        (
            "from collections.abc import AsyncIterator, Iterator, Mapping"
            if paged
            else "from collections.abc import Mapping"
        )
    ]
    needs = {
        "Literal": "Literal[" in annotations,
        "Any": any("Any" in i for i in items),
    }
    typing = sorted(name for name, needed in needs.items() if needed)
    if typing:
        lines.append(f"from typing import {', '.join(typing)}")
    lines.append("")
    lines.append("from ._runtime._transport import ExtraValue, NotGiven, RequestOptions")
    if "ClearType" in annotations:
        lines.append("from ._runtime._validation import ClearType")
    named = sorted(set(models) | {i for i in items if i.isidentifier()})
    lines.append(f"from .models import {', '.join(named)}")
    return tuple(lines)
