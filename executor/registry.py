"""The tenant registry in Redis: deployed actions (immutable versions), trigger bindings,
tenant API keys. Used by the worker pool (to resolve what a tenant's trigger runs) and by
the HTTP service (to deploy and bind).

Keys (tenant, action and trigger names match stores.base.NAME_RE, so none contains ':'):

    exec:reg:action:<tenant>:<name>     hash: "last" -> highest version allocated,
                                        "current" -> the current version,
                                        "v<n>" -> msgpack record of version n:
                                        {code, secrets (Fernet token), limits, net,
                                        created_at, bundle}
    exec:reg:bind:<tenant>:<trigger>    list: the bound action names, in order
    exec:reg:apikey:<sha256 hex of key> string: the tenant the API key belongs to
    exec:reg:gen:<tenant>               string: a random generation, replaced by every
                                        deploy, rollback, bind and net change (see
                                        "Resolving" below)
    exec:reg:net:<tenant>               string: msgpack of the egress rules the operator
                                        granted the tenant (sandbox NetRules config)

A deploy is one Lua script run: it allocates the version (HINCRBY), writes its record only
if that field is new (versions are never overwritten) and makes it current. Nothing deletes
a version, so a name that is deployed stays deployed: bind and rollback can check first and
write after without a race.

An action with npm dependencies (or in TypeScript) is packaged by the deploying service
(executor.packaging) before anything is written: its record keeps the author's `code` and
the `bundle` workers run (program, source map, language, declared dependencies, every
resolved package with its version and integrity, the program's SHA-256). Workers never run
npm.

An action's secrets are one Fernet token of msgpack [tenant, name, secrets]: names and values
are never in Redis in the clear, and a token copied into another action's record is refused.
Every Redis failure becomes StoreUnavailable; no message names a secret's value or a key.

Resolving: a worker resolves the tenant's trigger for every job. Read in full that is three
round trips and a Fernet decryption (~1 ms), so a Registry keeps what it resolved, keyed by
(tenant, trigger), with the tenant's generation as it was read *before* the bindings and
records. A job then costs one GET: an equal generation means nothing of the tenant changed
since, and a deploy, rollback or bind is seen by the very next job. (The generation is read
first, so a cached flow is never older than the generation it is filed under; it is random
rather than a counter so that a Redis that lost its data and was filled again cannot
repeat one.)
"""

from __future__ import annotations

import hashlib
import os
import threading
import time
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from secrets import token_hex, token_urlsafe
from typing import Any, cast

from cryptography.fernet import InvalidToken

from executor.action import Action
from executor.packaging import Bundle
from executor.redisclient import RedisClient
from executor.sealing import SECRET_KEY_ENV, fernet_from_keys
from executor.stores.base import NAME_RE
from sandbox.codec import CodecError, pack, unpack
from sandbox.errors import InternalError, InvalidAction
from sandbox.limits import Limits
from sandbox.platform.egress import NetRules

__all__ = ["SECRET_KEY_ENV", "Deployed", "Registry"]  # SECRET_KEY_ENV: callers know it here

KEY_PREFIX = "exec:reg"
API_KEY_PREFIX = "ek_"
TIMEOUT_S = 2.0
"""Bounds connecting and every reply, as RedisStore's default."""

MAX_CODE_BYTES = 100_000
"""UTF-8 bytes of source; the sandbox's default `source_bytes`."""
MAX_SECRETS = 30
MAX_SECRET_NAME = 128
MAX_SECRET_VALUE = 4096
MAX_BINDINGS = 20
RESOLVED_CACHE = 4096
"""(tenant, trigger) flows a Registry keeps resolved; the least recently used go first."""


# KEYS[1]: the action's hash. ARGV[1]: the new version's record. Returns the version, or
# nil (writing nothing but the counter) if "last" was set back and the version exists.
# KEYS[2], ARGV[2]: the tenant's generation key, and its new value.
DEPLOY_LUA = """
local version = redis.call("HINCRBY", KEYS[1], "last", 1)
local field = "v" .. version
if redis.call("HEXISTS", KEYS[1], field) == 1 then return false end
redis.call("HSET", KEYS[1], field, ARGV[1], "current", version)
redis.call("SET", KEYS[2], ARGV[2])
return version
"""

