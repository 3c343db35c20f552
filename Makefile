# Quire: `make run` and `make test` are the two commands a new machine needs.
# Each installs what is missing first (scripts/deps.txt: Debian/Ubuntu
# packages, crates, PyPI packages; then the UI's Node modules), so they work on
# a fresh machine, as root or as a user with sudo.

SHELL := /bin/bash
.DEFAULT_GOAL := run

# Builds live outside the clone so CI and fresh clones reuse them.
export CARGO_TARGET_DIR ?= $(HOME)/.cache/quire/target
APP_BIN := $(CARGO_TARGET_DIR)/debug/quire-app
CLI_BIN := $(CARGO_TARGET_DIR)/debug/quire
# Root installs packages itself; anyone else through sudo.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# What cargo install and pip install --user put in the home folder.
export PATH := $(HOME)/.cargo/bin:$(HOME)/.local/bin:$(PATH)
# Which stages' tools `make deps` installs (scripts/deps.txt); each target
# that needs more says so.
DEPS_STAGES ?= build
MAKE_STAGE = @scripts/stage.sh run
SUBMAKE = $(MAKE) --no-print-directory

.PHONY: run test deps ui build lint test-rust test-ui test-e2e bench profile fuzz package screenshot clean

deps:
	@scripts/install-deps.sh $(DEPS_STAGES)

ui/node_modules/.package-lock.json: ui/package-lock.json
	cd ui && npm ci --no-audit --no-fund
	@touch $@

ui: ui/node_modules/.package-lock.json
	cd ui && npm run build

build: deps ui
	cargo build -p quire -p quire-app

run: build
	$(APP_BIN) $(if $(LIBRARY),--library "$(LIBRARY)")

lint: deps ui/node_modules/.package-lock.json
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets -- -D warnings
	cd ui && npm run check

test-rust:
	@set -o pipefail; cargo test --workspace 2>&1 | tee $(CARGO_TARGET_DIR)/rust-tests.log; \
	  awk '/^test result:/ {p+=$$4; f+=$$6} END {printf "rust: %d passed, %d failed\n", p, f}' $(CARGO_TARGET_DIR)/rust-tests.log

test-ui: ui/node_modules/.package-lock.json
	cd ui && npm test

test-e2e: DEPS_STAGES = build test
test-e2e: build
	QUIRE_APP_BIN=$(APP_BIN) tests/e2e/run.sh

# Every suite, one stage after another; each prints its own summary line, and
# the end shows how long each stage took (the first run builds everything:
# expect half an hour on two cores, most of it the first Tauri build).
test:
	@scripts/stage.sh begin "make test"
	$(MAKE_STAGE) install $(SUBMAKE) deps DEPS_STAGES="build test"
	$(MAKE_STAGE) ui $(SUBMAKE) ui
	$(MAKE_STAGE) build cargo build -p quire -p quire-app
	$(MAKE_STAGE) lint $(SUBMAKE) lint
	$(MAKE_STAGE) rust-tests $(SUBMAKE) test-rust
	$(MAKE_STAGE) ui-tests $(SUBMAKE) test-ui
	$(MAKE_STAGE) e2e env QUIRE_APP_BIN=$(APP_BIN) tests/e2e/run.sh
	@scripts/stage.sh end
	@echo "make test: all suites passed"

# Every benchmark, then one table of every figure (bench-results/summary.json
# too). QUICK=1: 10,000 posts only, fewer runs.
bench: DEPS_STAGES = build bench
bench: deps ui
	cargo build --release -p quire-app
	cargo bench -p quire --no-run
	rm -f bench-results/rows.jsonl
	@set -e; for b in preview library watch search export app; do \
	  echo "== bench $$b"; QUICK=$(QUICK) cargo bench -q -p quire --bench $$b; \
	done
	cargo bench -q -p quire --bench summary

# Flamegraphs of the app's benchmark (quick mode) under perf, into
# bench-results/profiles/: where typing, frames and start-up spend their time.
profile: DEPS_STAGES = build bench profile
profile: deps ui
	cargo build --release -p quire-app
	benches/profile.sh

# libFuzzer on each target for FUZZ_SECONDS (default 60) from its seed corpus
# in fuzz/corpus/; what it finds is kept outside the clone (FUZZ_CORPUS) for
# the next run, crashes land in fuzz/artifacts/.
# cargo-fuzz needs nightly flags: RUSTC_BOOTSTRAP=1 allows them on stable.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS := render front_matter slug import_file export_paths
FUZZ_CORPUS ?= $(HOME)/.cache/quire/fuzz-corpus
fuzz: DEPS_STAGES = build fuzz
fuzz: deps
	@set -eo pipefail; for t in $(FUZZ_TARGETS); do \
	  echo "fuzz: $$t for $(FUZZ_SECONDS) s"; mkdir -p $(FUZZ_CORPUS)/$$t; \
	  (cd fuzz && RUSTC_BOOTSTRAP=1 CARGO_TARGET_DIR=$(HOME)/.cache/quire/fuzz-target \
	    cargo fuzz run $$t $(FUZZ_CORPUS)/$$t corpus/$$t -- -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 2>&1 \
	    | grep -E "^(#[0-9]+.*(DONE|pulse)|stat::|INFO: seed|==|SUMMARY)" ); \
	done

package: DEPS_STAGES = build package
package: deps ui
	@scripts/package-deb.sh

# The README's screenshot: the real app under Xvfb with the sample library.
screenshot: DEPS_STAGES = build screenshot
screenshot: build
	@scripts/screenshot.sh $(APP_BIN) docs/screenshot.png

clean:
	cargo clean
	rm -rf ui/dist
