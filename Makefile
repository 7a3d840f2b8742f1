# One command each: `make demo` installs and runs the Kaliningrad example report;
# `make test` installs and runs lint, type checks and the test suite.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.mayak-installed
SOURCES := pyproject.toml

.PHONY: install demo test lint bench clean

install: $(STAMP)

# A plain editable install: engine/ and cli/ go on sys.path, so edits need no reinstall;
# it is redone only when pyproject.toml changes.
$(STAMP): $(SOURCES)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
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