# KEYS[1]: the action's hash. ARGV[1]: a version, or "" for the current one.
# Returns {version, record}, or nil when there is no such version.
READ_LUA = """
local version = ARGV[1]
if version == "" then
  version = redis.call("HGET", KEYS[1], "current")
  if not version then return nil end
end
local record = redis.call("HGET", KEYS[1], "v" .. version)
if not record then return nil end
return {tonumber(version), record}
"""



@dataclass(frozen=True)
class Deployed:
    """One immutable version of a deployed action (secrets decrypted)."""

    tenant: str
    name: str
    version: int
    code: str
    secrets: Mapping[str, str] = field(repr=False)  # never in logs or tracebacks
    limits: Mapping[str, int] | None
    created_at: int = 0
    """When this version was deployed, epoch milliseconds."""
    net: Mapping[str, Any] | None = None
    """The action's own egress rules (they narrow the tenant's policy; NetRules config)."""
    bundle: Bundle | None = field(default=None, repr=False)
    """What runs, when the action was packaged at deploy (dependencies, TypeScript)."""

    def action(self) -> Action:
        """As a flow runs it: the bundle, when there is one, with its source map."""
        if self.bundle is None:
            return Action(self.name, self.code, self.secrets, self.limits, self.net)
        return Action(self.name, self.bundle.code, self.secrets, self.limits, self.net,
                      source_map=self.bundle.source_map)


