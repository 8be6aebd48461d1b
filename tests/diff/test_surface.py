"""The surface gen diff reasons about is the surface the generated package really has."""

from __future__ import annotations

import sae_jobs
import sae_jobs.models
import sae_jobs.params

from generator.diff.surface import public_surface
from generator.frontend.entry import load_model
from tests.helpers import SPEC


def test_exception_classes_are_the_ones_the_package_exports() -> None:
    exported = {
        f"sae_jobs.{name}"
        for name in sae_jobs.__all__
        if isinstance(getattr(sae_jobs, name), type)
        and issubclass(getattr(sae_jobs, name), Exception)
    }
    assert public_surface(load_model(SPEC))["exception_classes"] == exported


def test_methods_and_clients_are_there() -> None:
    surface = public_surface(load_model(SPEC))
    for method in surface["methods"]:
        assert callable(getattr(sae_jobs.SaeJobsClient, method.removeprefix("sae_jobs.")))
    for cls in surface["classes"]:
        name = cls.removeprefix("sae_jobs.")
        modules = (sae_jobs, sae_jobs.models, sae_jobs.params)
        assert any(hasattr(module, name) for module in modules), name
