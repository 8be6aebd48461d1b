"""Credentials: explicit arguments, else environment variables, else a provider."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from ._config import ServiceInfo
from .errors import CredentialsError


@dataclass(frozen=True, slots=True)
class Credentials:
    """An access key pair and, for STS, a security token. Secrets never appear in repr."""

    access_key_id: str
    access_key_secret: str = field(repr=False)
    security_token: str | None = field(default=None, repr=False)

    def __repr__(self) -> str:
        token = "<redacted>" if self.security_token else "None"
        return f"Credentials(access_key_id={self.access_key_id!r}, access_key_secret=<redacted>, security_token={token})"

    __str__ = __repr__


@runtime_checkable
class CredentialsProvider(Protocol):
    """Anything that can hand out current credentials (e.g. rotating STS tokens)."""

    def get_credentials(self) -> Credentials: ...


@dataclass(frozen=True, slots=True)
class StaticCredentials:
    credentials: Credentials

    def get_credentials(self) -> Credentials:
        return self.credentials


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
        return StaticCredentials(Credentials(access_key_id, access_key_secret, security_token or None))
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