class Registry(RedisClient):
    """Deployments, bindings and API keys of all tenants, in one Redis database.

    `secret_key`: the Fernet key (urlsafe base64, 32 bytes) that encrypts action secrets at
    rest; from `EXECUTOR_SECRET_KEY` when None. A comma-separated list rotates keys: the
    first encrypts, every one decrypts. Nothing is retried (a deploy is not idempotent).
    """

    def __init__(self, redis_url: str, *, secret_key: str | None = None,
                 cache_size: int = RESOLVED_CACHE) -> None:
        self.fernet = fernet_from_keys(secret_key if secret_key is not None
                               else os.environ.get(SECRET_KEY_ENV))
        super().__init__(redis_url, timeout=TIMEOUT_S)
        self._resolved: OrderedDict[tuple[str, str], tuple[bytes, list[Deployed], NetRules]] = (
            OrderedDict())
        self._cache_size = cache_size
        self._lock = threading.Lock()
        self._deploy = self._client.register_script(DEPLOY_LUA)
        self._read = self._client.register_script(READ_LUA)

    def deploy(self, tenant: str, name: str, code: str, secrets: Mapping[str, str] | None = None,
               limits: Mapping[str, int] | None = None, *,
               net: Mapping[str, Any] | None = None, bundle: Bundle | None = None) -> int:
        """Stores a new immutable version and makes it current; returns its number (1, 2..).
        `net`: the action's own egress rules, which can only narrow the tenant's policy;
        `bundle`: what runs, when `code` was packaged (executor.packaging).
        """
        key = _action_key(tenant, name)
        rules = NetRules.from_config(net).to_config() if net is not None else None
        record = pack({
            "code": _check_code(code),
            "secrets": self.fernet.encrypt(pack([tenant, name, _check_secrets(secrets)])),
            "limits": _check_limits(limits),
            "net": rules,
            "created_at": time.time_ns() // 1_000_000,
            "bundle": None if bundle is None else bundle.to_record(),
        })
        keys, args = [key, _gen_key(tenant)], [record, _new_generation().encode()]
        version = self._call(lambda: self._deploy(keys=keys, args=args))
        if version is None:
            raise InternalError(f"{tenant}/{name}: its version counter is behind its versions")
        return int(version)

    def get(self, tenant: str, name: str, version: int | None = None) -> Deployed:
        """A version (default: the current one); InvalidAction when unknown."""
        key = _action_key(tenant, name)
        arg = "" if version is None else str(_check_version(version))
        reply = self._call(lambda: self._read(keys=[key], args=[arg]))
        return self._deployed(tenant, name, version, reply)

    def rollback(self, tenant: str, name: str, version: int) -> None:
        """Makes an earlier version current again."""
        key = _action_key(tenant, name)
        number = _check_version(version)
        # Versions are never deleted: one that exists now still exists at the HSET.
        if not self._call(lambda: self._client.hexists(key, f"v{number}")):
            raise InvalidAction(_unknown(tenant, name, number))

        def make_current() -> None:
            with self._client.pipeline(transaction=True) as pipe:  # MULTI/EXEC
                pipe.hset(key, "current", number)
                pipe.set(_gen_key(tenant), _new_generation())
                pipe.execute()

        self._call(make_current)

    def bind(self, tenant: str, trigger: str, names: Sequence[str]) -> None:
        """Binds an ordered list of deployed action names to the tenant's trigger."""
        key = _bind_key(tenant, trigger)
        bound = _check_bound(names)
        self._require_deployed(tenant, bound)

        def replace() -> None:
            with self._client.pipeline(transaction=True) as pipe:  # MULTI/EXEC
                pipe.delete(key)
                if bound:
                    pipe.rpush(key, *bound)
                pipe.set(_gen_key(tenant), _new_generation())
                pipe.execute()

        self._call(replace)

    def bindings(self, tenant: str, trigger: str) -> list[str]:
        """The names bound to the trigger, in order (empty when none)."""
        key = _bind_key(tenant, trigger)
        names = cast("list[bytes]", self._call(lambda: self._client.lrange(key, 0, -1)))
        return [name.decode() for name in names]

    def resolve(self, tenant: str, trigger: str) -> list[Deployed]:
        """The current version of each bound action, in order (see "Resolving" above)."""
        return self.resolve_with_net(tenant, trigger)[0]

    def resolve_with_net(self, tenant: str, trigger: str) -> tuple[list[Deployed], NetRules]:
        """As `resolve`, and the egress rules the operator granted the tenant."""
        where = (tenant, trigger)
        with self._lock:
            cached = self._resolved.get(where)
        if cached is not None:
            gen = self._call(lambda: self._client.get(_gen_key(tenant)))
            if _generation(gen) == cached[0]:
                with self._lock:
                    self._resolved.move_to_end(where)
                return list(cached[1]), cached[2]
        gen_read, flow, rules = self._read_flow(tenant, trigger)
        with self._lock:
            self._resolved[where] = (gen_read, flow, rules)
            self._resolved.move_to_end(where)
            while len(self._resolved) > self._cache_size:
                self._resolved.popitem(last=False)
        return list(flow), rules

    def set_net(self, tenant: str, rules: NetRules) -> None:
        """Sets the egress rules the operator grants the tenant (replacing earlier ones)."""
        key = _net_key(tenant)

        def write() -> None:
            with self._client.pipeline(transaction=True) as pipe:  # MULTI/EXEC
                pipe.set(key, pack(rules.to_config()))
                pipe.set(_gen_key(tenant), _new_generation())
                pipe.execute()

        self._call(write)

    def net(self, tenant: str) -> NetRules:
        """The egress rules the operator granted the tenant (none: the default policy)."""
        key = _net_key(tenant)
        return _net_rules(self._call(lambda: self._client.get(key)))

    def _read_flow(self, tenant: str, trigger: str) -> tuple[bytes, list[Deployed], NetRules]:
        """The tenant's generation and rules, then the bound actions' current versions."""

        def read_bindings() -> list[Any]:
            with self._client.pipeline(transaction=False) as pipe:
                pipe.get(_gen_key(tenant))
                pipe.lrange(_bind_key(tenant, trigger), 0, -1)
                pipe.get(_net_key(tenant))
                return pipe.execute()

        gen, raw_names, raw_net = self._call(read_bindings)
        names = [name.decode() for name in raw_names]

        def read_all() -> list[Any]:
            with self._client.pipeline(transaction=False) as pipe:
                for name in names:
                    self._read(keys=[_action_key(tenant, name)], args=[""], client=pipe)
                return pipe.execute()

        replies = self._call(read_all) if names else []
        return _generation(gen), [self._deployed(tenant, name, None, reply)
                                  for name, reply in zip(names, replies, strict=True)], \
            _net_rules(raw_net)

    def create_key(self, tenant: str) -> str:
        """A new API key for the tenant; only its hash is stored."""
        _check_name("tenant", tenant)
        key = API_KEY_PREFIX + token_urlsafe(32)
        self._call(lambda: self._client.set(f"{KEY_PREFIX}:apikey:{_digest(key)}", tenant))
        return key

    def tenant_for_key(self, key: str) -> str | None:
        """The tenant an API key belongs to, or None."""
        # No constant-time compare is needed: Redis looks up SHA-256(key), so the timing
        # depends on the digest, which a caller cannot steer toward a stored one.
        stored = _api_key_key(key)
        if stored is None:
            return None
        tenant = cast("bytes | None", self._call(lambda: self._client.get(stored)))
        return None if tenant is None else tenant.decode()

    def revoke_key(self, key: str) -> bool:
        """Forgets an API key; True when it existed."""
        stored = _api_key_key(key)
        return stored is not None and bool(self._call(lambda: self._client.delete(stored)))

    def _require_deployed(self, tenant: str, names: list[str]) -> None:
        """Raise InvalidAction naming every name that has no deployed version."""

        def check_all() -> list[Any]:
            with self._client.pipeline(transaction=False) as pipe:
                for name in names:
                    pipe.hexists(_action_key(tenant, name), "current")
                return pipe.execute()

        found = self._call(check_all) if names else []
        missing = [name for name, ok in zip(names, found, strict=True) if not ok]
        if missing:
            raise InvalidAction(f"not deployed in tenant {tenant!r}: {', '.join(missing)}")

    def _deployed(self, tenant: str, name: str, asked: int | None, reply: Any) -> Deployed:
        """Decode a READ_LUA reply; InvalidAction when it found nothing."""
        if reply is None:
            raise InvalidAction(_unknown(tenant, name, asked))
        version, blob = int(reply[0]), reply[1]
        where = f"{tenant}/{name} v{version}"
        try:
            record = unpack(blob)
            code, token, limits, created_at = (
                record["code"], record["secrets"], record["limits"], record["created_at"])
            packed = record.get("bundle")
            bundle = None if packed is None else Bundle.from_record(packed, reused=True)
        except (CodecError, KeyError, TypeError, ValueError) as exc:
            raise InternalError(f"registry record {where} is corrupt") from exc
        return Deployed(tenant, name, version, code, self._open(where, tenant, name, token),
                        limits, created_at, record.get("net"), bundle)

    def _open(self, where: str, tenant: str, name: str, token: bytes) -> dict[str, str]:
        """Decrypt an action's secrets token, checking it belongs to that action."""
        try:
            owner_tenant, owner_name, secrets = unpack(self.fernet.decrypt(token))
        except InvalidToken:
            raise InternalError(
                f"cannot decrypt the secrets of {where}: no key in {SECRET_KEY_ENV} (or "
                "secret_key) is the one they were encrypted with; when rotating keys list the "
                "new key first and keep the old ones after it, comma-separated"
            ) from None
        if (owner_tenant, owner_name) != (tenant, name):
            raise InternalError(f"the secrets stored in {where} belong to another action")
        return cast("dict[str, str]", secrets)

