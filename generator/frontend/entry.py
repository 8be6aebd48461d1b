"""Load, build and check every service under a spec root: the single entry to the model."""

from __future__ import annotations

from pathlib import Path

from generator.frontend.assemble import Assembler
from generator.frontend.meaning import UNRESOLVED_TODO, check_all
from generator.frontend.read import Memo, load_specs
from generator.model import Service
from generator.problems import Problem, SpecError
from generator.runtime import forget_indexes


def read_services(root: Path, memo: Memo | None = None) -> tuple[list[Service], list[Problem]]:
    raws, problems = load_specs(root, memo)
    services = []
    if problems:  # meaning is only given to files that have the right shape
        return [], sorted(set(problems))
    for raw in raws:
        assembler = Assembler(raw)
        service = assembler.assemble()
        problems.extend(assembler.problems)
        problems.extend(check_all(raw, service))
        forget_indexes()
        services.append(service)
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
    return services, sorted(set(problems))


def load_model(root: Path, allow_todo: bool = False, memo: Memo | None = None) -> list[Service]:
    """The model of every service; allow_todo lets a draft's open TODO notes through; memo
    keeps what reading each file found, so that an unchanged file is not parsed again."""
    services, problems = read_services(root, memo)
    if allow_todo:
        problems = [p for p in problems if not p.message.startswith(UNRESOLVED_TODO)]
    if problems:
        raise SpecError(problems)
    return services
