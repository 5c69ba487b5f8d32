#!/bin/sh
# Fuzz smoke run for CI: builds every cargo-fuzz target in fuzz/ and runs each for a few seconds
# (FUZZ_SMOKE_SECONDS, default 10) on its seeds and on the inputs it once crashed on
# (fuzz/regressions/<target>/). Fails on any crash, timeout or out-of-memory, printing the
# fuzzer's report. Needs the pinned nightly toolchain (../nightly-toolchain; cargo-fuzz builds
# with -Zsanitizer) and cargo-fuzz, which tests/bootstrap.sh installs. The 10-minute runs are in the README (Fuzzing).
set -eu
cd "$(dirname "$0")/.."

nightly=$(cat nightly-toolchain)
if ! rustup toolchain list | grep -q "^$nightly" || ! cargo fuzz --version >/dev/null 2>&1; then
  echo "fuzz-smoke: the $nightly toolchain or cargo-fuzz is missing: run sh tests/bootstrap.sh" >&2
  exit 1
fi

# Seeds come from the repository's data (the sanitizer's corpus through its test, which uses the
# workspace's own target directory); the fuzz crate builds in fuzz/target.
node fuzz/seed.mjs
unset CARGO_TARGET_DIR
seconds=${FUZZ_SMOKE_SECONDS:-10}
cargo "+$nightly" fuzz build
for target in $(cargo "+$nightly" fuzz list); do
  inputs="fuzz/corpus/$target"
  [ -d "fuzz/regressions/$target" ] && inputs="$inputs fuzz/regressions/$target"
  dict=fuzz/dict/csp.dict
  [ "$target" = sanitize ] && dict=fuzz/dict/sanitize.dict
  log="fuzz/target/smoke-$target.log"
  # A fixed seed: every run of one build tries the same inputs, so CI fails on a change, not on
  # what a run happened to find (the 10-minute runs explore). $inputs: directories without spaces.
  # shellcheck disable=SC2086
  if cargo "+$nightly" fuzz run "$target" $inputs -- -seed=1 -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 \
    -dict="$dict" >"$log" 2>&1; then
    echo "fuzz-smoke: $target ok: $(grep -E '^#[0-9]+[[:space:]]+DONE' "$log" | tr -s ' \t' ' ')"
  else
    tail -n 60 "$log" >&2
    echo "fuzz-smoke: $target FAILED (full log: $log; the input is in fuzz/artifacts/$target/)" >&2
    exit 1
  fi
done
