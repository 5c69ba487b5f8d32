#!/bin/sh
# Sets up the machine (idempotent) and runs every test: native Rust suites, the engine compiled to
# wasm32 in headless Chromium, and the differential test against Chromium. `npm test` runs this,
# and so does CI (.ci/run).
set -eu
cd "$(dirname "$0")/.."
sh tests/bootstrap.sh
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "lint: rustfmt and clippy"
cargo fmt --all --check
cargo clippy -q --workspace --all-targets -- -D warnings

step "native tests (unit, conformance, properties, real-world corpus, CLI, doc)"
cargo test -q --workspace

step "engine compiled to wasm32, in headless Chromium"
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner CHROMEDRIVER=/usr/bin/chromedriver \
  cargo test -p csp-tools --no-default-features --target wasm32-unknown-unknown --test wasm

step "differential test against Chromium"
cargo build -q --release -p csp-tools
node tests/differential/run.mjs

# --- widget-guard sanitizer (issue 5): the real wasm-pack nodejs build, run by plain node ---
step "sanitizer in Node (wasm-pack --target nodejs)"
node tests/node/sanitize.test.mjs

step "all tests passed"
