# Two commands on a fresh machine: `make demo` and `make test`. Everything else is a helper target.
PYTHON ?= $(shell command -v python3.13 || ls -d $$HOME/.pyenv/versions/3.13*/bin/python3.13 2>/dev/null | tail -n 1 || echo python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
PYTEST_WORKERS ?= 2

.PHONY: demo test test-unit test-browser lint format chromium clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv==0.13.8
	$(BIN)/uv pip install --quiet --python $(BIN)/python -e '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

## Set up, migrate an SQLite database, generate a synthetic authority, create demo accounts, serve on :8000.
demo: $(STAMP)
	$(BIN)/safeguard demo $(DEMO_ARGS)

## The whole test suite: unit and integration tests, then the browser journeys (installs Debian's chromium if absent).
test: $(STAMP) chromium
	$(BIN)/ruff check .
	$(BIN)/pytest -n $(PYTEST_WORKERS) -m "not browser" $(PYTEST_ARGS)
	$(BIN)/pytest -m browser $(PYTEST_ARGS)

test-unit: $(STAMP)
	$(BIN)/pytest -n $(PYTEST_WORKERS) -m "not browser" $(PYTEST_ARGS)

test-browser: $(STAMP) chromium
	$(BIN)/pytest -m browser $(PYTEST_ARGS)

chromium:
	@command -v chromium >/dev/null || scripts/install-chromium.sh

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) var
