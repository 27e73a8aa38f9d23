"""`executor serve`: the app under uvicorn, logging JSON lines on stderr."""

from __future__ import annotations

import sys
from typing import Any

import structlog
import uvicorn
from starlette.applications import Starlette

from executor.service.settings import ServiceSettings


def configure_logging() -> None:
    """One JSON object per line on stderr, INFO and up (as the worker logs)."""
    structlog.configure(
        processors=[structlog.contextvars.merge_contextvars, structlog.processors.add_log_level,
                    structlog.processors.TimeStamper("iso"), structlog.processors.JSONRenderer()],
        wrapper_class=structlog.make_filtering_bound_logger(20),  # INFO
        logger_factory=structlog.PrintLoggerFactory(sys.stderr),
    )


def uvicorn_log_config() -> dict[str, Any]:
    """The lines of uvicorn itself (start, stop, errors) as JSON lines too, through structlog."""
    stamp = [structlog.stdlib.add_log_level, structlog.processors.TimeStamper("iso")]
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {
            "()": structlog.stdlib.ProcessorFormatter,
            "foreign_pre_chain": stamp,
            "processors": [structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                           structlog.processors.JSONRenderer()],
        }},
        "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "json",
                                "stream": "ext://sys.stderr"}},
        "loggers": {"uvicorn": {"handlers": ["stderr"], "level": "INFO", "propagate": False}},
    }


def run(app: Starlette, settings: ServiceSettings, *, host: str = "127.0.0.1",
        port: int = 8080) -> int:
    """Serve `app` until SIGTERM or SIGINT, then let the requests in hand finish (at most
    the execution timeout, plus one second) and close the app's connections.

    Returns 1 when the server could not start (port in use). After a signal it does not
    return: uvicorn raises the signal again once shut down, so the process ends by it
    (status -15 for SIGTERM, which supervisors such as systemd count as a clean stop).
    """
    # uvicorn's access log is off: the app logs one event per request, without the query.
    config = uvicorn.Config(app, host=host, port=port, access_log=False, log_level="info",
                            log_config=uvicorn_log_config(), lifespan="on",
                            timeout_graceful_shutdown=int(settings.execution_timeout_s) + 1)
    server = uvicorn.Server(config)
    server.run()
    return 0 if server.started else 1
