# The README's two commands are `make run` and `make test`. `make help` lists every target.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
export QT_QPA_PLATFORM ?= $(if $(DISPLAY)$(WAYLAND_DISPLAY),,offscreen)

.PHONY: help run test install system-deps lint bench bench-deps soak look compile i18n-update have-display dist bundle \
	desktop-install desktop-uninstall constraints
.DEFAULT_GOAL := help

help: ## list the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-18s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml constraints.txt $(wildcard i18n/*/LC_MESSAGES/messages.po) | $(BIN)/python
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	$(BIN)/pybabel compile -d i18n
	touch $@

compile: install ## byte-compile the app (an editable install is not compiled; a wheel install is)
	@$(BIN)/python -m compileall -q configurator ui

install: $(VENV)/.installed ## create .venv and install the app with its test tools

system-deps: ## install the Debian packages (Japanese font, poppler, Qt libraries) when missing
	@bash packaging/install-system-deps.sh

have-display:
	@if [ "$$(uname -s)" = Linux ] && [ -z "$$DISPLAY$$WAYLAND_DISPLAY" ]; then \
	  echo "make run: 画面(ディスプレイ)がありません。デスクトップの端末から実行してください。/ There is no display (DISPLAY and WAYLAND_DISPLAY are unset): run this from a terminal of a desktop session." >&2; \
	  exit 1; fi

run: have-display system-deps install compile ## install what is needed and start the desktop app
	QT_QPA_PLATFORM= $(BIN)/python -m configurator

test: system-deps install ## install what is needed and run the whole test suite (pytest, ruff, mypy)
	$(BIN)/python -m pytest
	$(BIN)/ruff check .
	$(BIN)/mypy

lint: install ## ruff and mypy only
	$(BIN)/ruff check .
	$(BIN)/mypy

# WeasyPrint (the peer baseline of the document benchmarks, the "bench" extra) needs Pango from the system;
# without it, test_bench_peer says it is skipped and why. Never needed by the tests (not in .ci/run).
bench-deps: ## install Pango for WeasyPrint (Debian: libpango-1.0-0 libpangoft2-1.0-0) when missing
	@dpkg -s libpango-1.0-0 libpangoft2-1.0-0 >/dev/null 2>&1 || apt-get install -y libpango-1.0-0 libpangoft2-1.0-0

bench: install compile ## the speed benchmarks (medians), run on demand; with WeasyPrint as the peer baseline
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test,bench]'
	$(BIN)/python -m pytest tests/benchmarks -p no:cacheprovider -s -rs --benchmark-columns=min,median,max,rounds -o addopts=""

soak: install ## random user actions over the whole app for a long run (STEPS=10000 SEED=1): exceptions, memory, slowest steps
	$(BIN)/python -m tests.ui.monkey --steps $(or $(STEPS),10000) --seed $(or $(SEED),1)

i18n-update: install ## extract the UI strings into i18n/messages.pot and merge them into the catalogues
	$(BIN)/pybabel extract -F i18n/babel.cfg -k _ -k N_ --no-wrap --sort-by-file --project iij-configurator --omit-header -o i18n/messages.pot .
	$(BIN)/pybabel update -N -i i18n/messages.pot -d i18n --no-wrap
	$(BIN)/pybabel compile -d i18n

dist: install ## build the sdist and the wheel into dist/ (the wheel from the sdist, catalogues compiled)
	PIP_CONSTRAINT=$(CURDIR)/constraints.txt $(BIN)/python -m build --outdir dist .

bundle: system-deps install ## the PyInstaller one-folder app in dist/iij-configurator/ (size and start time printed)
	$(BIN)/pyinstaller --noconfirm --clean --distpath dist --workpath build/pyinstaller packaging/iij-configurator.spec
	@du -sh dist/iij-configurator
	@IIJ_CONFIGURATOR_EXIT_AFTER_SHOW=1 QT_QPA_PLATFORM=offscreen bash -c 'time dist/iij-configurator/iij-configurator' 2>&1 | grep real

desktop-install: install ## add the app to the desktop menu, with its icon and the *.iij-order.json file type (this user)
	$(BIN)/python -m configurator desktop install

desktop-uninstall: install ## remove what desktop-install added
	$(BIN)/python -m configurator desktop uninstall

constraints: install ## re-pin constraints.txt to the versions installed in .venv (after make test passed)
	{ sed -n '1,/^setuptools==/p' constraints.txt; $(BIN)/python -m pip freeze --exclude-editable \
	  | grep -vE '^(pip|setuptools|iij-configurator)==' | sort -f; } > constraints.txt.new && mv constraints.txt.new constraints.txt

look: install ## render every document kind at 10/300/1,000 sites, with and without issuer, 西暦/和暦, to PNG in out/look
	$(BIN)/python tools/render_all.py out/look $(if $(SIZES),--sizes $(SIZES),)
