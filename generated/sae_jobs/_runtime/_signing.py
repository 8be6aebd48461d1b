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
from urllib.parse import quote

_UNRESERVED = re.compile(r"[A-Za-z0-9_.~-]*")


def percent_encode(text: str) -> str:
    """RFC 3986: only A-Z a-z 0-9 - _ . ~ stay as they are; UTF-8 for everything else."""
    if _UNRESERVED.fullmatch(text):  # most values: skip quote(), the slowest step of a request
        return text
    return quote(text, safe="~", encoding="utf-8")


def encode_pairs(pairs: Sequence[tuple[str, str]]) -> str:
    """Sorted and percent-encoded: the canonical query, also used as the wire form."""
    return "&".join(f"{percent_encode(k)}={percent_encode(v)}" for k, v in sorted(pairs))


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
    signature = hmac.new(
        access_key_secret.encode("utf-8"), string_to_sign.encode("utf-8"), hashlib.sha256
    )
    return f"{algorithm} Credential={access_key_id},SignedHeaders={signed_headers},Signature={signature.hexdigest()}"
