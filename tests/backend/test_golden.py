"""Golden files: the committed output is exactly what gen produces, on any hash seed."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from tests.helpers import FIXTURES, GENERATED, SPEC, fixture_names, golden_tree, run_gen, tree


def _diff(expected: dict[str, bytes], actual: dict[str, bytes]) -> str:
    out = []
    for name in sorted(set(expected) | set(actual)):
        a = expected.get(name, b"").decode("utf-8", "replace").splitlines(keepends=True)
        b = actual.get(name, b"").decode("utf-8", "replace").splitlines(keepends=True)
        out.extend(difflib.unified_diff(a, b, f"committed/{name}", f"regenerated/{name}"))
    return "".join(out)


def test_generated_matches_spec(tmp_path: Path) -> None:
    result = run_gen("--spec", SPEC, "--out", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    fresh, committed = tree(tmp_path / "out"), tree(GENERATED)
    assert fresh == committed, "generated/ is stale; run `python3 tasks.py gen`:\n" + _diff(
        committed, fresh
    )


@pytest.mark.parametrize("name", fixture_names())
def test_fixture_golden(name: str, tmp_path: Path) -> None:
    result = run_gen("--spec", FIXTURES / name / "spec", "--out", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert tree(
        FIXTURES / name / "expected"
    ), f"no golden output for {name}; run `python3 tasks.py goldens`"
    expected = golden_tree(name)
    fresh = tree(tmp_path / "out")
    assert (
        fresh == expected
    ), f"golden output of {name} differs; review, then `python3 tasks.py goldens`:\n" + _diff(
        expected, fresh
    )


def test_output_is_identical_across_hash_seeds_and_cache(tmp_path: Path) -> None:
    # One run without any cache (the real datamodel-code-generator and black), one with.
    a = run_gen("--out", tmp_path / "a", env={"PYTHONHASHSEED": "1", "GEN_NO_CACHE": "1"})
    b = run_gen(
        "--out",
        tmp_path / "b",
        env={"PYTHONHASHSEED": "987654", "GEN_CACHE_DIR": str(tmp_path / "cache")},
    )
    assert a.returncode == 0 and b.returncode == 0, a.stderr + b.stderr
    assert tree(tmp_path / "a") == tree(tmp_path / "b")


def test_output_has_no_absolute_paths_or_timestamps(tmp_path: Path) -> None:
    result = run_gen("--out", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    for name, data in tree(tmp_path / "out").items():
        text = data.decode("utf-8")
        assert str(tmp_path) not in text and str(SPEC.parent) not in text, name
        assert "2026-" not in text and "generated on" not in text.lower(), name


def test_check_reports_stale_output_with_a_diff(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run_gen("--out", out).returncode == 0
    clean = run_gen("--check", "--out", out)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    client = out / "sae_jobs" / "client.py"
    client.write_text(client.read_text().replace("Create a job template.", "Edited by hand."))
    (out / "sae_jobs" / "stray.py").write_text("x = 1\n")
    stale = run_gen("--check", "--out", out)
    assert stale.returncode == 1
    assert (
        '-        """Edited by hand.' in stale.stdout
        and '+        """Create a job template.' in stale.stdout
    )
    assert "stray.py" in stale.stdout and "is stale" in stale.stderr
