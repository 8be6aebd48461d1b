"""Request signing, ACS3-HMAC-SHA256 (Alibaba Cloud signature V3).

Canonical request: method, path, sorted percent-encoded query, the signed headers
(lower-case names, sorted, "name:value" lines), their names joined by ";", and the hex
SHA-256 of the body. The string to sign is the algorithm and the hex SHA-256 of that.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Mapping, Sequence

_UNRESERVED = re.compile(r"[A-Za-z0-9_.~-]*")
_UNRESERVED_BYTES = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.~-")
_HEX = b"0123456789ABCDEF"
# Encoding a whole query at once: the pairs are joined with two bytes that UTF-8 never
# produces, which stand for "=" and "&" and are kept as those.
_EQUALS, _AND = b"\xfe", b"\xff"
_FIRST = bytes(b if b in _UNRESERVED_BYTES else ord("%") for b in range(254)) + b"=&"
_HIGH = bytes(0 if b in _UNRESERVED_BYTES else _HEX[b >> 4] for b in range(254)) + b"\0\0"
_LOW = bytes(0 if b in _UNRESERVED_BYTES else _HEX[b & 15] for b in range(254)) + b"\0\0"


def _escape(data: bytes) -> str:
    """Every byte in three slots, either itself or "%" and two hex digits; the unused slots
    hold zero bytes (never part of the output), deleted at the end. Only C loops run, where
    quote() spends a Python step on every byte."""
    out = bytearray(3 * len(data))
    out[0::3] = data.translate(_FIRST)
    out[1::3] = data.translate(_HIGH)
    out[2::3] = data.translate(_LOW)
    return out.translate(None, b"\0").decode("ascii")


def percent_encode(text: str) -> str:
    """RFC 3986: only A-Z a-z 0-9 - _ . ~ stay as they are; UTF-8 for everything else."""
    if _UNRESERVED.fullmatch(text):  # most values: nothing to escape
        return text
    return _escape(text.encode("utf-8"))


def encode_pairs(pairs: Sequence[tuple[str, str]]) -> str:
    """Sorted and percent-encoded: the canonical query, also used as the wire form."""
    return _escape(_AND.join([k.encode() + _EQUALS + v.encode() for k, v in sorted(pairs)]))


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def authorization(
    *,
    algorithm: str,
    method: str,
    path: str,
    canonical_query: str,
    headers: Mapping[str, str],
    payload_hash: str,
    access_key_id: str,
    access_key_secret: str,
) -> str:
    names = sorted(headers)
    canonical_headers = "".join(f"{name}:{headers[name].strip()}\n" for name in names)
    signed_headers = ";".join(names)
    canonical_request = "\n".join(
        (method, path, canonical_query, canonical_headers, signed_headers, payload_hash)
    )
    string_to_sign = f"{algorithm}\n{sha256_hex(canonical_request.encode('utf-8'))}"
    signature = hmac.digest(
        access_key_secret.encode("utf-8"), string_to_sign.encode("utf-8"), "sha256"
    ).hex()
    return f"{algorithm} Credential={access_key_id},SignedHeaders={signed_headers},Signature={signature}"
