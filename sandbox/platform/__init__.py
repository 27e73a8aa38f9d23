"""The host side of the guest's Node platform: built-in modules, randomness, host I/O.

Trigger-neutral: what an action's runtime needs from its host whatever the trigger. The
trigger's own api is answered elsewhere (sandbox.hostcall, with the caller's handler).
"""

from sandbox.platform import (  # noqa: F401 - each registers its platform methods
    collation,
    crypto,
    datetime,
    fetch,
    intl,
    sourcemap,
    url,
)
from sandbox.platform.calls import platform_call
from sandbox.platform.egress import DEFAULT, NO_NET, EgressPolicy, HostRule
from sandbox.platform.modules import NodeModules
from sandbox.platform.services import Platform, PlatformCallError, PlatformServices

__all__ = ["DEFAULT", "NO_NET", "EgressPolicy", "HostRule", "NodeModules", "Platform",
           "PlatformCallError", "PlatformServices", "platform_call"]
