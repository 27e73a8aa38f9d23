"""The tenant registry against a real redis-server: versions, bindings, secrets, API keys."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

import pytest
import redis
from cryptography.fernet import Fernet

from executor.registry import SECRET_KEY_ENV, Deployed, Registry
from sandbox.errors import InternalError, InvalidAction, StoreUnavailable
from sandbox.platform.egress import NetRules

if TYPE_CHECKING:
    from tests.conftest_redis import RedisProcess

KEY = Fernet.generate_key().decode()
TRIGGER = "password-reset-post-challenge"
SECRET = "s3cr3t-value-never-in-redis"
CODE = "exports.onExecutePostChallenge = async (event, api) => {};\n"


@pytest.fixture
def reg(redis_url: str) -> Iterator[Registry]:
    """A registry on the flushed session server, with a fresh key."""
    with Registry(redis_url, secret_key=KEY) as registry:
        yield registry


def code(n: int) -> str:
    """A distinct source per version, so versions can be told apart."""
    return f"// v{n}\n{CODE}"


def dump(redis_url: str) -> bytes:
    """Every key and value in the server, raw, joined into one blob to search."""
    parts: list[bytes] = []
    with redis.Redis.from_url(redis_url) as raw:
        for key in raw.scan_iter(count=1000):
            kind = raw.type(key)
            value: Any = {
                b"string": raw.get, b"hash": raw.hgetall, b"list": lambda k: raw.lrange(k, 0, -1),
                b"set": raw.smembers,
            }[kind](key)
            parts.append(key)
            if isinstance(value, dict):
                parts += [*value.keys(), *value.values()]
            elif isinstance(value, bytes):
                parts.append(value)
            else:
                parts += list(value)
    return b"\0".join(parts)


def test_deploy_numbers_versions_from_one(reg: Registry) -> None:
    """Deploys number an action's versions 1, 2, .. and each action counts on its own."""
    assert reg.deploy("acme", "a", code(1)) == 1
    assert reg.deploy("acme", "a", code(2)) == 2
    assert reg.deploy("acme", "b", code(1)) == 1


def test_get_current_and_by_version(reg: Registry) -> None:
    """Registry.get returns the current version by default and any version by number."""
    before = time.time_ns() // 1_000_000
    reg.deploy("acme", "a", code(1), {"K": "one"}, {"fuel": 10**8})
    reg.deploy("acme", "a", code(2))
    current = reg.get("acme", "a")
    assert (current.version, current.code, dict(current.secrets), current.limits) == (
        2, code(2), {}, None)
    first = reg.get("acme", "a", 1)
    assert (first.tenant, first.name, first.version, first.code) == ("acme", "a", 1, code(1))
    assert dict(first.secrets) == {"K": "one"}
    assert first.limits == {"fuel": 10**8}
    assert before <= first.created_at <= time.time_ns() // 1_000_000
    action = first.action()
    assert (action.name, action.code, dict(action.secrets)) == ("a", code(1), {"K": "one"})


def test_unknown_action_or_version_is_invalid_action(reg: Registry) -> None:
    """An action never deployed, or a version never allocated, raises InvalidAction."""
    with pytest.raises(InvalidAction, match="'a' is not deployed"):
        reg.get("acme", "a")
    reg.deploy("acme", "a", CODE)
    with pytest.raises(InvalidAction, match="no version 2"):
        reg.get("acme", "a", 2)
    for bad in (0, -1, True, "1"):
        with pytest.raises(InvalidAction, match="version"):
            reg.get("acme", "a", bad)  # type: ignore[arg-type]


def test_versions_are_immutable(reg: Registry, redis_url: str) -> None:
    """Later deploys leave every earlier version's record byte for byte as it was."""
    reg.deploy("acme", "a", code(1), {"K": "one"})
    with redis.Redis.from_url(redis_url) as raw:
        stored = raw.hget("exec:reg:action:acme:a", "v1")
        reg.deploy("acme", "a", code(2), {"K": "two"})
        reg.rollback("acme", "a", 1)
        reg.deploy("acme", "a", code(3))
        assert raw.hget("exec:reg:action:acme:a", "v1") == stored
    first = reg.get("acme", "a", 1)
    assert (first.code, dict(first.secrets)) == (code(1), {"K": "one"})


