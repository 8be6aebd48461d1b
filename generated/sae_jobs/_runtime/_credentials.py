# Copied by gen from its runtime (the same in every generated package); do not edit.
"""Credentials: explicit arguments, else environment variables, else a provider."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Protocol

from ._config import ServiceInfo
from ._errors import CredentialsError


class Credentials:
    """An access key pair and, for STS, a security token. Secrets never appear in repr.

    A plain class rather than a tuple, so that unpacking or printing a container of
    credentials cannot reveal the secret.
    """

    __slots__ = ("access_key_id", "access_key_secret", "security_token")

    def __init__(
        self, access_key_id: str, access_key_secret: str, security_token: str | None = None
    ) -> None:
        self.access_key_id = access_key_id
        self.access_key_secret = access_key_secret
        self.security_token = security_token

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Credentials):
            return NotImplemented
        mine = (self.access_key_id, self.access_key_secret, self.security_token)
        return mine == (other.access_key_id, other.access_key_secret, other.security_token)

    __hash__ = None  # type: ignore[assignment]

    def __reduce__(self) -> str:
        raise TypeError(
            "credentials are not picklable, so that they are never written anywhere by accident"
        )

    def __repr__(self) -> str:
        token = "<redacted>" if self.security_token else "None"
        return f"Credentials(access_key_id={self.access_key_id!r}, access_key_secret=<redacted>, security_token={token})"

    __str__ = __repr__


class CredentialsProvider(Protocol):
    """Anything that can hand out current credentials (e.g. rotating STS tokens)."""

    def get_credentials(self) -> Credentials: ...


class StaticCredentials:
    __slots__ = ("_credentials",)

    def __init__(self, credentials: Credentials) -> None:
        self._credentials = credentials

    def get_credentials(self) -> Credentials:
        return self._credentials

    def __repr__(self) -> str:
        return f"StaticCredentials({self._credentials!r})"


def resolve_credentials(
    service: ServiceInfo,
    *,
    access_key_id: str | None,
    access_key_secret: str | None,
    security_token: str | None,
    provider: CredentialsProvider | None,
    environ: Mapping[str, str] | None = None,
) -> CredentialsProvider:
    """Decide where credentials come from, once, when the client is built."""
    env = os.environ if environ is None else environ
    if access_key_id or access_key_secret:
        if not (access_key_id and access_key_secret):
            raise CredentialsError("access_key_id and access_key_secret must be given together")
        return StaticCredentials(
            Credentials(access_key_id, access_key_secret, security_token or None)
        )
    env_id, env_secret = env.get(service.access_key_id_env), env.get(service.access_key_secret_env)
    if env_id and env_secret:
        token = security_token or env.get(service.security_token_env) or None
        return StaticCredentials(Credentials(env_id, env_secret, token))
    if provider is not None:
        return provider
    raise CredentialsError(
        "no credentials found; tried: the access_key_id/access_key_secret arguments, the environment "
        f"variables {service.access_key_id_env} and {service.access_key_secret_env}"
        f" (with {service.security_token_env} for STS), and a credentials_provider (none given)"
    )
