"""Who is calling: the admin token or a tenant's API key, from `Authorization: Bearer`.

The admin token is compared with hmac.compare_digest. A tenant key is looked up by its
SHA-256 in the registry (Registry.tenant_for_key), which stores nothing else of it. A tenant
key acts only on its own tenant's paths. Every refusal says why, and never quotes the token.
"""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from enum import Enum

from starlette.requests import Request

from executor.service.errors import FORBIDDEN, UNAUTHORIZED, ApiError

CHALLENGE = {"WWW-Authenticate": 'Bearer realm="executor"'}
MAX_TOKEN_CHARS = 512
"""Longer tokens are refused without a lookup: no key or sane admin token is that long."""


class Role(Enum):
    """The roles an endpoint may allow."""

    ADMIN = "admin"
    TENANT = "tenant"


@dataclass(frozen=True)
class Caller:
    """An authenticated caller: the admin, or the holder of one tenant's key."""

    role: Role
    tenant: str | None = None  # the key's tenant; None for the admin


def bearer(request: Request) -> str:
    """The bearer token of the request; 401 when there is none."""
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        raise ApiError(401, UNAUTHORIZED, "send Authorization: Bearer <admin token or API key>",
                       CHALLENGE)
    return token


def is_admin(token: str, admin_token: str) -> bool:
    """Tell whether `token` is the admin token, in constant time."""
    return hmac.compare_digest(token.encode("utf-8", "surrogatepass"),
                               admin_token.encode("utf-8", "surrogatepass"))


def authorize(caller: Caller, tenant: str, allowed: frozenset[Role]) -> None:
    """403 unless the caller's role is allowed on this endpoint and, for a tenant key, the
    path's tenant is the key's own.
    """
    if caller.role not in allowed:
        if caller.role is Role.ADMIN:
            # Executions are tenant traffic: they run, are metered and are rate-shared as
            # the tenant whose key sent them. The admin token only manages; it is kept off
            # the request path of logins, so a leak of traffic credentials is never a leak
            # of the credential that deploys code for every tenant.
            raise ApiError(403, FORBIDDEN, "this endpoint needs the tenant's own API key; the "
                           "admin token manages tenants but does not execute")
        raise ApiError(403, FORBIDDEN, "this endpoint needs the admin token")
    if caller.role is Role.TENANT and caller.tenant != tenant:
        raise ApiError(403, FORBIDDEN, "this API key belongs to another tenant")


async def authenticate(request: Request, admin_token: str,
                       lookup: Callable[[str], Awaitable[str | None]]) -> Caller:
    """The caller of the request; 401 when the token is missing or neither the admin token
    nor a known API key. `lookup` finds a key's tenant (StoreUnavailable: 503).
    """
    token = bearer(request)
    if is_admin(token, admin_token):
        return Caller(Role.ADMIN)
    tenant = await lookup(token) if len(token) <= MAX_TOKEN_CHARS else None
    if tenant is None:
        raise ApiError(401, UNAUTHORIZED, "unknown or revoked token", CHALLENGE)
    return Caller(Role.TENANT, tenant)
