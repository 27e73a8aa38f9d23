"""The guest side: the JavaScript runtime's sources, its build recipe and the guest ABI.

`build()` returns the engine module and base snapshot, building them on first use.
"""

from guest.build import BuildError, GuestArtifacts, build, cache_root, node_packages, snapshot

__all__ = ["BuildError", "GuestArtifacts", "build", "cache_root", "node_packages", "snapshot"]
