# The README's two commands are `make run` and `make test`. `make help` lists every target.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
export QT_QPA_PLATFORM ?= $(if $(DISPLAY)$(WAYLAND_DISPLAY),,offscreen)

.PHONY: help run test install system-deps lint bench soak look compile i18n-update
.DEFAULT_GOAL := help

help: ## list the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml $(wildcard i18n/*/LC_MESSAGES/messages.po) | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	$(BIN)/pybabel compile -d i18n
	touch $@

compile: install ## byte-compile the app (an editable install is not compiled; a wheel install is)
	@$(BIN)/python -m compileall -q configurator ui

install: $(VENV)/.installed ## create .venv and install the app with its test tools

system-deps: ## install the Debian packages (Japanese font, poppler, Qt libraries) when missing
	@bash packaging/install-system-deps.sh

run: system-deps install compile ## install what is needed and start the desktop app
	$(BIN)/python -m configurator

test: system-deps install ## install what is needed and run the whole test suite (pytest, ruff, mypy)
	$(BIN)/python -m pytest
	$(BIN)/ruff check .
	$(BIN)/mypy

lint: install ## ruff and mypy only
	$(BIN)/ruff check .
	$(BIN)/mypy

bench: install compile ## the speed benchmarks (medians), run on demand
	$(BIN)/python -m pytest tests/benchmarks -p no:cacheprovider -s --benchmark-columns=min,median,max,rounds -o addopts=""

soak: install ## random user actions over the whole app for a long run (STEPS=10000 SEED=1): exceptions, memory, slowest steps
	$(BIN)/python -m tests.ui.monkey --steps $(or $(STEPS),10000) --seed $(or $(SEED),1)

i18n-update: install ## extract the UI strings into i18n/messages.pot and merge them into the catalogues
	$(BIN)/pybabel extract -F i18n/babel.cfg -k _ -k N_ --no-wrap --sort-by-file --project iij-configurator --omit-header -o i18n/messages.pot .
	$(BIN)/pybabel update -i i18n/messages.pot -d i18n --no-wrap
	$(BIN)/pybabel compile -d i18n

look: install ## render the example PDFs to PNG pages in out/look to look at them
	bash packaging/look.sh
