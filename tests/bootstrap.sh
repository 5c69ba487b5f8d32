#!/bin/sh
# Installs what building and testing this project needs, skipping whatever is already present.
# Safe to run any number of times. What it installs, and why, is listed in ../README.md ("Two commands").
set -eu
cd "$(dirname "$0")/.."

say() { printf '\033[1mbootstrap:\033[0m %s\n' "$*"; }
export PATH="$HOME/.cargo/bin:$PATH"

# --- Rust target for the Wasm builds and browser tests.
if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "wasm32-unknown-unknown target present"
else
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# --- rustfmt and clippy: the test command lints before it tests.
for component in rustfmt clippy; do
  if rustup component list --installed | grep -q "^$component"; then
    say "$component present"
  else
    say "adding the $component component"
    rustup component add "$component"
  fi
done

# --- Debian packages: Chromium + ChromeDriver (never a downloaded browser: this network has none
# to offer), openssl, which makes the browser tests' self-signed certificate, and the web servers
# whose syntax checks `csp-tools generate`'s configs must pass (nginx -t, apache2 -t, caddy adapt).
missing=""
[ -x /usr/bin/chromium ] || missing="$missing chromium"
[ -x /usr/bin/chromedriver ] || missing="$missing chromium-driver"
command -v openssl >/dev/null || missing="$missing openssl"
command -v nginx >/dev/null || missing="$missing nginx-light"
command -v apache2 >/dev/null || missing="$missing apache2"
command -v caddy >/dev/null || missing="$missing caddy"
if [ -z "$missing" ]; then
  say "chromium, chromedriver, openssl, nginx, apache2 and caddy present"
else
  say "installing from Debian:$missing"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  # shellcheck disable=SC2086 # one word per package
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null
fi

# --- wasm-bindgen-cli must equal the wasm-bindgen version in Cargo.lock, or the glue mismatches.
WB_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
[ -n "$WB_VERSION" ] || { echo "bootstrap: no wasm-bindgen in Cargo.lock" >&2; exit 1; }
pids=""
if wasm-bindgen --version 2>/dev/null | grep -q " $WB_VERSION\$"; then
  say "wasm-bindgen-cli $WB_VERSION present"
else
  say "installing wasm-bindgen-cli $WB_VERSION (about 10 min cold)"
  # No --locked: its lockfile pins a crate version the registry no longer has.
  cargo install -q wasm-bindgen-cli --version "=$WB_VERSION" --force & pids="$pids $!"
fi

# --- The pinned nightly toolchain (../nightly-toolchain): it builds the shipped guard's Wasm
# with a size-optimised std (-Zbuild-std, from rust-src; widget-guard/build.mjs) and the fuzz
# targets (cargo-fuzz builds with -Zsanitizer). Pinned, so the Wasm and its size budget do not
# move with each night's compiler.
NIGHTLY=$(cat nightly-toolchain)
if rustup component list --toolchain "$NIGHTLY" --installed 2>/dev/null | grep -q '^rust-src'; then
  say "$NIGHTLY toolchain with rust-src present"
else
  say "installing the $NIGHTLY toolchain (minimal profile, rust-src)"
  rustup toolchain install "$NIGHTLY" --profile minimal --component rust-src
fi
if cargo fuzz --version >/dev/null 2>&1; then
  say "cargo-fuzz present"
else
  say "installing cargo-fuzz (about 3 min cold)"
  (cargo install -q cargo-fuzz --locked || cargo install -q cargo-fuzz) & pids="$pids $!"
fi

# --- npm dependencies: binaryen (wasm-opt; Debian's v108 breaks modules) and playwright-core.
# The stamp is the lockfile that was last installed: reinstall only when the lockfile changes.
if cmp -s package-lock.json node_modules/.bootstrap-lock 2>/dev/null; then
  say "npm dependencies present"
else
  say "installing npm dependencies (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json node_modules/.bootstrap-lock
fi

for pid in $pids; do wait "$pid" || { echo "bootstrap: a cargo install failed" >&2; exit 1; }; done
say "done"
