# One command each: `make demo` installs and runs the Kaliningrad example report;
# `make test` installs and runs lint, type checks and the test suite.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.mayak-installed
SOURCES := pyproject.toml $(wildcard engine/*.py engine/schemas/*.json cli/*.py)

.PHONY: install demo test lint bench clean

install: $(STAMP)

# "strict" editable mode installs a tree of links that mypy can follow (the default
# import-hook mode cannot express engine/ -> mayak to type checkers); it is refreshed
# whenever a source file is added or changed.
$(STAMP): $(SOURCES)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]" --config-settings editable_mode=strict
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/mayak report --rules rules/kaliningrad --data examples/kaliningrad-2023/data

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy

test: lint
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_indicators.py

clean:
	rm -rf $(VENV) build *.egg-info .mypy_cache .ruff_cache .pytest_cache