def _check_name(what: str, value: object) -> str:
    """Return a tenant, action or trigger name, or raise InvalidAction."""
    if not isinstance(value, str) or not NAME_RE.fullmatch(value):
        raise InvalidAction(f"{what} must match {NAME_RE.pattern}, got {value!r:.80}")
    return value


def _check_version(version: object) -> int:
    """Return a version number (1, 2..), or raise InvalidAction."""
    if type(version) is not int or version < 1:
        raise InvalidAction(f"a version is a positive integer, got {version!r:.40}")
    return version


def _utf8(text: str) -> bytes | None:
    """The text's UTF-8 encoding, or None when it cannot have one (lone surrogates)."""
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return None


def _check_code(code: object) -> str:
    """Return the action's source, or raise InvalidAction when it is not text or too large."""
    encoded = _utf8(code) if isinstance(code, str) else None
    if encoded is None:
        raise InvalidAction("code must be a string of UTF-8 text")
    if len(encoded) > MAX_CODE_BYTES:
        raise InvalidAction(f"code is {len(encoded)} bytes, over the {MAX_CODE_BYTES} allowed")
    return cast("str", code)


def _check_secrets(secrets: object) -> dict[str, str]:
    """Return the secrets as a dict; InvalidAction (naming no value) when unusable."""
    if secrets is None:
        return {}
    if not isinstance(secrets, Mapping) or len(secrets) > MAX_SECRETS:
        raise InvalidAction(f"secrets must be an object of at most {MAX_SECRETS} strings")
    for name, value in secrets.items():
        if not (isinstance(name, str) and 0 < len(name) <= MAX_SECRET_NAME
                and _utf8(name) is not None):
            raise InvalidAction(f"secret names must be 1 to {MAX_SECRET_NAME} characters")
        if not (isinstance(value, str) and len(value) <= MAX_SECRET_VALUE
                and _utf8(value) is not None):
            raise InvalidAction(f"secret {name!r} must be text of at most {MAX_SECRET_VALUE} "
                                "characters")
    return dict(secrets)


