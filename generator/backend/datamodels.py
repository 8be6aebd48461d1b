"""The TypedDict models, produced by datamodel-code-generator from the model's JSON Schema.

TypedDict keeps every wire key exactly as documented (dataclass output renames keys such as
valueFrom or keys that are keywords) and needs nothing beyond the standard library.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from functools import partial

from generator.backend.cache import cached_text, store_text
from generator.exports.jsonschema import models_schema
from generator.model import Service
from generator.parallel import Worker, start
from generator.versions import tool_version as version

ROOT_TITLE = "Models"
_OPTIONS = (
    "typing.TypedDict py311 field-descriptions standard-collections union-operator no-formatters"
)


def start_models(service: Service, worker: Worker | None = None) -> Callable[[], str]:
    """models.py's text for service: from the cache, or generated in another process (worker,
    or one started now) while this one renders the rest; the returned function waits for it."""
    schema, key = _schema_key(service)
    hit = cached_text("models", key, lambda: "")
    if hit:
        return lambda: hit
    job = partial(_run_and_store, schema, key)
    return worker.submit(job) if worker else start(job)


def cached_models(service: Service) -> str | None:
    """models.py's text for service if the cache has it (start_models without the start)."""
    return cached_text("models", _schema_key(service)[1], lambda: "") or None


def _schema_key(service: Service) -> tuple[str, tuple[str, ...]]:
    """The JSON Schema datamodel-code-generator reads, and the cache key of its output."""
    schema = json.dumps(models_schema(service), sort_keys=True, ensure_ascii=False)
    return schema, (schema, version("datamodel-code-generator"), _OPTIONS)


def _run_and_store(schema: str, key: tuple[str, ...]) -> str:
    text = _run(schema)
    store_text("models", key, text)
    return text


def _run(schema: str) -> str:
    # Imported here: it costs a third of a second and cached runs never need it.
    from datamodel_code_generator import generate
    from datamodel_code_generator.enums import DataModelType, InputFileType
    from datamodel_code_generator.format import PythonVersion

    out = generate(
        schema,
        input_file_type=InputFileType.JsonSchema,
        output_model_type=DataModelType.TypingTypedDict,
        target_python_version=PythonVersion.PY_311,
        disable_timestamp=True,
        use_field_description=True,
        use_standard_collections=True,
        use_union_operator=True,
        formatters=[],
        custom_file_header="",
    )
    assert isinstance(out, str)
    return _drop_root_alias(out)


def _drop_root_alias(text: str) -> str:
    """The schema's root only holds $defs; datamodel-code-generator still emits an alias
    `Models: TypeAlias = Any` for it, which is noise in a public module."""
    text = text.replace(f"\n{ROOT_TITLE}: TypeAlias = Any\n", "\n")
    body = text.split("\n", 5)[-1]
    if not re.search(r"\bAny\b", body.split("from typing import", 1)[-1].split("\n", 1)[-1]):
        text = text.replace("from typing import Any, ", "from typing import ")
    return text.lstrip("\n")
