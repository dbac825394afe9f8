# Switchboard — `make run` opens the app, `make test` runs every test. Both set up a fresh
# Debian/Ubuntu machine first (scripts/deps.sh).
CARGO_TARGET_DIR ?= $(CURDIR)/target
export CARGO_TARGET_DIR
BIN := $(CARGO_TARGET_DIR)/debug/switchboard
# Debian's Python carries pytest and dbusmock; a pyenv python3 earlier on PATH would not.
PYTHON := /usr/bin/python3

.PHONY: patched run test test-rust test-ui test-e2e test-e2e-loaded check-layers check-windows check-macos test-core-windows build deps deps-test deps-bench bench package test-package icons

run: deps build
	$(BIN)

build: patched
	cargo build

# Cargo.toml points at crates patched by this (see patches/): before any cargo command.
patched:
	@scripts/patch-crates

deps:
	@scripts/deps.sh build

deps-test:
	@scripts/deps.sh test

deps-bench:
	@scripts/deps.sh bench

test: deps-test check-layers test-rust test-ui test-e2e check-windows check-macos test-core-windows test-package

# (The benchmarks are checked too: `cargo test` leaves them out, and a bench that no longer
# compiles is found only by `make bench`.)
test-rust: patched
	cargo test
	cargo check --benches

# The UI's own tests, and no name used in a module that none defines (the modules share one
# `ui` object: a name left behind by a move is caught here, not by a user).
test-ui:
	node --test ui/tests/
	npx --yes eslint@8.57.1 --no-eslintrc --env browser,es2022 --parser-options=ecmaVersion:2022 \
	  --parser-options=sourceType:module --rule 'no-undef: error' --rule 'no-unused-vars: error' --max-warnings 0 ui/*.js

# (stats_history writes a month of statistics for the charts' test.)
test-e2e: deps-test build
	cargo build --example stats_history
	cd tests/e2e && $(PYTHON) -m pytest -q --tb=native

# The end-to-end tests as on a user's busy machine: two busy processes at the lowest priority
# beside them the whole time. Run before each stop.
test-e2e-loaded: build
	scripts/with-load $(MAKE) test-e2e

# The layers of DESIGN.md the compiler does not check.
check-layers: patched
	scripts/check-layers

# Most of our users are on Windows: the app must compile for it on every change, with no warning
# (code that is dead there is a feature Windows lacks).
check-windows: patched
	cargo rustc -p switchboard --lib --profile check --target x86_64-pc-windows-gnu -- -D warnings

# The whole app needs Apple's SDK to build (see DESIGN, Known ground); the core must build for a Mac.
check-macos: patched
	cargo check -p switchboard-core --target aarch64-apple-darwin

# The core's tests, as a Windows program under Wine.
test-core-windows: patched
	CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUNNER=$(CURDIR)/scripts/wine/run cargo test -p switchboard-core --target x86_64-pc-windows-gnu

# Tauri's bundler, at the version of the tauri crate.
TAURI_CLI := npx --yes @tauri-apps/cli@2.12.5

# The Linux installers (.deb and .rpm) of the release build, in $(CARGO_TARGET_DIR)/release/bundle/.
# Windows (.msi, setup .exe) and macOS (.dmg) are built on their own OS: see the README.
package: deps
	cd src-tauri && $(TAURI_CLI) build --bundles deb,rpm

# The .deb installed on this machine, started under Xvfb, and removed (a debug build: the same
# files, without the release build's long link).
test-package: deps-test
	cd src-tauri && $(TAURI_CLI) build --debug --bundles deb
	scripts/test-package $(CARGO_TARGET_DIR)/debug/bundle/deb

# The app's icons in every size and format, drawn again from icons/icon.svg.
icons:
	$(TAURI_CLI) icon icons/icon.svg -o $(CARGO_TARGET_DIR)/icons
	cd $(CARGO_TARGET_DIR)/icons && cp 32x32.png 64x64.png 128x128.png 128x128@2x.png icon.png icon.icns icon.ico $(CURDIR)/icons/

# Figures of the release build: the memory and CPU budget against Chromium, notification
# latency, contact search.
bench: deps-bench
	cargo build --release
	cargo bench --bench contacts
	cargo bench --bench stats
	SWITCHBOARD_BIN=$(CARGO_TARGET_DIR)/release/switchboard $(PYTHON) tests/bench/budget.py
	SWITCHBOARD_BIN=$(CARGO_TARGET_DIR)/release/switchboard $(PYTHON) tests/bench/inbox.py
	$(PYTHON) tests/bench/process_model.py
