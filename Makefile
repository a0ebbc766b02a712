# The two commands of the README: `make demo` runs the portal against the built-in demo store,
# `make test` runs the whole test suite. Both set up everything they need first.
SHELL := /bin/bash
VENV := .venv
PYTHON := $(VENV)/bin/python

.PHONY: demo test setup system-packages

demo: setup
	$(PYTHON) -m portal.demo

test: setup
	$(PYTHON) -m pytest

setup: system-packages $(VENV)/.installed

$(VENV)/.installed: requirements.txt requirements-dev.txt
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

# Debian packages the demo and the tests run: a private redis-server (never one already running).
system-packages:
	@missing=""; \
	command -v redis-server >/dev/null || missing="$$missing redis-server"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq $$missing; \
	  else echo "Please install:$$missing (sudo apt-get install$$missing)"; exit 1; fi; \
	fi
