# nrm — two commands: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo demo-xk test lint format messages bench bench-dedup install clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test,spark]'
	touch $(STAMP)

install: $(STAMP) messages

# Compiles the translations (.po → .mo) with polib: no system gettext needed.
messages: $(STAMP)
	$(BIN)/python -m nrm.core.i18n compile

demo: install
	$(BIN)/nrm demo

# The same demo for Kosovo (profile XK, SOP 2013), in its own data directory var/demo-xk.
demo-xk: install
	$(BIN)/nrm demo --jurisdiction XK

lint: $(STAMP)
	$(BIN)/ruff check nrm tests bench
	$(BIN)/ruff format --check nrm tests bench
	$(BIN)/nrm profile check --data-dir $(CURDIR)/var/lint
	$(BIN)/python -m nrm.core.i18n check
	$(BIN)/python -m nrm.core.i18n missing
	$(BIN)/lint-imports

format: $(STAMP)
	$(BIN)/ruff check --fix nrm tests bench
	$(BIN)/ruff format nrm tests bench

# Every test on SQLite; again on PostgreSQL when DATABASE_URL is set, except what cannot
# differ there: browser tests and tests that touch no test database (tests/conftest.py).
# Tests marked `once` (heavy, alike on both) run on PostgreSQL only when it is there.
# One worker per core (pytest-xdist; each worker has its own test database).
test: install lint
	env -u DATABASE_URL $(BIN)/pytest -n auto $(if $(DATABASE_URL),-m "not once")
	@if [ -n "$$DATABASE_URL" ]; then echo "== PostgreSQL: $$DATABASE_URL"; $(BIN)/pytest -n auto -m "not browser"; fi

# `make bench CASES=1000000`: another scale (generated once; add BENCH_ARGS=--reuse to keep it).
CASES ?= 100000
BENCH_ARGS ?=
# De-duplication (bench/dedup.py) at 10,000 and 100,000 records; DEDUP_ARGS=--million adds
# 1,000,000. `make bench-dedup` runs it alone (it needs no database).
DEDUP_ARGS ?=
bench: install
	$(BIN)/python bench/run.py --cases $(CASES) $(BENCH_ARGS)
	$(BIN)/python bench/dedup.py $(DEDUP_ARGS)

bench-dedup: install
	$(BIN)/python bench/dedup.py $(DEDUP_ARGS)

clean:
	rm -rf $(VENV) var
