# Koryo Atlas: the single entry point. `make help` lists the targets.
SHELL := /bin/bash
.SHELLFLAGS := -eo pipefail -c
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501
# pip on this kind of machine prints one harmless line per extra local index; hide them.
QUIET_PIP := grep -v "is ignored: it is neither a file nor a directory" || true

.PHONY: help bytecode run test lint bench data baselines browser validate screenshots clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
	  || { echo "Koryo Atlas needs Python 3.11 or newer: set PYTHON=python3.11"; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e . 2>&1 | $(QUIET_PIP)
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[test]' 2>&1 | $(QUIET_PIP)
	@touch $@ $(VENV)/.installed

browser: ## install Debian's chromium for the browser tests (when missing and root)
	@if ! command -v chromium >/dev/null; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; \
	  else \
	    echo "chromium is missing: run 'sudo apt-get install -y chromium' (Debian) once"; exit 1; \
	  fi; \
	fi

# Bytecode of the package, written even where PYTHONDONTWRITEBYTECODE is set (as on
# this kind of machine): without it every server start compiles src/ again (~0.2 s).
bytecode: $(VENV)/.installed
	@$(BIN)/python -m compileall -q src

run: bytecode ## set up and open the dashboard on http://localhost:$(PORT)
	@echo "Koryo Atlas: open http://localhost:$(PORT) (Ctrl+C stops it)"
	$(BIN)/python -m streamlit run dashboard.py --server.port $(PORT)

test: $(VENV)/.installed-test bytecode browser lint ## set up and run every test, browser tests included
	$(BIN)/python -m pytest

lint: $(VENV)/.installed-test ## ruff format check, then ruff check
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .

validate: $(VENV)/.installed ## check geodata/ and print a summary
	$(BIN)/diaspora-atlas validate geodata

bench: $(VENV)/.installed-test bytecode browser ## print speed and size figures (see BENCHMARKS.md)
	$(BIN)/python benchmarks/bench.py

data: $(VENV)/.installed ## rebuild geodata/boundaries from Natural Earth
	$(BIN)/python scripts/build_boundaries.py 2>&1 | $(QUIET_PIP)

baselines: $(VENV)/.installed-test ## re-create the golden images of the static snapshots
	$(BIN)/python scripts/make_baselines.py

screenshots: $(VENV)/.installed-test browser ## refresh the README screenshots from the browser tests
	$(BIN)/python -m pytest -q tests/e2e -k screenshots
	mkdir -p docs/screenshots
	cp test-results/screenshots/dashboard-*.png docs/screenshots/

clean: ## remove the virtual environment and caches
	rm -rf $(VENV) build .pytest_cache .ruff_cache test-results
