"""The generated package's public surface, and what a revision adds to it or takes away.

Names are qualified by the package, so that two services never merge their entries.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.model import Service
from generator.runtime import exception_names

KINDS = ("methods", "keyword_arguments", "classes", "error_members", "exception_classes")


@dataclass(frozen=True)
class SurfaceChange:
    added: tuple[str, ...]
    removed: tuple[str, ...]


def public_surface(services: list[Service]) -> dict[str, set[str]]:
    surface: dict[str, set[str]] = {kind: set() for kind in KINDS}
    for s in services:
        pkg = s.package
        surface["classes"].update((f"{pkg}.{s.client_class}", f"{pkg}.{s.async_client_class}"))
        surface["classes"].update(f"{pkg}.{t.name}" for t in s.types)
        surface["error_members"].update(f"{pkg}.{e.member}" for e in s.errors)
        surface["exception_classes"].update(
            f"{pkg}.{name}" for name in (s.root_error, *exception_names())
        )
        for op in s.operations:
            surface["methods"].add(f"{pkg}.{op.python_name}")
            surface["classes"].update((f"{pkg}.{op.params_class}", f"{pkg}.{op.response_class}"))
            surface["keyword_arguments"].update(
                f"{pkg}.{op.python_name}({p.python_name})" for p in op.parameters
            )
    return surface


def surface_diff(base: list[Service], head: list[Service]) -> dict[str, SurfaceChange]:
    old, new = public_surface(base), public_surface(head)
    return {
        kind: SurfaceChange(
            tuple(sorted(new[kind] - old[kind])), tuple(sorted(old[kind] - new[kind]))
        )
        for kind in KINDS
    }


def owners(services: list[Service]) -> dict[str, str]:
    """Surface names that exist because of one method (its keyword arguments and its Params
    and Response classes) -> that method, so that a report can list an added or removed
    method as one row."""
    found: dict[str, str] = {}
    for s in services:
        for op in s.operations:
            method = f"{s.package}.{op.python_name}"
            found.update(
                dict.fromkeys(
                    (f"{s.package}.{op.params_class}", f"{s.package}.{op.response_class}"), method
                )
            )
            found.update(
                dict.fromkeys((f"{method}({p.python_name})" for p in op.parameters), method)
            )
    return found
