"""Redis for the pool: connecting, creating consumer groups, and riding out outages."""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from importlib.resources import files

import redis
import structlog
from redis.backoff import NoBackoff
from redis.retry import Retry

from executor.pool.jobs import GROUP

log = structlog.get_logger("executor.pool")

CONNECT_TIMEOUT_S = 2.0
REPLY_TIMEOUT_S = 5.0
"""Longer than any blocking command the pool sends (XREADGROUP and BLPOP block <= 2 s), so a
blocked read is not mistaken for a dead server, yet a frozen server is noticed."""

REDIS_DOWN = (redis.ConnectionError, redis.TimeoutError)
"""What an unreachable, restarting or frozen server raises."""

FIRST_DELAY_S = 0.1
MAX_DELAY_S = 2.0


def lua(name: str) -> str:
    """The text of one of the pool's Lua scripts (executor/pool/lua/)."""
    return files("executor.pool").joinpath("lua", name).read_text(encoding="utf-8")


def connect(url: str) -> redis.Redis:
    """A client whose every command fails fast instead of retrying: the loops decide."""
    return redis.Redis.from_url(
        url, socket_connect_timeout=CONNECT_TIMEOUT_S, socket_timeout=REPLY_TIMEOUT_S,
        retry=Retry(NoBackoff(), 0),
    )


def ensure_group(client: redis.Redis, stream: str) -> None:
    """Create the stream's consumer group (and the stream), unless it exists.

    The group starts at id 0: if a stream outlived its group, its remaining entries are jobs
    nobody acknowledged (acknowledged ones are deleted), and they should run.
    """
    try:
        client.xgroup_create(stream, GROUP, id="0", mkstream=True)
    except redis.ResponseError as exc:
        if not str(exc).startswith("BUSYGROUP"):
            raise


class Guard:
    """Runs the steps of one loop, riding out Redis outages: log, back off, carry on.

    redis-py reconnects on the next command by itself; the guard only keeps a loop from
    spinning while the server is away (0.1 s doubling to 2 s) and calls `on_lost` so that
    consumer groups are created again (a restarted server may have lost them). Any other
    exception is a bug: logged with its type, backed off the same way, never fatal, since a
    worker whose reader died would sit alive and idle.
    """

    def __init__(self, loop: str, stopping: threading.Event,
                 on_lost: Callable[[], None]) -> None:
        self.loop = loop
        self.stopping = stopping
        self.on_lost = on_lost
        self.delay: float | None = None

    def step(self, action: Callable[[], None]) -> None:
        """Run `action` once; on failure, log and wait before the loop tries again."""
        try:
            action()
        except REDIS_DOWN as exc:
            self._failed("redis_unavailable", exc)
        except redis.ResponseError as exc:  # e.g. NOGROUP: the stream or group went away
            self._failed("redis_error", exc)
        except Exception as exc:  # a bug: see the class docstring
            log.error("loop_error", loop=self.loop, error_type=type(exc).__name__,
                      where=where(exc))
            self._failed("loop_error", exc, logged=True)
        else:
            if self.delay is not None:
                log.info("redis_reconnected", loop=self.loop)
                self.delay = None

    def _failed(self, event: str, exc: BaseException, *, logged: bool = False) -> None:
        self.delay = FIRST_DELAY_S if self.delay is None else min(self.delay * 2, MAX_DELAY_S)
        if not logged:
            # A Redis error's message names the server or a key (tenant names), no value.
            log.warning(event, loop=self.loop, error_type=type(exc).__name__,
                        error=str(exc)[:200], retry_in_s=self.delay)
        self.on_lost()
        self.stopping.wait(self.delay)


def where(exc: BaseException) -> list[str]:
    """The innermost frames of an exception as "file:line function", for the log.

    Not its message, nor a formatted traceback: an unexpected exception's message may
    quote a value of the tenant's (an event field, a secret's name).
    """
    frames = traceback.extract_tb(exc.__traceback__)[-5:]
    return [f"{f.filename.rsplit('/', 1)[-1]}:{f.lineno} {f.name}" for f in frames]
