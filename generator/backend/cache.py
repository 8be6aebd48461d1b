"""A content-addressed cache for expensive, deterministic steps (parsed spec files, model
generation, formatting, finished trees).

Entries are keyed by the hash of everything that determines the output, so a stale entry
can never be returned; the folder may be deleted at any time. Each entry starts with the
hash of its own content: an entry that does not match it (cut short, edited, damaged) is
not trusted but taken for a miss.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from contextlib import suppress
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

_MAGIC = b"gen-cache blake2b-256="
_HEAD = len(_MAGIC) + 64 + 1  # the magic, the hex digest, a newline


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


def entry(kind: str, key_parts: Iterable[str]) -> Path | None:
    """Where the entry for these key parts lives (None when the cache is off). The parts may
    be a generator: they are hashed one at a time, never joined."""
    folder = cache_dir()
    if folder is None:
        return None
    from generator.hashing import blake2b, text_hash  # here, as below: gen forks before this

    digest = blake2b(kind.encode("utf-8"))
    for part in key_parts:  # the hash of kind and the parts joined by NULs
        digest.update(b"\0")
        text_hash(part, digest)
    key = digest.hexdigest()
    return folder / kind / key[:2] / key


def read_data(path: Path | None) -> bytes | None:
    """An entry's content; None when there is none, the cache is off or the entry is damaged."""
    if path is None:
        return None
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    head, data = raw[:_HEAD], raw[_HEAD:]
    return data if head == _head(data) else None


def write_data(path: Path | None, data: bytes) -> None:
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError:
        return  # a read-only or full disk only costs speed
    # Write then rename, so a concurrent reader never sees half an entry. The name is the
    # writer's own: processes write side by side (the workers), each process one entry at a time.
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as handle:
            handle.write(_head(data))
            handle.write(data)
        os.replace(tmp, path)
    except OSError:
        with suppress(OSError):
            tmp.unlink()


def _head(data: bytes) -> bytes:
    """The line an entry starts with: the hash of the content after it."""
    from generator.hashing import blake2b  # here, as in entry()

    return _MAGIC + blake2b(data).hexdigest().encode("ascii") + b"\n"


def read_entry(path: Path | None) -> str:
    """An entry's text; empty when there is none (or it cannot be trusted, see read_data)."""
    data = read_data(path)
    try:
        return data.decode("utf-8") if data else ""
    except UnicodeDecodeError:
        return ""


def write_entry(path: Path | None, text: str) -> None:
    write_data(path, text.encode("utf-8"))


def store_text(kind: str, key_parts: Iterable[str], text: str) -> None:
    write_entry(entry(kind, key_parts), text)


def cached_text(kind: str, key_parts: Iterable[str], compute: Callable[[], str]) -> str:
    """The cached text for these key parts; computed (and stored when non-empty) on a miss."""
    path = entry(kind, key_parts)
    text = read_entry(path)
    if not text:
        text = compute()
        if text:
            write_entry(path, text)
    return text


def memoized(kind: str, inputs: object, make: Callable[[], T]) -> T:
    """make(), from the cache when it was made before from equal inputs by the same gen.

    The key is inputs pickled (with gen's code fingerprint): equal pickles mean equal values
    of the same classes, and pickle keeps which parts are the same object, so a result that
    depends on identity (a table printed by the name of a shared sub-table) is keyed by it
    too. inputs must hold everything make() reads, and no sets: their pickles follow the
    hash seed, which would only make every run a miss. The result is kept pickled."""
    if cache_dir() is None:
        return make()
    import pickle  # here, as hashlib is in entry()

    from generator.backend.fingerprint import code_fingerprint
    from generator.hashing import blake2b

    key = blake2b(pickle.dumps(inputs, 5)).hexdigest()
    where = entry(kind, (code_fingerprint(), key))
    data = read_data(where)
    if data is not None:
        try:
            made: T = pickle.loads(data)
        except (pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
            pass  # written by code that is gone: a miss
        else:
            return made
    made = make()
    write_data(where, pickle.dumps(made, 5))
    return made