def test_rollback_makes_an_old_version_current(reg: Registry) -> None:
    """Rollback makes an existing version current; the newer one stays readable."""
    reg.deploy("acme", "a", code(1))
    reg.deploy("acme", "a", code(2))
    reg.rollback("acme", "a", 1)
    assert reg.get("acme", "a").version == 1
    assert reg.get("acme", "a", 2).code == code(2)
    assert reg.deploy("acme", "a", code(3)) == 3  # numbering goes on after a rollback
    assert reg.get("acme", "a").version == 3


def test_rollback_to_unknown_version_changes_nothing(reg: Registry) -> None:
    """Rolling back to a version that does not exist raises InvalidAction and keeps current."""
    reg.deploy("acme", "a", code(1))
    with pytest.raises(InvalidAction, match="no version 5"):
        reg.rollback("acme", "a", 5)
    with pytest.raises(InvalidAction, match="no version 1"):
        reg.rollback("acme", "b", 1)
    assert reg.get("acme", "a").version == 1


def test_bind_bindings_resolve_keep_order(reg: Registry) -> None:
    """Bindings and resolve keep the bound order; resolve gives each current version."""
    for name in ("c", "a", "b"):
        reg.deploy("acme", name, code(1))
    reg.deploy("acme", "a", code(2))
    assert reg.bindings("acme", TRIGGER) == []
    assert reg.resolve("acme", TRIGGER) == []
    reg.bind("acme", TRIGGER, ["c", "a", "b"])
    assert reg.bindings("acme", TRIGGER) == ["c", "a", "b"]
    resolved = reg.resolve("acme", TRIGGER)
    assert [(d.name, d.version) for d in resolved] == [("c", 1), ("a", 2), ("b", 1)]
    reg.rollback("acme", "a", 1)
    assert [d.version for d in reg.resolve("acme", TRIGGER)] == [1, 1, 1]
    reg.bind("acme", TRIGGER, ["b"])
    assert reg.bindings("acme", TRIGGER) == ["b"]
    reg.bind("acme", TRIGGER, [])
    assert reg.bindings("acme", TRIGGER) == []


def test_binding_an_unknown_action_fails_and_changes_nothing(reg: Registry) -> None:
    """Binding a name never deployed raises InvalidAction naming it; the old binding stays."""
    reg.deploy("acme", "a", CODE)
    reg.bind("acme", TRIGGER, ["a"])
    with pytest.raises(InvalidAction, match="not deployed in tenant 'acme': ghost"):
        reg.bind("acme", TRIGGER, ["a", "ghost"])
    assert reg.bindings("acme", TRIGGER) == ["a"]


@pytest.mark.parametrize(("names", "message"), [
    (["a", "a"], "more than once: a"),
    ([f"n{i}" for i in range(21)], "at most 20"),
    ("a", "list of action names"),
    (["a:b"], "action name must match"),
])
def test_bad_bindings_are_invalid_action(reg: Registry, names: Any, message: str) -> None:
    """Duplicates, more than 20 names, a bare string or a bad name raise InvalidAction."""
    reg.deploy("acme", "a", CODE)
    with pytest.raises(InvalidAction, match=message):
        reg.bind("acme", TRIGGER, names)
    assert reg.bindings("acme", TRIGGER) == []


def test_twenty_bindings_are_allowed(reg: Registry) -> None:
    """Exactly 20 bound actions is within the limit."""
    names = [f"n{i}" for i in range(20)]
    for name in names:
        reg.deploy("acme", name, CODE)
    reg.bind("acme", TRIGGER, names)
    assert [d.name for d in reg.resolve("acme", TRIGGER)] == names


def test_secrets_round_trip_and_never_reach_redis_in_clear(reg: Registry, redis_url: str) -> None:
    """Secrets come back decrypted, while no key or value in Redis holds their names or values."""
    secrets = {"API_TOKEN_NAME_PLAIN": SECRET, "unicode": "pässwörd-ü"}
    reg.deploy("acme", "a", CODE, secrets)
    reg.bind("acme", TRIGGER, ["a"])
    assert dict(reg.get("acme", "a").secrets) == secrets
    assert dict(reg.resolve("acme", TRIGGER)[0].secrets) == secrets
    blob = dump(redis_url)
    assert b"exec:reg:action:acme:a" in blob  # the dump does see the record
    for plain in (SECRET, "API_TOKEN_NAME_PLAIN", "pässwörd-ü"):
        assert plain.encode() not in blob
    assert SECRET not in repr(reg.get("acme", "a"))


