# stcat: the two set-up commands of the README are `make demo` and `make test`.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install lint demo test test-unit test-integration test-flows ckan-up ckan-down bench eval clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

## README command 1: the main job on the embedded defaults (sample portal -> local catalog)
# Its deliberate rejects are findings listed in the summary: it exits 0 (1 only if a source failed).
demo: $(STAMP)
	$(BIN)/stcat demo

## README command 2: the whole test suite (unit, flows, integration) against a real CKAN stack,
## which it brings up first (a second call finds it running: ~1 s). A missing CKAN fails, never skips.
test: $(STAMP) ckan-up
	STCAT_REQUIRE_CKAN=1 $(BIN)/pytest -q

## ruff: lint and format check (configuration in pyproject.toml)
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test-unit: $(STAMP)
	$(BIN)/pytest -q tests/unit

test-flows: $(STAMP)
	$(BIN)/pytest -q tests/flows

test-integration: $(STAMP)
	$(BIN)/pytest -q tests/integration

bench: $(STAMP)
	$(BIN)/python bench/run_all.py

## task extraction accuracy on the labelled corpus tests/eval/cases (per field, per file; docs/ACCURACY.md)
eval: $(STAMP)
	$(BIN)/python tests/eval/score.py

clean:
	rm -rf var/warehouse var/catalog var/staging var/raw var/state var/rejects

## the real CKAN stack on loopback (deploy/ckan/README.md); writes var/ckan/env
ckan-up:
	bash deploy/ckan/up.sh

ckan-down:
	bash deploy/ckan/down.sh
