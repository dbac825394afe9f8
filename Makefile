# Switchboard — `make run` opens the app, `make test` runs every test. Both set up a fresh
# Debian/Ubuntu machine first (scripts/deps.sh).
CARGO_TARGET_DIR ?= $(CURDIR)/target
export CARGO_TARGET_DIR
BIN := $(CARGO_TARGET_DIR)/debug/switchboard
# Debian's Python carries pytest and dbusmock; a pyenv python3 earlier on PATH would not.
PYTHON := /usr/bin/python3

.PHONY: run test test-rust test-ui test-e2e check-windows build deps deps-test deps-bench bench

run: deps build
	$(BIN)

build:
	cargo build

deps:
	@scripts/deps.sh build

deps-test:
	@scripts/deps.sh test

deps-bench:
	@scripts/deps.sh bench

test: deps-test test-rust test-ui test-e2e check-windows

test-rust:
	cargo test

test-ui:
	node --test ui/tests/

test-e2e: build
	cd tests/e2e && $(PYTHON) -m pytest -q

# Most of our users are on Windows: the app must compile for it on every change. Its warnings are
# printed (code that is dead there is a feature Windows lacks); errors fail the run.
check-windows:
	cargo check --target x86_64-pc-windows-gnu -p switchboard

# Figures of the release build: the memory and CPU budget against Chromium, notification
# latency, contact search.
bench: deps-bench
	cargo build --release
	cargo bench --bench contacts
	SWITCHBOARD_BIN=$(CARGO_TARGET_DIR)/release/switchboard $(PYTHON) tests/bench/budget.py
	SWITCHBOARD_BIN=$(CARGO_TARGET_DIR)/release/switchboard $(PYTHON) tests/bench/inbox.py