def _check_limits(limits: object) -> dict[str, int] | None:
    """Return the limit overrides (None when there are none), or raise InvalidAction."""
    if limits is None:
        return None
    if not isinstance(limits, Mapping) or not all(isinstance(k, str) for k in limits):
        raise InvalidAction("limits must be an object of limit names to positive integers")
    Limits().override(limits)  # raises InvalidAction on unknown names or bad values
    return dict(limits) or None


def _check_bound(names: object) -> list[str]:
    """Return the names to bind, or raise InvalidAction: too many, duplicated or invalid."""
    if isinstance(names, str) or not isinstance(names, Sequence):
        raise InvalidAction("a binding is a list of action names")
    if len(names) > MAX_BINDINGS:
        raise InvalidAction(f"at most {MAX_BINDINGS} actions can be bound, got {len(names)}")
    bound = [_check_name("action name", name) for name in names]
    duplicates = sorted({name for name in bound if bound.count(name) > 1})
    if duplicates:
        raise InvalidAction(f"bound more than once: {', '.join(duplicates)}")
    return bound


def _unknown(tenant: str, name: str, version: int | None) -> str:
    """The message for an action or version that was never deployed."""
    if version is None:
        return f"action {name!r} is not deployed in tenant {tenant!r}"
    return f"action {name!r} of tenant {tenant!r} has no version {version}"


def _action_key(tenant: str, name: str) -> str:
    """The hash holding every version of one action."""
    _check_name("tenant", tenant)
    _check_name("action name", name)
    return f"{KEY_PREFIX}:action:{tenant}:{name}"


def _gen_key(tenant: str) -> str:
    return f"{KEY_PREFIX}:gen:{_check_name('tenant', tenant)}"


def _new_generation() -> str:
    return token_hex(8)


def _generation(raw: object) -> bytes:
    """A generation as read (None before the tenant's first change)."""
    return cast("bytes", raw) if raw is not None else b""


def _net_key(tenant: str) -> str:
    return f"{KEY_PREFIX}:net:{_check_name('tenant', tenant)}"


def _net_rules(raw: object) -> NetRules:
    """The tenant's rules as stored (None: none granted)."""
    if raw is None:
        return NetRules()
    try:
        return NetRules.from_config(unpack(cast("bytes", raw)))
    except (CodecError, InvalidAction) as exc:
        raise InternalError("the tenant's stored egress rules are corrupt") from exc


def _bind_key(tenant: str, trigger: str) -> str:
    """The list of the names bound to one trigger."""
    _check_name("tenant", tenant)
    _check_name("trigger", trigger)
    return f"{KEY_PREFIX}:bind:{tenant}:{trigger}"


def _api_key_key(key: object) -> str | None:
    """The string holding the tenant of one API key, found by its SHA-256; None if not text."""
    return f"{KEY_PREFIX}:apikey:{_digest(key)}" if isinstance(key, str) else None


def _digest(key: str) -> str:
    """SHA-256 of an API key, hex: all that is stored of it."""
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()
