# One command per task; README and CI use these same targets.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test test-fast lint lock bench system-deps clean

# Exactly the tested versions (requirements.lock, with hashes), then the project itself without resolving again.
$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $(STAMP)

## make demo: install, generate the demo county, load it through the real import path, serve on :8000
demo: $(STAMP)
	$(BIN)/junheng demo serve --seed 2024 --port 8000

## make test: install system packages (chromium, CJK fonts, PostgreSQL, Java), then the whole suite on SQLite and PostgreSQL, one worker per core (test files kept whole, so module fixtures are built once)
test: system-deps $(STAMP)
	$(BIN)/lint-imports --no-logo
	scripts/with-postgres.sh $(BIN)/pytest -q -p no:cacheprovider -n auto --dist loadfile

## quick loop while developing: pure computation only, no database, no browser
test-fast: $(STAMP)
	$(BIN)/pytest -q -m core

system-deps:
	scripts/system-deps.sh

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/lint-imports --no-logo

## refresh requirements.lock from pyproject.toml (newest versions that satisfy it), then `make test`
lock:
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --extra test --extra spark --extra bench --python-version 3.11 --generate-hashes -o requirements.lock

bench: $(STAMP)
	for b in benchmarks/*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) junheng-data .pytest_cache
