"""The generated package's public surface, and what a revision adds to it or takes away.

Names are qualified by the package, so that two services never merge their entries.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import ErrorDef, Service

KINDS = ("methods", "keyword_arguments", "classes", "error_members", "exception_classes")

# The classes templates/errors.py.j2 always defines under the package's root error.
_API_EXCEPTIONS = (
    "ValidationError", "CredentialsError", "APIError", "BadRequestError", "NotFoundError",
    "ThrottlingError", "ServerError", "APIConnectionError", "APITimeoutError",
)


@dataclass(frozen=True)
class SurfaceChange:
    added: tuple[str, ...]
    removed: tuple[str, ...]


def root_error(service: Service) -> str:
    # Mirrors generator/view.py, which names it; the model does not carry it.
    return service.client_class.removesuffix("Client") + "Error"


def exception_class(error: ErrorDef) -> str:
    """The exception the generated error_for() raises for this code with its documented status."""
    if error.throttling or error.http_status == 429:
        return "ThrottlingError"
    if error.not_found or error.http_status == 404:
        return "NotFoundError"
    return "ServerError" if error.http_status >= 500 else "BadRequestError"


def public_surface(services: list[Service]) -> dict[str, set[str]]:
    surface: dict[str, set[str]] = {kind: set() for kind in KINDS}
    for s in services:
        pkg = s.package
        surface["classes"].update((f"{pkg}.{s.client_class}", f"{pkg}.Async{s.client_class}"))
        surface["classes"].update(f"{pkg}.{t.name}" for t in s.types)
        surface["error_members"].update(f"{pkg}.{e.member}" for e in s.errors)
        surface["exception_classes"].update(f"{pkg}.{name}" for name in (root_error(s), *_API_EXCEPTIONS))
        for op in s.operations:
            surface["methods"].add(f"{pkg}.{op.python_name}")
            surface["classes"].update((f"{pkg}.{op.params_class}", f"{pkg}.{op.response_class}"))
            surface["keyword_arguments"].update(f"{pkg}.{op.python_name}({p.python_name})" for p in op.parameters)
    return surface


def surface_diff(base: list[Service], head: list[Service]) -> dict[str, SurfaceChange]:
    old, new = public_surface(base), public_surface(head)
    return {kind: SurfaceChange(tuple(sorted(new[kind] - old[kind])), tuple(sorted(old[kind] - new[kind]))) for kind in KINDS}
