"""Structured logging: one event per execution, with nothing secret in it.

The event carries tenant, trigger, execution id, status, error type and per-action cost. It
never carries the event, secrets, cache keys or values, deny reasons, URLs or console output:
those belong to the tenant and go only to the caller, in the result object.
"""

from __future__ import annotations

from typing import Any

import structlog

from executor.result import Result

log = structlog.get_logger("executor")


def execution(result: Result, tenant: str, trigger: str, kind: str) -> None:
    """Emits the one structured event of an execution (`kind`: run or resume)."""
    error = result.error or {}
    log.info(
        "execution",
        kind=kind,
        tenant=tenant,
        trigger=trigger,
        execution_id=result.execution_id,
        status=result.status,
        error_type=error.get("type"),
        error_action=error.get("action"),
        actions=[_action(a) for a in result.actions],
    )


def _action(report: Any) -> dict[str, Any]:
    return {"name": report.name, "handler": report.handler, "status": report.status,
            "duration_ms": round(report.duration_ms, 3), "fuel": report.fuel,
            "memory_bytes": report.memory_bytes,
            "error_type": (report.error or {}).get("type")}
