"""The caches never change what gen writes: an edit after a cached run gives what a cold run
gives, and a damaged entry is taken for a miss, never trusted."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.backend import cache
from tests.helpers import edit, run_gen, spec_copy, tree

OPERATION = Path("sae") / "2019-05-06" / "CreateJob.yaml"


def _gen(spec: Path, out: Path, cache_dir: Path | None, *extra: str) -> None:
    env = {"GEN_CACHE_DIR": str(cache_dir)} if cache_dir else {"GEN_NO_CACHE": "1"}
    result = run_gen("--spec", spec, "--out", out, *extra, env=env)
    assert result.returncode == 0, result.stderr


def test_edits_after_a_cached_run_give_what_a_cold_run_gives(tmp_path: Path) -> None:
    spec, warm = spec_copy(tmp_path, pages=False), tmp_path / "cache"
    _gen(spec, tmp_path / "out", warm)  # fills every cache: parsed files, formats, lint, trees
    # A description (same skeletons: formatting comes from the cache), then a limit (new
    # skeletons and tables), each in the one file that is parsed again.
    edit(spec / OPERATION, "The name of the job template.", "The name of a job template.")
    _gen(spec, tmp_path / "out", warm)
    _gen(spec, tmp_path / "cold", None)
    assert tree(tmp_path / "out") == tree(tmp_path / "cold")
    edit(spec / OPERATION, "max_length: 36", "max_length: 35")
    _gen(spec, tmp_path / "out", warm)
    _gen(spec, tmp_path / "cold", None)
    assert tree(tmp_path / "out") == tree(tmp_path / "cold")
    # A response field's description is in models.py: datamodel-code-generator runs again
    # (the model is handed over without it, and the parent generates it while rendering).
    edit(spec / OPERATION, "The trace ID that is used", "The trace ID used")
    _gen(spec, tmp_path / "out", warm)
    _gen(spec, tmp_path / "cold", None)
    assert tree(tmp_path / "out") == tree(tmp_path / "cold")
    assert "The trace ID used" in (tmp_path / "out" / "sae_jobs" / "models.py").read_text()
    _gen(spec, tmp_path / "out", warm, "--check")


def test_damaged_entries_are_misses(tmp_path: Path) -> None:
    spec, warm = spec_copy(tmp_path, pages=False), tmp_path / "cache"
    _gen(spec, tmp_path / "cold", None)
    _gen(spec, tmp_path / "first", warm)
    # Jinja's own bytecode cache (jinja/) is Jinja's: it checks its entries itself.
    entries = sorted(p for p in warm.rglob("*") if p.is_file() and p.parent.name != "jinja")
    kinds = {p.parent.parent.name for p in entries}
    assert {"parsed", "format", "lint", "models", "trees"} | {
        "tables",
        "operation-views",
        "operation-rows",
    } <= kinds
    for n, path in enumerate(entries):  # cut short, a byte changed, or emptied
        data = path.read_bytes()
        damaged = [data[: len(data) // 2], data[:-1] + bytes([data[-1] ^ 1]), b""][n % 3]
        path.write_bytes(damaged)
    _gen(spec, tmp_path / "second", warm)
    assert tree(tmp_path / "second") == tree(tmp_path / "cold")
    assert [p for p in entries if cache.read_data(p) is None] == []  # written again


def test_an_entry_holds_exactly_what_was_stored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GEN_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("GEN_NO_CACHE", raising=False)
    where = cache.entry("kind", ("a", "b"))
    assert where == cache.entry("kind", iter(["a", "b"])) != cache.entry("kind", ("a\0b", ""))
    assert cache.read_data(where) is None
    cache.write_data(where, b"\x00payload")
    assert cache.read_data(where) == b"\x00payload"
    assert where is not None
    where.write_bytes(where.read_bytes().replace(b"payload", b"pAyload"))
    assert cache.read_data(where) is None and cache.read_entry(where) == ""


def test_the_code_fingerprint_is_kept_by_file_identities_and_never_trusted_when_racy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Kept under each file's inode, size, modification and change time: an edit that keeps
    the size and puts the modification time back still changes the change time, so the hash
    is made again; files changed in the last moments are hashed every time, never kept."""
    import os
    import shutil
    import time

    from generator.backend import fingerprint

    templates = tmp_path / "templates"
    shutil.copytree(fingerprint.TEMPLATES, templates, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(fingerprint, "TEMPLATES", templates)
    monkeypatch.setenv("GEN_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("GEN_NO_CACHE", raising=False)
    reads: list[str] = []
    real_read = fingerprint._read
    monkeypatch.setattr(fingerprint, "_read", lambda path: reads.append(path) or real_read(path))

    def fresh() -> str:
        fingerprint.code_fingerprint.cache_clear()
        reads.clear()
        return fingerprint.code_fingerprint()

    first = fresh()  # every template was just copied: racy, so hashed and not kept
    assert reads and fresh() == first and reads
    assert not (tmp_path / "cache" / "code-fingerprints").exists()
    monkeypatch.setattr(fingerprint, "_RACY_NS", 0)
    assert fresh() == first and reads  # hashed, and kept now
    assert fresh() == first and not reads  # from the cache: no file read
    template = templates / "client.py.j2"
    before = template.stat()
    time.sleep(0.02)  # past the clock's tick of the copy (change times are taken from it)
    text = template.read_text("utf-8")
    template.write_text(text.replace("def ", "fed ", 1), "utf-8")  # the same size
    os.utime(template, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert template.stat().st_size == before.st_size
    changed = fresh()
    assert changed != first and reads
    fingerprint.code_fingerprint.cache_clear()
