# The two commands of the README: `make demo` runs the portal against the built-in demo store,
# `make test` runs the whole test suite. Both set up everything they need first.
SHELL := /bin/bash
VENV := .venv
PYTHON := $(VENV)/bin/python
# axe-core for the browser tests' accessibility checks, pinned in tests/browser/package-lock.json.
AXE := tests/browser/node_modules/axe-core/axe.min.js

.PHONY: demo test lint benchmark setup demo-setup system-packages demo-packages translations lighthouse

demo: demo-setup
	$(PYTHON) -m portal.demo

# Fails when branch coverage of portal/ (the demo aside) falls below the floor, set from the
# figure the suite reached when the floor was introduced (README, "Tests").
COVERAGE_FLOOR := 94

test: setup $(AXE) lint
	$(PYTHON) -m pytest --cov=portal --cov-branch --cov-report=term:skip-covered \
	  --cov-fail-under=$(COVERAGE_FLOOR)

lint: setup
	$(PYTHON) -m ruff check .
	$(PYTHON) -m mypy

# The cached order page against a bare Flask hello under the Procfile's command, first-view CPU,
# lookup latency, Shopify calls and cost points, and memory, against the targets in
# tests/support/benchmark/report.py (README, "Benchmark"). A few minutes, loopback only.
benchmark: setup
	$(PYTHON) -m tests.support.benchmark

# Lighthouse scores of the order page under mobile emulation (README, "Performance and
# accessibility"). Slow and machine-dependent, so not part of `make test`.
lighthouse: setup
	tests/browser/lighthouse.sh

# After changing user-facing text: extract it, merge it into each language's catalog, compile.
# Translate what is new or marked fuzzy in the .po files, then run this again.
translations: setup
	$(VENV)/bin/pybabel extract -F babel.cfg --add-location=file --ignore-dirs=".* node_modules" \
	  --project="Order lookup portal" --version=0.1.0 -o portal/translations/messages.pot .
	$(VENV)/bin/pybabel update -i portal/translations/messages.pot -d portal/translations \
	  --ignore-obsolete
	$(VENV)/bin/pybabel compile -d portal/translations --statistics

# The demo needs Python packages and redis-server only; the tests add browsers, fonts and npm.
demo-setup: demo-packages $(VENV)/.demo-installed
setup: system-packages $(VENV)/.installed

$(AXE): tests/browser/package-lock.json
	npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error
	touch $@

$(VENV)/.demo-installed: requirements.txt requirements-demo.txt
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r requirements-demo.txt
	touch $@

$(VENV)/.installed: $(VENV)/.demo-installed requirements-dev.txt
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

demo-packages:
	@command -v redis-server >/dev/null && exit 0; \
	if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq redis-server; \
	else echo "Please install: redis-server (sudo apt-get install redis-server)"; exit 1; fi

# Debian packages the tests run: a private redis-server (never one already running),
# Debian's Chromium for the browser tests (Playwright never downloads a browser), CJK fonts so
# Japanese pages render, npm for axe-core, Prometheus to scrape /metrics for real, wrk, the
# benchmark's load generator, and nginx, which the slow-client test runs in front of gunicorn with
# deploy/nginx.conf (its own instance on a free port, never the system's service).
system-packages:
	@missing=""; \
	command -v redis-server >/dev/null || missing="$$missing redis-server"; \
	command -v prometheus >/dev/null || missing="$$missing prometheus"; \
	command -v wrk >/dev/null || missing="$$missing wrk"; \
	command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing="$$missing nginx"; \
	[ -x /usr/bin/chromium ] || missing="$$missing chromium"; \
	command -v npm >/dev/null || missing="$$missing npm"; \
	if command -v dpkg-query >/dev/null && ! dpkg-query -W -f='$${Status}' fonts-noto-cjk 2>/dev/null \
	    | grep -q "ok installed"; then missing="$$missing fonts-noto-cjk"; fi; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq $$missing; \
	  else echo "Please install:$$missing (sudo apt-get install$$missing)"; exit 1; fi; \
	fi
