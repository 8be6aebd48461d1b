"""The two hashes gen uses, without importing hashlib: `hashlib` loads OpenSSL as it is
imported (3-4 ms, in each process of every run); the interpreter's own modules load in a
tenth of that and hash the same.

- `sha256`: what a spec file's bytes are named by in the model (SpecFile.sha256).
- `blake2b`: BLAKE2b with a 32-byte digest, for the cache's keys and entries; three times
  faster than the interpreter's own SHA-256 on the 700 KB of source the code fingerprint reads.
- `text_hash`: that hash of a text, encoded a megabyte at a time (a text may be a 10 MB
  module: never encoded whole beside itself).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

__all__ = ["blake2b", "sha256", "text_hash"]

if TYPE_CHECKING:
    from hashlib import blake2b as _blake2b
    from hashlib import sha256
else:
    try:
        from _sha2 import sha256  # Python 3.12 on
    except ImportError:
        try:
            from _sha256 import sha256  # Python 3.11
        except ImportError:  # an interpreter built without its own hash modules
            from hashlib import sha256
    try:
        from _blake2 import blake2b as _blake2b
    except ImportError:
        from hashlib import blake2b as _blake2b


def blake2b(data: bytes = b"") -> _blake2b:
    """A BLAKE2b hash object (32-byte digest) started with data."""
    return _blake2b(data, digest_size=32)


_CHUNK = 1 << 20


def text_hash(text: str, digest: _blake2b | None = None) -> _blake2b:
    """digest (a new blake2b() when None) updated with text, UTF-8 encoded."""
    digest = blake2b() if digest is None else digest
    for start in range(0, len(text), _CHUNK):
        digest.update(text[start : start + _CHUNK].encode("utf-8"))
    return digest
