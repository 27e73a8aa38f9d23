"""Errors of the HTTP API: one body shape, `{"error": {"type", "message"}}`, and one place that
decides each status code.

    ApiError (raised by handlers)       status   type
    ├── from the request
    │   missing / unknown token         401      unauthorized
    │   foreign tenant, wrong role      403      forbidden
    │   unknown route or trigger        404      not_found
    │   wrong method                    405      method_not_allowed
    │   body over max_body_bytes        413      invalid_action | invalid_event
    │   body not a JSON object of the   400      invalid_action (management endpoints)
    │   documented shape                         invalid_event  (execute, continue)
    └── from the executor (sandbox.errors.ExecutorError, raised or in a failed result)
        invalid_action, invalid_event   400
        invalid_state                   409      unknown, expired, foreign or used state
        timeout (raised: no result)     504      the worker pool did not answer in time
        store_unavailable               503
        internal                        500

A failed *result* is an answer, not an error: execute and continue return it with 200 when
the flow ran and failed (the action threw, ran out of fuel, timed out...). Only a failed
result that ran no action because its input was unusable (invalid_event, invalid_state), and
one failed by the platform (store_unavailable, internal), become an error response.
"""

from __future__ import annotations

from typing import Any

from starlette.responses import JSONResponse

from sandbox.errors import ExecutorError

UNAUTHORIZED = "unauthorized"
FORBIDDEN = "forbidden"
NOT_FOUND = "not_found"
METHOD_NOT_ALLOWED = "method_not_allowed"

RAISED_STATUS: dict[str, int] = {
    "invalid_action": 400,
    "invalid_event": 400,
    "invalid_state": 409,
    "timeout": 504,
    "store_unavailable": 503,
    "internal": 500,
}
"""The status of an ExecutorError raised to a handler (not one inside a result)."""

INPUT_TYPES = frozenset({"invalid_event", "invalid_state"})
PLATFORM_TYPES = frozenset({"store_unavailable", "internal"})


class ApiError(Exception):
    """Raised by a handler to answer with an error object and a status."""

    def __init__(self, status: int, type_: str, message: str,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.type = type_
        self.message = message
        self.headers = headers

    @classmethod
    def of(cls, err: ExecutorError) -> ApiError:
        """The response for an executor error raised to a handler."""
        return cls(RAISED_STATUS.get(err.type, 500), err.type, err.message)

    def response(self) -> JSONResponse:
        """The error object, with its status."""
        return error_response(self.status, self.type, self.message, self.headers)


def error_response(status: int, type_: str, message: str,
                   headers: dict[str, str] | None = None) -> JSONResponse:
    """`{"error": {"type", "message"}}` with `status`."""
    return JSONResponse({"error": {"type": type_, "message": message}}, status_code=status,
                        headers=headers)


def result_error(result: dict[str, Any]) -> ApiError | None:
    """The error response a result object stands for, or None when it is answered with 200
    (see the module docstring).
    """
    if result.get("status") != "failed":
        return None
    error = result.get("error") or {}
    type_ = str(error.get("type") or "internal")
    message = str(error.get("message") or "the execution failed")
    if type_ in PLATFORM_TYPES or (type_ in INPUT_TYPES and not result.get("actions")):
        return ApiError(RAISED_STATUS[type_], type_, message)
    return None
