# Quanyi — two commands do all set-up:
#   make run    install, migrate, load demo data, serve the production build on :3000
#   make test   install (with test tools and Chromium), check the code's shape (ruff, import-linter), run pytest
# Re-running is quick: stamps skip every step whose inputs did not change.

SHELL := /bin/bash
PY ?= python3.11
VENV := .venv
VPY := $(VENV)/bin/python
STAMP := $(VENV)/.stamp
BUN_DIR := .bun
PORT ?= 3000

# bun: use one already on PATH, else the npm registry's package in a project-local folder.
SYSTEM_BUN := $(shell command -v bun 2>/dev/null)
ifeq ($(SYSTEM_BUN),)
BUN_BIN := $(abspath $(BUN_DIR))/node_modules/.bin
BUN_DEP := $(BUN_DIR)/node_modules/.bin/bun
else
BUN_BIN := $(dir $(SYSTEM_BUN))
BUN_DEP :=
endif
export PATH := $(BUN_BIN):$(PATH)
export REFLEX_USE_SYSTEM_BUN := 1
export REFLEX_TELEMETRY_ENABLED := false
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: run test lint install install-test browser-deps fonts redis setup clean bench

$(VPY):
	$(PY) -m venv $(VENV)

$(STAMP): pyproject.toml | $(VPY)
	$(VPY) -m pip install --quiet --disable-pip-version-check -e .
	touch $@

$(VENV)/.stamp-test: $(STAMP) pyproject.toml
	$(VPY) -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@

$(BUN_DIR)/node_modules/.bin/bun:
	npm install --prefix $(BUN_DIR) --no-audit --no-fund --loglevel=error bun
	@$@ --version >/dev/null

install: $(STAMP) $(BUN_DEP)

install-test: install $(VENV)/.stamp-test browser-deps

# The CJK font the QR print sheets and PDF letters are drawn with (Debian's fonts-noto-cjk).
fonts:
	@if ! ls /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc >/dev/null 2>&1; then \
		echo "installing fonts-noto-cjk"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk >/dev/null; \
	fi

# Debian's redis-server: the state store make run starts for itself (quanyi_app/launcher.py).
# Without it (no root to install it), make run still serves, on one process's memory.
redis:
	@if ! command -v redis-server >/dev/null; then \
		echo "installing redis-server"; \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null) \
			|| echo "redis-server could not be installed: make run falls back to one process"; \
	fi

# Debian's Chromium, a CJK font, poppler and redis-server for the browser and PDF tests (root, no sudo).
browser-deps:
	@if [ ! -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep -qi 'Noto Sans CJK' || ! command -v pdftoppm >/dev/null \
		|| ! command -v redis-server >/dev/null; then \
		echo "installing chromium, fonts-noto-cjk, poppler-utils, redis-server"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk poppler-utils redis-server >/dev/null; \
	fi

setup: install fonts redis
	$(VPY) -m quanyi_app.cli setup

# The address people open; links, the session cookie's Secure flag and CORS follow it.
run setup: export QUANYI_PUBLIC_URL ?= http://localhost:$(PORT)

# The production build on one port, with its private Redis state store and worker processes.
run: setup
	$(VPY) -m quanyi_app.cli run --port $(PORT)

LINT_PATHS := quanyi_app tests bench alembic rxconfig.py

# The code's shape and style: ruff (lint + format) and the import-linter contracts in .importlinter.
lint: install-test
	$(VENV)/bin/ruff check $(LINT_PATHS)
	$(VENV)/bin/ruff format --check $(LINT_PATHS)
	$(VENV)/bin/lint-imports

test: install-test lint
	$(VPY) -m pytest $(PYTEST_ARGS)

$(VENV)/.stamp-bench: $(STAMP) pyproject.toml
	$(VPY) -m pip install --quiet --disable-pip-version-check -e '.[test,bench]'
	touch $@

bench: install $(VENV)/.stamp-bench redis browser-deps
	$(VPY) bench/run_all.py

clean:
	rm -rf $(VENV) $(BUN_DIR) .web .states
