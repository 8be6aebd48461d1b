"""Load, build and check every service under a spec root: the single entry to the model."""

from __future__ import annotations

import marshal
from collections.abc import Iterator
from pathlib import Path

from generator.frontend.assemble import Assembler
from generator.frontend.read import Memo, RawService, load_specs
from generator.model import Service
from generator.problems import Problem, SpecError
from generator.runtime import client_members, forget_indexes


def read_services(root: Path, memo: Memo | None = None) -> tuple[list[Service], list[Problem]]:
    """Every service under root, and every problem found in reading, assembling and checking
    them (sorted; the services are empty when a file has the wrong shape)."""
    steps = read_in_steps(root, memo)
    services, problems = next(steps)
    for _services, found in steps:
        problems = sorted({*problems, *found})
    return services, problems


def read_in_steps(
    root: Path, memo: Memo | None = None
) -> Iterator[tuple[list[Service], list[Problem]]]:
    """read_services in two steps, so that a caller can start on the model while it is being
    checked: first the assembled services with the problems reading and assembling found,
    then ([], what the meaning checks find). When the first step has problems, the meaning
    checks have run already: it carries every problem, and there is no second step."""
    raws, problems = load_specs(root, memo)
    if problems:  # meaning is only given to files that have the right shape
        yield [], sorted(set(problems))
        return
    services = []
    for raw in raws:
        assembler = Assembler(raw)
        services.append(assembler.assemble())
        problems.extend(assembler.problems)
    packages = [s.package for s in services]
    for s in services:
        if packages.count(s.package) > 1:
            problems.append(
                Problem(
                    s.files[-1].path,
                    1,
                    1,
                    "service.package",
                    f"package {s.package!r} is used by two services",
                )
            )
    if problems:
        yield services, sorted({*problems, *_meaning_problems(raws, services, memo)})
        return
    yield list(services), []  # a copy: the caller may take services out of its list
    yield [], sorted(set(_meaning_problems(raws, services, memo)))


def _meaning_problems(
    raws: list[RawService], services: list[Service], memo: Memo | None
) -> Iterator[Problem]:
    # Imported here: the model is handed over before its meaning is checked (read_in_steps).
    from generator.frontend.meaning import check_all

    client_names = _client_names(memo)
    for raw, service in zip(raws, services, strict=True):
        yield from check_all(raw, service, client_names)
        forget_indexes()


_CLIENT_NAMES = ("client-names",)


def _client_names(memo: Memo | None) -> frozenset[str]:
    """The public names of runtime.client_members: what an operation's method may not be
    called. They depend on gen's code alone, so the memo keeps them (asking the runtime means
    importing its client classes: 10-18 ms, most of what checking a service's meaning costs)."""
    data = memo.get(_CLIENT_NAMES) if memo is not None else None
    if data is not None:
        try:
            return frozenset(marshal.loads(data))
        except (EOFError, ValueError, TypeError):
            pass
    names = frozenset(name for name in client_members() if not name.startswith("_"))
    if memo is not None:
        memo.put(_CLIENT_NAMES, marshal.dumps(sorted(names)))
    return names


def load_model(root: Path, allow_todo: bool = False, memo: Memo | None = None) -> list[Service]:
    """The model of every service; allow_todo lets a draft's open TODO notes through; memo
    keeps what reading each file found, so that an unchanged file is not parsed again."""
    services, problems = read_services(root, memo)
    if allow_todo:
        from generator.frontend.meaning import UNRESOLVED_TODO

        problems = [p for p in problems if not p.message.startswith(UNRESOLVED_TODO)]
    if problems:
        raise SpecError(problems)
    return services
