#!/bin/sh
# Sets up the machine (idempotent) and runs every test: native Rust suites, the engine compiled to
# wasm32 in headless Chromium, validate side by side with csp_evaluator, the differential test
# against Chromium, widget-guard in Chromium and Node, the npm package as its consumers use it, and
# the demo site end to end. `npm test` runs this, and so does CI (.ci/run).
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

step "fuzz smoke: every cargo-fuzz target for 10 seconds on its seeds and past crash inputs"
sh tests/fuzz-smoke.sh

step "engine and guard compiled to wasm32, in headless Chromium"
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner CHROMEDRIVER=/usr/bin/chromedriver
cargo test -p csp-tools --no-default-features --target wasm32-unknown-unknown --test wasm
cargo test -p widget-guard --target wasm32-unknown-unknown --test browser

cargo build -q --release -p csp-tools

step "budget: the csp-tools binary validates with no network (a fresh network namespace)"
node --test tests/cli/

step "validate side by side with csp_evaluator 1.1.8 over tests/data/real-csp.txt"
node tests/evaluator/compare.mjs

step "differential test against Chromium"
node tests/differential/run.mjs

step "widget-guard in headless Chromium: every sink, tamper attempts, start-up; size budget"
node widget-guard/build.mjs
node --test --test-timeout=60000 tests/guard/

step "adversarial suite: one bypass class per test, against an installed guard (tests/adversarial/README.md)"
node --test --test-timeout=60000 tests/adversarial/

step "sanitizer in Node (widget-guard.node.cjs, required by plain node)"
node tests/node/sanitize.test.mjs

step "npm package: npm pack, installed into Node, a plain module page and a Vite project"
node --test --test-timeout=120000 tests/package/

step "demo site end to end in headless Chromium"
node --test --test-timeout=60000 tests/demo/

step "all tests passed"
