"""The one way this package talks to Redis: fail fast, never retry, one error type.

Nothing is retried: a write whose reply was lost may or may not have been applied, and
replaying it could consume a state or deploy a version twice, so the caller gets
StoreUnavailable at once and decides. Messages name host:port, never the URL (it may hold a
password).
"""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType
from typing import Self, TypeVar

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from sandbox.errors import StoreUnavailable

T = TypeVar("T")


def address(client: redis.Redis) -> str:
    """host:port (or the socket path) of a client."""
    kwargs = client.connection_pool.connection_kwargs
    if "path" in kwargs:
        return str(kwargs["path"])
    return f"{kwargs.get('host', 'localhost')}:{kwargs.get('port', 6379)}"


class RedisClient:
    """Base of the Redis-backed classes: a connection pool, `_call`, `close` and `with`.

    `timeout` bounds connecting; `reply_timeout` (default: the same) bounds every reply and
    must outlast any blocking command the subclass sends.
    """

    def __init__(self, url: str, *, timeout: float, reply_timeout: float | None = None) -> None:
        self._client: redis.Redis = redis.Redis.from_url(
            url, socket_connect_timeout=timeout,
            socket_timeout=reply_timeout if reply_timeout is not None else timeout,
            retry=Retry(NoBackoff(), 0),
        )
        self.address = address(self._client)
        self._closed = False

    def _call(self, request: Callable[[], T]) -> T:
        """Runs one request, turning every Redis failure into StoreUnavailable."""
        if self._closed:
            raise StoreUnavailable(f"{type(self).__name__} of {self.address} is closed")
        try:
            return request()
        except redis.RedisError as exc:
            raise StoreUnavailable(
                f"redis at {self.address} is unreachable: {type(exc).__name__}: {exc}"
            ) from exc

    def close(self) -> None:
        """Closes the connection pool; idempotent."""
        if not self._closed:
            self._closed = True
            self._client.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.address!r})"
