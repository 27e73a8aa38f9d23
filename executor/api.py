"""The host side of `api` for one action: answers the guest's calls and collects its effects."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from executor import effects, tokens
from executor.cache import CacheSession
from executor.effects import (
    ActionEffects,
    Challenge,
    FactorPolicy,
    Prompt,
    Redirect,
    Suspension,
)
from sandbox.errors import ActionError
from sandbox.hostcall import ApiCall, ApiError

RENDER_AND_REDIRECT = "Redirect and render commands cannot be used in the same action."
RENDER_TWICE = "Only 1 render command per action is allowed."
MIXED_SUSPENSIONS = "Only one of challenge, redirect and render can be used in one action."


@dataclass
class ActionApi:
    """Answers one action's api calls (sandbox HostHandler) and records what it asked for."""

    event: dict[str, Any]
    cache: CacheSession
    policy: FactorPolicy
    now_ms: Callable[[], int]
    state: str | None = None  # the flow's state, when resuming after a redirect
    effects: ActionEffects = field(default_factory=ActionEffects)

    def __call__(self, method: str, args: list[Any]) -> Any:
        """Answers one api call (the sandbox's HostHandler protocol)."""
        handler = _METHODS.get(method)
        if handler is None:
            raise ApiError(f"api method {method[:60]} does not exist")
        padded = [*args, None, None, None][:3]
        return handler(self, *padded)

    # ---- cache
    def _cache_get(self, key: Any, *_: Any) -> Any:
        return self.cache.get(key)

    def _cache_set(self, key: Any, value: Any, options: Any) -> Any:
        return self.cache.set(key, value, options)

    def _cache_delete(self, key: Any, *_: Any) -> Any:
        return self.cache.delete(key)

    # ---- tokens
    def _encode_token(self, options: Any, *_: Any) -> Any:
        return tokens.encode(options, self.event, self.now_ms() // 1000)

    def _validate_token(self, options: Any, *_: Any) -> Any:
        return tokens.validate(options, self.event, self.state, self.now_ms() // 1000)

    # ---- suspensions
    def _suspend(self, new: Suspension) -> None:
        old = self.effects.suspension
        if isinstance(new, Prompt) and self.effects.rendered:
            raise ApiError(RENDER_TWICE)
        if {type(old), type(new)} == {Prompt, Redirect}:
            raise ApiError(RENDER_AND_REDIRECT)
        if old is not None and type(old) is not type(new):
            raise ApiError(MIXED_SUSPENSIONS)
        self.effects.suspension = new  # same kind again: the last call wins
        self.effects.rendered = self.effects.rendered or isinstance(new, Prompt)

    def _challenge_with(self, factor: Any, options: Any, *_: Any) -> None:
        extra = (options or {}).get("additionalFactors") if isinstance(options, dict) else None
        if extra is not None and not isinstance(extra, list):
            raise ApiError("additionalFactors must be an array")
        self._suspend(effects.challenge("with", [factor, *(extra or [])], self.policy))

    def _challenge_with_any(self, factors: Any, *_: Any) -> None:
        if not isinstance(factors, list) or not factors:
            raise ApiError("challengeWithAny needs a non-empty array of factors")
        self._suspend(effects.challenge("any", factors, self.policy))

    def _send_user_to(self, url: Any, options: Any, *_: Any) -> None:
        url = effects.check_url(url, "sendUserTo")
        self._suspend(Redirect(url, effects.check_query(options, "sendUserTo")))

    def _render(self, prompt_id: Any, options: Any, *_: Any) -> None:
        self._suspend(effects.prompt(prompt_id, options))

    def _set_result_url(self, url: Any, options: Any, *_: Any) -> None:
        url = effects.check_url(url, "setResultUrl")
        self.effects.result_url = effects.with_query(
            url, effects.check_query(options, "setResultUrl"))

    def apply_recorded(self, calls: tuple[ApiCall, ...]) -> ActionEffects:
        """Folds in the calls the guest recorded rather than sent (access.deny). The first
        deny's reason is kept: the decision was made there.
        """
        for call in calls:
            if call.answered:
                continue
            if call.method != "access.deny":
                raise ActionError(f"api method {call.method[:60]} cannot be recorded")
            if self.effects.deny is None:
                self.effects.deny = effects.deny_reason(call.args[0] if call.args else None)
        return self.effects


_METHODS: dict[str, Callable[..., Any]] = {
    "cache.get": ActionApi._cache_get,
    "cache.set": ActionApi._cache_set,
    "cache.delete": ActionApi._cache_delete,
    "redirect.encodeToken": ActionApi._encode_token,
    "redirect.validateToken": ActionApi._validate_token,
    "redirect.sendUserTo": ActionApi._send_user_to,
    "authentication.challengeWith": ActionApi._challenge_with,
    "authentication.challengeWithAny": ActionApi._challenge_with_any,
    "prompt.render": ActionApi._render,
    "transaction.setResultUrl": ActionApi._set_result_url,
}

__all__ = ["ActionApi", "Challenge"]
