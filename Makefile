# Set-up is part of every target: a fresh machine needs only `make demo` or `make test`.
# Third-party sources and tools (QuickJS-ng, libmpack, wizer) are fetched and built into
# ~/.cache/executor (override with EXECUTOR_CACHE_DIR), never into the repository.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: setup guest demo test lint bench

setup: $(VENV)/.installed guest

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

guest: $(VENV)/.installed
	$(PY) -m guest

demo: setup
	$(VENV)/bin/executor run examples/ip_allowlist.js --event examples/events/reset_from_unknown_ip.json

test: setup
	$(PY) -m pytest

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

bench: setup
	$(PY) -m benchmarks.inprocess
