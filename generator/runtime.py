"""Where gen's templates and the runtime copied into every generated package live.

Both ship inside gen's distribution as the package ``gen_templates`` (the repository's
top-level ``templates/`` folder). The runtime (``gen_templates.runtime``) is an ordinary
package that imports only itself; the generator imports it like any other, so that
`gen lint` judges documented examples exactly as the generated validator will.
"""

from __future__ import annotations

import re
from functools import cache

import gen_templates
from gen_templates.runtime import _config, _error_info, _errors, _validation

__all__ = [
    "RUNTIME",
    "TEMPLATES",
    "_config",
    "_error_info",
    "_errors",
    "_validation",
    "client_members",
    "exception_names",
    "forget_indexes",
]

TEMPLATES = gen_templates.FOLDER
RUNTIME = TEMPLATES / "runtime"


@cache
def client_members() -> frozenset[str]:
    """Every name the generated clients have besides the operations: the members of the
    runtime classes they build on, and the methods the client template itself defines. An
    operation method of the same name would replace one of them."""
    # Imported here: the client classes (and logging, and the transport) are needed for this
    # one question, which the front end asks after the model has gone to the back end.
    from gen_templates.runtime import _client_base

    template = (TEMPLATES / "client.py.j2").read_text("utf-8")
    found = set(re.findall(r"def ([A-Za-z_][A-Za-z0-9_]*)\(", template))
    for cls in (_client_base.SyncClient, _client_base.AsyncClientBase, _client_base.RawResponses):
        found.update(dir(cls))
    return frozenset(found)


def exception_names() -> tuple[str, ...]:
    """The exceptions every generated package exports besides its root error (the runtime's
    ``ClientError``, which the package names after its service): one list, the runtime's."""
    return tuple(
        name
        for name in _errors.__all__
        if name != "ClientError" and isinstance(getattr(_errors, name), type)
    )


def forget_indexes() -> None:
    """Let go of the tables the runtime's validator has indexed or compiled. A client's tables
    live as long as it does, so the validator keeps what it derives from each; gen's checks
    build tables it throws away, whose indexes would stay for the whole run (9 MB at 200
    operations)."""
    _validation.forget_tables()
