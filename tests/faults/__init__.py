"""Faults injected into real processes, files and clocks; see each module's docstring."""