def test_wrong_key_is_a_clear_error(redis_url: str) -> None:
    """Reading secrets with a key that did not encrypt them raises an error saying so."""
    with Registry(redis_url, secret_key=KEY) as writer:
        writer.deploy("acme", "a", CODE, {"K": SECRET})
    with (Registry(redis_url, secret_key=Fernet.generate_key().decode()) as reader,
          pytest.raises(InternalError, match="cannot decrypt the secrets of acme/a v1") as caught):
        reader.get("acme", "a")
    assert SECRET not in str(caught.value)


def test_key_rotation_decrypts_with_old_keys(redis_url: str) -> None:
    """With "NEW,OLD", old secrets decrypt and new ones are encrypted with NEW only."""
    new = Fernet.generate_key().decode()
    with Registry(redis_url, secret_key=KEY) as old_reg:
        old_reg.deploy("acme", "a", CODE, {"K": "old"})
    with Registry(redis_url, secret_key=f"{new}, {KEY}") as rotated:
        assert dict(rotated.get("acme", "a").secrets) == {"K": "old"}
        rotated.deploy("acme", "a", CODE, {"K": "new"})
    with Registry(redis_url, secret_key=new) as new_only:
        assert dict(new_only.get("acme", "a", 2).secrets) == {"K": "new"}
        with pytest.raises(InternalError, match="cannot decrypt"):
            new_only.get("acme", "a", 1)


