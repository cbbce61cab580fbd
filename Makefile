# The two commands of the README. Both install what is missing first (scripts/setup.sh).
#   make serve   build the release site and serve it on http://127.0.0.1:8080/
#   make test    every test: native, the SQL export on DuckDB and Spark, a short fuzz run, wasm in headless Chromium,
#                end-to-end with Playwright
SHELL := /bin/bash
export PATH := $(HOME)/.cargo/bin:$(CURDIR)/node_modules/.bin:$(PATH)
# A cargo target directory outside the clone may be reused between runs to save build time.
export CARGO_TARGET_DIR ?= $(CURDIR)/target
PORT ?= 8080
# Python with duckdb and pyspark, for the SQL export's tests (scripts/setup.sh test makes it)
export PERSONA_SQL_VENV ?= $(HOME)/.cache/persona-sql-venv
export PERSONA_SQL_PYTHON ?= $(PERSONA_SQL_VENV)/bin/python

.PHONY: serve build test test-native test-sql test-fuzz fuzz-long test-wasm test-e2e lint bench bench-sql bench-browser bench-e2e bench-journeys bench-workspace setup-build setup-test

setup-build:
	@scripts/setup.sh build

setup-test:
	@scripts/setup.sh test

build: setup-build
	trunk build --release --offline
	python3 scripts/postbuild.py dist

serve: build
	@echo "Persona Studio on http://127.0.0.1:$(PORT)/ (Ctrl+C to stop)"
	cd dist && python3 -m http.server $(PORT) --bind 127.0.0.1

lint:
	cargo fmt --all --check
	cargo clippy --workspace --all-targets -- -D warnings

test-native:
	cargo test --workspace

# the exported SQL on DuckDB and Spark SQL, customer for customer against the core
test-sql:
	cargo test -p persona-core --test sql_engines -- --ignored

# every fuzz target for 30 s from the seed corpora (fuzz/corpus/); `make fuzz-long` for an hour each
test-fuzz:
	scripts/fuzz.sh 30

fuzz-long: setup-test
	scripts/fuzz.sh 3600

test-wasm:
	CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown --test web

test-e2e: build
	node --test --test-concurrency=1 tests/e2e/

test: setup-test lint test-native test-sql test-fuzz test-wasm test-e2e

bench:
	cargo bench -p persona-core

# the exported SQL scoring a million customers on DuckDB (the sample's 1M customers, 8.3M order lines)
bench-sql: setup-test
	cargo build --release -p persona-cli
	mkdir -p $(CARGO_TARGET_DIR)/bench-sql
	cd $(CARGO_TARGET_DIR)/bench-sql && ../release/persona sample --customers 1000000 --out . \
	  && rm -f events.csv feedback.csv \
	  && ../release/persona segment customers.csv orders.csv --k 6 --fit-limit 200000 --sql q.sql --assignments a.csv --compact > /dev/null
	$(PERSONA_SQL_PYTHON) tests/bench/sql_duckdb.py $(CARGO_TARGET_DIR)/bench-sql

bench-browser: build
	node tests/bench/browser.mjs

bench-e2e: build
	node tests/bench/e2e_million.mjs

bench-journeys: build
	node tests/bench/journeys_million.mjs

bench-workspace: build
	node tests/bench/workspace.mjs
