# Developer shortcuts. `make help` lists them.
VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: help setup run test check lint types snapshots bench

help:  ## List the targets
	@grep -E '^[a-z]+:.*##' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

setup:  ## Create .venv (CPU torch without a GPU) and install workbench with test tools
	bash scripts/setup.sh --test

run: setup  ## Round-trip the article with the default model
	$(VENV)/bin/workbench roundtrip texts/haftar-russia.en.txt

test:  ## Run the test suite
	$(PY) -m pytest

lint:  ## ruff lint and format check
	$(VENV)/bin/ruff check workbench tests benchmarks
	$(VENV)/bin/ruff format --check workbench tests benchmarks

types:  ## mypy (strict on the core)
	$(VENV)/bin/mypy

check: lint types test  ## lint + types + tests

snapshots:  ## Re-record the TUI snapshot SVGs after an intended change
	$(PY) -m pytest tests/tui/test_snapshots.py --snapshot-update

bench:  ## Print the benchmark figures
	$(PY) benchmarks/drift_precision.py
	$(PY) benchmarks/check_speed.py
