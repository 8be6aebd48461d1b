"""A content-addressed cache for expensive, deterministic steps (model generation, formatting).

Entries are keyed by the hash of everything that determines the output, so a stale entry
can never be returned; the folder may be deleted at any time.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path


def cache_dir() -> Path | None:
    if os.environ.get("GEN_NO_CACHE"):
        return None
    explicit = os.environ.get("GEN_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "gen"


def has_entries(kind: str) -> bool:
    """Whether the cache may hold entries of this kind (False when it is off or never held any)."""
    folder = cache_dir()
    return folder is not None and (folder / kind).is_dir()


def _entry(kind: str, key_parts: tuple[str, ...]) -> Path | None:
    folder = cache_dir()
    if folder is None:
        return None
    key = hashlib.sha256("\0".join((kind,) + key_parts).encode("utf-8")).hexdigest()
    return folder / kind / key[:2] / key


def store_text(kind: str, key_parts: tuple[str, ...], text: str) -> None:
    path = _entry(kind, key_parts)
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # Write then rename, so a concurrent reader never sees half an entry.
        fd, tmp = tempfile.mkstemp(dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only or full disk only costs speed


def cached_text(kind: str, key_parts: tuple[str, ...], compute: Callable[[], str]) -> str:
    """The cached text for these key parts; computed (and stored when non-empty) on a miss."""
    path = _entry(kind, key_parts)
    if path is not None:
        try:
            return path.read_text("utf-8")
        except OSError:
            pass
    text = compute()
    if text:
        store_text(kind, key_parts, text)
    return text
