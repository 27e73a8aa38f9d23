"""The authenticated HTTP service: deploy, bind and run actions for many tenants.

    from executor.service import ServiceSettings, create_app
    app = create_app(ServiceSettings("redis://127.0.0.1:6379/0", admin_token="..."))

`executor serve` runs it under uvicorn (executor/service/server.py).
"""

from executor.service.app import create_app
from executor.service.settings import ServiceSettings

__all__ = ["ServiceSettings", "create_app"]
