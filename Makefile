# Quanyi — two commands do all set-up:
#   make run    install, migrate, load demo data, serve the production build on :3000
#   make test   install (with test tools and Chromium), check the code's shape (ruff, import-linter), run pytest
#   make cluster  the production shape on this machine: PostgreSQL, Redis, two nodes, nginx (deploy/)
# Re-running is quick: stamps skip every step whose inputs did not change.

SHELL := /bin/bash
PY ?= python3.11
VENV := .venv
VPY := $(VENV)/bin/python
STAMP := $(VENV)/.stamp
BUN_DIR := .bun
PORT ?= 3000
CLUSTER_PORT ?= 8080

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

.PHONY: run test lint install install-test browser-deps cluster-deps cluster fonts redis setup clean bench

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

# Debian's PostgreSQL, Redis and nginx: the engines make cluster (and its test) runs on.
cluster-deps:
	@if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || ! command -v redis-server >/dev/null \
		|| ! { command -v nginx >/dev/null || [ -x /usr/sbin/nginx ]; }; then \
		echo "installing postgresql, redis-server, nginx"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql redis-server nginx >/dev/null; \
	fi

# Debian's Chromium, a CJK font, poppler for the browser and PDF tests, and the cluster's engines (root, no sudo).
browser-deps: cluster-deps
	@if [ ! -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep -qi 'Noto Sans CJK' || ! command -v pdftoppm >/dev/null; then \
		echo "installing chromium, fonts-noto-cjk, poppler-utils"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk poppler-utils >/dev/null; \
	fi

setup: install fonts redis
	$(VPY) -m quanyi_app.cli setup

# The address people open; links, the session cookie's Secure flag and CORS follow it.
run setup: export QUANYI_PUBLIC_URL ?= http://localhost:$(PORT)

# The production build on one port, with its private Redis state store and worker processes.
run: setup
	$(VPY) -m quanyi_app.cli run --port $(PORT)

# PostgreSQL, Redis, two app nodes (QUANYI_WORKERS each, default 2) and nginx on http://localhost:$(CLUSTER_PORT)
# (deploy/cluster.py; data in data/cluster). The admin password comes from QUANYI_ADMIN_PASSWORD.
cluster: install fonts cluster-deps
	$(VPY) deploy/cluster.py --port $(CLUSTER_PORT)

LINT_PATHS := quanyi_app tests bench alembic deploy rxconfig.py

# The code's shape and style: ruff (lint + format) and the import-linter contracts in .importlinter.
lint: install-test
	$(VENV)/bin/ruff check $(LINT_PATHS)
	$(VENV)/bin/ruff format --check $(LINT_PATHS)
	$(VENV)/bin/lint-imports

# Two runs: the tests without a browser on both cores (pytest-xdist; each test has its own database),
# then the browser and cluster tests, which share one production build, in order.
# (Exit status 5 = "nothing selected", when PYTEST_ARGS picks tests of one kind only.)
test: install-test lint
	$(VPY) -m pytest -m "not browser" -n 2 $(PYTEST_ARGS) || [ $$? -eq 5 ]
	$(VPY) -m pytest -m browser $(PYTEST_ARGS) || [ $$? -eq 5 ]

$(VENV)/.stamp-bench: $(STAMP) pyproject.toml
	$(VPY) -m pip install --quiet --disable-pip-version-check -e '.[test,bench]'
	touch $@

bench: install $(VENV)/.stamp-bench redis browser-deps cluster-deps
	$(VPY) bench/run_all.py

clean:
	rm -rf $(VENV) $(BUN_DIR) .web .states
