# Two commands set up a fresh machine: `make demo` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench clean

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Error: $(PYTHON) not found; install Python 3.11 or run make PYTHON=python3"; exit 2; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	@touch $(STAMP)

# The browser tests drive Debian's chromium (Playwright's own browsers do not run here).
CHROMIUM := /usr/bin/chromium
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)

$(CHROMIUM):
	@echo "Installing Debian's chromium for the browser tests"
	$(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null

# ApacheBench fires `storyline bench serve`'s GET load (a Python client is slower than the server).
AB := /usr/bin/ab
$(AB):
	$(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq apache2-utils >/dev/null

HARBOR := examples/harbor-recall
PUTIN := ../shared/examples/putin-truce

demo: $(STAMP)
	@mkdir -p build
	$(BIN)/storyline compare $(HARBOR)/harbor-gazette.html $(HARBOR)/coastline-daily.txt \
		$(HARBOR)/diario-del-puerto.html $(HARBOR)/faros-limaniou.txt --html build/harbor-recall.html
	@if [ -d $(PUTIN) ]; then \
		echo; echo "=== the real pair in $(PUTIN) ==="; echo; \
		$(BIN)/storyline compare $(PUTIN)/protothema.txt $(PUTIN)/translated-outlet.txt --html build/putin-truce.html; \
	fi
	@echo; echo "=== a library of both bundled stories (build/demo.db) ==="; echo
	@rm -f build/demo.db
	$(BIN)/storyline add examples --db build/demo.db --quiet
	$(BIN)/storyline stories --db build/demo.db
	@echo; echo "=== asking the library ==="; echo
	$(BIN)/storyline ask "How many heaters were recalled?" --db build/demo.db
	@echo; echo "Side-by-side pages: build/harbor-recall.html build/putin-truce.html (open in a browser)"
	@echo "Web app and API: $(BIN)/storyline serve --db build/demo.db   (then http://127.0.0.1:8000/)"

test: $(STAMP) $(CHROMIUM) $(AB)
	$(BIN)/ruff check src tests
	$(BIN)/mypy
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/storyline bench extraction
	$(BIN)/storyline bench compare

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info .pytest_cache .ruff_cache .mypy_cache