def test_secret_key_from_env(redis_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without secret_key, the key comes from EXECUTOR_SECRET_KEY."""
    monkeypatch.setenv(SECRET_KEY_ENV, KEY)
    with Registry(redis_url) as from_env:
        from_env.deploy("acme", "a", CODE, {"K": "v"})
    with Registry(redis_url, secret_key=KEY) as explicit:
        assert dict(explicit.get("acme", "a").secrets) == {"K": "v"}


def test_missing_key_explains_how_to_make_one(
    redis_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without any key, the constructor raises ValueError with the command that makes one."""
    monkeypatch.delenv(SECRET_KEY_ENV, raising=False)
    for given in (None, "", " , "):
        with pytest.raises(ValueError, match=SECRET_KEY_ENV) as caught:
            Registry(redis_url, secret_key=given)
        assert "Fernet.generate_key().decode()" in str(caught.value)


def test_malformed_key_is_refused_without_quoting_it(redis_url: str) -> None:
    """A key that is not a Fernet key raises ValueError naming its position, not its text."""
    bad = "not-a-fernet-key-but-maybe-a-secret"
    with pytest.raises(ValueError, match="#2 of 2 is not a Fernet key") as caught:
        Registry(redis_url, secret_key=f"{KEY},{bad}")
    assert bad not in str(caught.value)


def test_api_keys_create_lookup_revoke(reg: Registry) -> None:
    """A created key maps to its tenant until revoked; unknown keys map to None."""
    key = reg.create_key("acme")
    other = reg.create_key("acme")
    assert key.startswith("ek_") and len(key) > 40 and key != other
    assert reg.tenant_for_key(key) == "acme"
    assert reg.tenant_for_key("ek_unknown") is None
    assert reg.tenant_for_key("") is None
    assert reg.revoke_key(key) is True
    assert reg.revoke_key(key) is False
    assert reg.tenant_for_key(key) is None
    assert reg.tenant_for_key(other) == "acme"


def test_api_keys_are_stored_only_hashed(reg: Registry, redis_url: str) -> None:
    """Redis holds SHA-256 of an API key and never the key itself."""
    key = reg.create_key("acme")
    blob = dump(redis_url)
    assert key.encode() not in blob
    assert key.removeprefix("ek_").encode() not in blob
    assert hashlib.sha256(key.encode()).hexdigest().encode() in blob


def test_tenants_are_isolated(reg: Registry) -> None:
    """Tenant a's actions, bindings and keys are invisible to tenant b."""
    reg.deploy("a", "act", code(1), {"K": "a-only"})
    reg.bind("a", TRIGGER, ["act"])
    key = reg.create_key("a")
    with pytest.raises(InvalidAction, match="not deployed in tenant 'b'"):
        reg.get("b", "act")
    with pytest.raises(InvalidAction, match="not deployed in tenant 'b': act"):
        reg.bind("b", TRIGGER, ["act"])
    assert reg.bindings("b", TRIGGER) == []
    assert reg.resolve("b", TRIGGER) == []
    assert reg.tenant_for_key(key) == "a"
    assert reg.deploy("b", "act", code(9)) == 1
    assert reg.get("a", "act").code == code(1)


@pytest.mark.parametrize(("tenant", "name"), [
    ("", "a"), ("a:b", "a"), ("x" * 65, "a"), ("acme", ""), ("acme", "a b"),
    ("acme", "n" * 65), ("acme", "a/b"), ("acme", 7),
])
def test_bad_names_are_invalid_action(reg: Registry, tenant: Any, name: Any) -> None:
    """Tenant and action names outside [A-Za-z0-9_.-]{1,64} raise InvalidAction everywhere."""
    with pytest.raises(InvalidAction, match="must match"):
        reg.deploy(tenant, name, CODE)
    with pytest.raises(InvalidAction, match="must match"):
        reg.get(tenant, name)


def test_bad_trigger_and_key_tenant_are_invalid_action(reg: Registry) -> None:
    """A bad trigger name, or a bad tenant for an API key, raises InvalidAction."""
    with pytest.raises(InvalidAction, match="trigger must match"):
        reg.bindings("acme", "bad:trigger")
    with pytest.raises(InvalidAction, match="tenant must match"):
        reg.create_key("bad tenant")


def test_names_of_64_characters_are_allowed(reg: Registry) -> None:
    """The longest valid tenant and action names work."""
    tenant, name = "t" * 64, "A.b-c_9" + "n" * 57
    assert reg.deploy(tenant, name, CODE) == 1
    assert reg.get(tenant, name).name == name


@pytest.mark.parametrize(("limits", "message"), [
    ({"fuel": 0}, "fuel must be a positive integer"),
    ({"nonsense": 1}, "unknown limits: nonsense"),
    ({"timeout_ms": 1.5}, "timeout_ms must be a positive integer"),
    ({"fuel": True}, "fuel must be a positive integer"),
    ({"memory_bytes": 1024}, "at least 4 MiB"),
    ({1: 2}, "limits must be an object"),
    ([("fuel", 1)], "limits must be an object"),
])
def test_bad_limits_are_invalid_action(reg: Registry, limits: Any, message: str) -> None:
    """Limits that sandbox.Limits refuses raise InvalidAction and deploy nothing."""
    with pytest.raises(InvalidAction, match=message):
        reg.deploy("acme", "a", CODE, limits=limits)
    with pytest.raises(InvalidAction, match="not deployed"):
        reg.get("acme", "a")


def test_code_size_limit(reg: Registry) -> None:
    """Code up to 100 kB (UTF-8 bytes) deploys; one byte more, or non-text, raises."""
    fits = "/" * 100_000
    assert reg.get("acme", "a", reg.deploy("acme", "a", fits)).code == fits
    with pytest.raises(InvalidAction, match="100001 bytes, over the 100000"):
        reg.deploy("acme", "a", fits + "/")
    with pytest.raises(InvalidAction, match="over the 100000"):
        reg.deploy("acme", "a", "é" * 50_001)
    for bad in (b"code", None, "\ud800"):
        with pytest.raises(InvalidAction, match="code must be"):
            reg.deploy("acme", "a", bad)  # type: ignore[arg-type]
    assert reg.get("acme", "a").version == 1


@pytest.mark.parametrize(("secrets", "message"), [
    ({f"S{i}": "v" for i in range(31)}, "at most 30"),
    (["K", "v"], "object of at most 30"),
    ({"": "v"}, "secret names must be"),
    ({"n" * 129: "v"}, "secret names must be"),
    ({3: "v"}, "secret names must be"),
    ({"K": 3}, "secret 'K' must be text"),
    ({"K": "v" * 4097}, "secret 'K' must be text of at most 4096"),
    ({"K": "\udcff" + SECRET}, "secret 'K' must be text"),
])
def test_bad_secrets_are_invalid_action(reg: Registry, secrets: Any, message: str) -> None:
    """Too many, unnamed, long or non-string secrets raise InvalidAction quoting no value."""
    with pytest.raises(InvalidAction, match=message) as caught:
        reg.deploy("acme", "a", CODE, secrets)
    assert SECRET not in str(caught.value)
    assert "v" * 100 not in str(caught.value)


def test_secret_limits_are_inclusive(reg: Registry) -> None:
    """30 secrets, 128-character names and 4096-character values are allowed."""
    secrets = {f"{i:03}" + "n" * 125: "v" * 4096 for i in range(30)}
    reg.deploy("acme", "a", CODE, secrets)
    assert dict(reg.get("acme", "a").secrets) == secrets


def test_redis_stopped_is_store_unavailable(
    reg: Registry, redis_process: RedisProcess
) -> None:
    """With redis-server stopped every call raises StoreUnavailable; afterwards it recovers."""
    key = reg.create_key("acme")
    with redis_process.stopped():
        calls: list[Callable[[], object]] = [
            lambda: reg.deploy("acme", "a", CODE, {"K": SECRET}),
            lambda: reg.get("acme", "a"),
            lambda: reg.rollback("acme", "a", 1),
            lambda: reg.bind("acme", TRIGGER, ["a"]),
            lambda: reg.bindings("acme", TRIGGER),
            lambda: reg.create_key("acme"),
            lambda: reg.tenant_for_key(key),
            lambda: reg.revoke_key(key),
        ]
        for call in calls:
            with pytest.raises(StoreUnavailable, match="unreachable") as caught:
                call()
            assert SECRET not in str(caught.value) and key not in str(caught.value)
    assert reg.deploy("acme", "a", CODE) == 1  # the restarted server is empty
    reg.bind("acme", TRIGGER, ["a"])
    assert [d.name for d in reg.resolve("acme", TRIGGER)] == ["a"]


def test_resolve_with_redis_stopped_is_store_unavailable(
    reg: Registry, redis_process: RedisProcess
) -> None:
    """Resolve's pipelined reads also raise StoreUnavailable when Redis is gone."""
    with redis_process.stopped(), pytest.raises(StoreUnavailable):
        reg.resolve("acme", TRIGGER)


def test_closed_registry_is_store_unavailable(redis_url: str) -> None:
    """Close is idempotent; a closed registry raises StoreUnavailable and shows no URL."""
    registry = Registry(redis_url, secret_key=KEY)
    registry.close()
    registry.close()
    with pytest.raises(StoreUnavailable, match="closed"):
        registry.get("acme", "a")
    assert repr(registry).startswith("Registry('127.0.0.1:")


def test_deployed_repr_hides_secrets() -> None:
    """A Deployed's repr shows no secrets, so logging it cannot leak them."""
    deployed = Deployed("acme", "a", 1, CODE, {"K": SECRET}, None)
    assert SECRET not in repr(deployed)


def test_concurrent_deploys_get_distinct_versions(redis_url: str) -> None:
    """Deploys racing from several threads and clients each get their own version number."""
    registries = [Registry(redis_url, secret_key=KEY) for _ in range(4)]

    def deploy(i: int) -> int:
        return registries[i % 4].deploy("acme", "a", code(i), {"K": str(i)})

    with ThreadPoolExecutor(8) as pool:
        versions = list(pool.map(deploy, range(40)))
    assert sorted(versions) == list(range(1, 41))
    for i, version in enumerate(versions):
        assert dict(registries[0].get("acme", "a", version).secrets) == {"K": str(i)}
    for registry in registries:
        registry.close()


def test_a_version_is_never_overwritten(reg: Registry, redis_url: str) -> None:
    """Even with its counter set back by hand, a deploy refuses to overwrite a version."""
    reg.deploy("acme", "a", code(1))
    with redis.Redis.from_url(redis_url) as raw:
        raw.hset("exec:reg:action:acme:a", "last", 0)
    with pytest.raises(InternalError, match="counter is behind"):
        reg.deploy("acme", "a", code(2))
    assert reg.get("acme", "a").code == code(1)
    assert reg.deploy("acme", "a", code(2)) == 2  # the counter has caught up again


def resolved_code(registry: Registry, tenant: str = "acme") -> list[str]:
    """The code of each action the tenant's trigger resolves to, in order."""
    return [d.code for d in registry.resolve(tenant, TRIGGER)]


@pytest.fixture
def other(redis_url: str) -> Iterator[Registry]:
    """A second registry on the same server: another worker, or the HTTP service."""
    with Registry(redis_url, secret_key=KEY) as registry:
        yield registry


def test_resolve_sees_another_registrys_deploy_at_once(reg: Registry, other: Registry) -> None:
    """A worker's cached flow gives way to a deploy made elsewhere on its very next resolve."""
    other.deploy("acme", "a", code(1))
    other.bind("acme", TRIGGER, ["a"])
    assert resolved_code(reg) == [code(1)]
    other.deploy("acme", "a", code(2))
    assert resolved_code(reg) == [code(2)]


def test_resolve_sees_another_registrys_bind_and_rollback(reg: Registry, other: Registry) -> None:
    """Rebinding and rolling back elsewhere are seen by the next resolve of a cached flow."""
    other.deploy("acme", "a", code(1))
    other.deploy("acme", "a", code(2))
    other.deploy("acme", "b", code(3))
    other.bind("acme", TRIGGER, ["a"])
    assert resolved_code(reg) == [code(2)]
    other.bind("acme", TRIGGER, ["b", "a"])
    assert resolved_code(reg) == [code(3), code(2)]
    other.rollback("acme", "a", 1)
    assert resolved_code(reg) == [code(3), code(1)]
    other.bind("acme", TRIGGER, [])
    assert resolved_code(reg) == []


def test_a_cached_flow_costs_one_round_trip(reg: Registry, redis_url: str) -> None:
    """Resolving an unchanged flow again sends a single command (the generation read)."""
    reg.deploy("acme", "a", code(1))
    reg.bind("acme", TRIGGER, ["a"])
    reg.resolve("acme", TRIGGER)
    with redis.Redis.from_url(redis_url) as raw:
        before = int(raw.info("stats")["total_commands_processed"])
        assert resolved_code(reg) == [code(1)]
        after = int(raw.info("stats")["total_commands_processed"])
    # `before` counts the INFO itself, `after` the second INFO: one command lies between.
    assert after - before == 2


def test_a_flushed_server_is_never_answered_from_the_cache(reg: Registry,
                                                           redis_url: str) -> None:
    """After Redis lost its data, a cached flow is not used: its actions are gone."""
    reg.deploy("acme", "a", code(1))
    reg.bind("acme", TRIGGER, ["a"])
    assert resolved_code(reg) == [code(1)]
    with redis.Redis.from_url(redis_url) as raw:
        raw.flushdb()
    assert resolved_code(reg) == []
    reg.deploy("acme", "a", code(9))
    reg.bind("acme", TRIGGER, ["a"])
    assert resolved_code(reg) == [code(9)]


def test_a_cached_flow_keeps_tenants_apart(reg: Registry) -> None:
    """Two tenants' flows with the same action name resolve to their own code, cached."""
    reg.deploy("acme", "a", code(1))
    reg.deploy("zeta", "a", code(2))
    reg.bind("acme", TRIGGER, ["a"])
    reg.bind("zeta", TRIGGER, ["a"])
    for _ in range(2):
        assert resolved_code(reg, "acme") == [code(1)]
        assert resolved_code(reg, "zeta") == [code(2)]


def test_the_cache_is_bounded(redis_url: str) -> None:
    """A registry keeps at most `cache_size` resolved flows, dropping the least recent."""
    with Registry(redis_url, secret_key=KEY, cache_size=2) as small:
        for tenant in ("t1", "t2", "t3"):
            small.deploy(tenant, "a", CODE)
            small.bind(tenant, TRIGGER, ["a"])
            small.resolve(tenant, TRIGGER)
        assert [key[0] for key in small._resolved] == ["t2", "t3"]


def test_tenant_egress_rules_round_trip_and_reach_resolve(reg: Registry) -> None:
    """Rules granted to a tenant are stored, read back, and come with its resolved flow; a
    change is seen by the very next resolve, and another tenant sees none of them.
    """
    reg.deploy("t1", "a", code(1), net={"deny": ["evil.example"]})
    reg.bind("t1", TRIGGER, ["a"])
    assert reg.net("t1") == NetRules()
    assert reg.resolve_with_net("t1", TRIGGER)[1] == NetRules()
    rules = NetRules.from_config({"allow": ["127.0.0.1:8080"]})
    reg.set_net("t1", rules)
    deployed, granted = reg.resolve_with_net("t1", TRIGGER)
    assert granted == rules == reg.net("t1")
    assert deployed[0].action().net == {"deny": ["evil.example"]}
    assert reg.net("t2") == NetRules()


def test_bad_egress_rules_are_invalid_action(reg: Registry) -> None:
    """A deploy's malformed net is refused and deploys nothing."""
    with pytest.raises(InvalidAction, match="HOST"):
        reg.deploy("t1", "a", code(1), net={"allow": ["not a host/"]})
    with pytest.raises(InvalidAction):
        reg.get("t1", "a")
