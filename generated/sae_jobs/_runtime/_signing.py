# Copied by gen from its runtime (the same in every generated package); do not edit.
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


def _slots(kept: Mapping[int, int]) -> tuple[bytes, bytes, bytes]:
    """bytes.translate tables of what goes in each of a byte's three slots (see _escape): the
    byte itself, or "%" and two hex digits; ``kept`` bytes become the given character."""
    plain = _UNRESERVED_BYTES | kept.keys()
    return (
        bytes(kept.get(b, b if b in plain else ord("%")) for b in range(256)),
        bytes(0 if b in plain else _HEX[b >> 4] for b in range(256)),
        bytes(0 if b in plain else _HEX[b & 15] for b in range(256)),
    )


_PLAIN = _slots({})
# A whole query at once: NUL and SOH between the pairs stand for "=" and "&".
_QUERY = _slots({0: ord("="), 1: ord("&")})


def _escape(data: bytes, slots: tuple[bytes, bytes, bytes] = _PLAIN) -> str:
    """Every byte in three slots, either itself or "%" and two hex digits; the unused slots
    hold zero bytes (never part of the output), deleted at the end. Only C loops run, where
    quote() spends a Python step on every byte."""
    first, high, low = slots
    out = bytearray(3 * len(data))
    out[0::3] = data.translate(first)
    out[1::3] = data.translate(high)
    out[2::3] = data.translate(low)
    return out.translate(None, b"\0").decode("ascii")


def percent_encode(text: str) -> str:
    """RFC 3986: only A-Z a-z 0-9 - _ . ~ stay as they are; UTF-8 for everything else."""
    if _UNRESERVED.fullmatch(text):  # most values: nothing to escape
        return text
    return _escape(text.encode("utf-8"))


def encode_pairs(pairs: Sequence[tuple[str, str]]) -> str:
    """Sorted and percent-encoded: the canonical query, also used as the wire form."""
    ordered = sorted(pairs)
    text = "\x01".join([f"{name}\x00{value}" for name, value in ordered])
    if text.count("\x00") == len(ordered) and text.count("\x01") == len(ordered) - 1:
        return _escape(text.encode("utf-8"), _QUERY)
    # Empty, or a name or value holds NUL or SOH itself: one at a time.
    return "&".join([f"{percent_encode(name)}={percent_encode(value)}" for name, value in ordered])


_SHA256 = hashlib.sha256()  # copied: cheaper than looking the digest up again each time


def sha256_hex(data: bytes) -> str:
    digest = _SHA256.copy()
    digest.update(data)
    return digest.hexdigest()


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
    canonical_headers = "".join([f"{name}:{headers[name].strip()}\n" for name in names])
    signed_headers = ";".join(names)
    canonical_request = "\n".join(
        (method, path, canonical_query, canonical_headers, signed_headers, payload_hash)
    )
    string_to_sign = f"{algorithm}\n{sha256_hex(canonical_request.encode('utf-8'))}"
    signature = hmac.new(
        access_key_secret.encode("utf-8"), string_to_sign.encode("utf-8"), hashlib.sha256
    )
    return f"{algorithm} Credential={access_key_id},SignedHeaders={signed_headers},Signature={signature.hexdigest()}"
