"""Suspended flows sealed at rest: encrypted and authenticated with the deployment's key.

A suspended flow's record holds what its continuation needs, the actions' code and
secrets included, so in a shared store (Redis) it is as sensitive as the registry. With a
`StateSeal` (the worker pool and the HTTP service make one from EXECUTOR_SECRET_KEY, the key
that encrypts deployed secrets) the record is one Fernet token: unreadable to someone who
can read Redis, and a record planted or altered by someone who can write it fails to open
and is refused as an unknown state. The embedded store of a single process keeps records in
clear unless the caller passes a seal too.
"""

from __future__ import annotations

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from sandbox.errors import InvalidState

SECRET_KEY_ENV = "EXECUTOR_SECRET_KEY"
GENERATE_KEY = (
    'python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"'
)


def fernet_from_keys(keys: str | None) -> MultiFernet:
    """The MultiFernet of a comma-separated key list (the first encrypts, all decrypt);
    ValueError, never quoting a key, when there is none or one is not a Fernet key.
    """
    entries = [entry.strip() for entry in (keys or "").split(",") if entry.strip()]
    if not entries:
        raise ValueError(
            f"no secret key: set {SECRET_KEY_ENV} (or pass secret_key) to a Fernet key, "
            f"generated with: {GENERATE_KEY}"
        )
    fernets = []
    for position, entry in enumerate(entries, 1):
        try:
            fernets.append(Fernet(entry))
        except ValueError:
            raise ValueError(
                f"secret key #{position} of {len(entries)} is not a Fernet key (32 url-safe "
                f"base64-encoded bytes); generate one with: {GENERATE_KEY}"
            ) from None
    return MultiFernet(fernets)


class StateSeal:
    """Seals and opens suspended-flow records with one (rotating) key list."""

    def __init__(self, fernet: MultiFernet) -> None:
        self._fernet = fernet

    @classmethod
    def from_keys(cls, keys: str | None) -> StateSeal:
        """A seal from a comma-separated Fernet key list (see `fernet_from_keys`)."""
        return cls(fernet_from_keys(keys))

    def seal(self, record: bytes) -> bytes:
        """The record, encrypted and authenticated."""
        return self._fernet.encrypt(record)

    def open(self, sealed: bytes) -> bytes:
        """The record; InvalidState when it was not sealed with one of our keys (planted,
        altered, written unsealed, or sealed with a key no longer listed).
        """
        try:
            return self._fernet.decrypt(sealed)
        except InvalidToken:
            raise InvalidState("the state is unknown, expired or already used") from None

    def __repr__(self) -> str:
        return "StateSeal(...)"
