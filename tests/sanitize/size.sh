#!/bin/sh
# Measures the gzip size of widget-guard's Wasm (wasm-bindgen --target web, wasm-opt -Oz,
# gzip -9) and prints it. Run from the repository root with the tools on PATH:
#   export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"; sh tests/sanitize/size.sh
set -eu
cd "$(dirname "$0")/../.."
out=tests/.artifacts/size
rm -rf "$out" && mkdir -p "$out"
cargo build -q --release --target wasm32-unknown-unknown -p widget-guard
wasm-bindgen --target web --out-dir "$out" target/wasm32-unknown-unknown/release/widget_guard.wasm
wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
  "$out/widget_guard_bg.wasm" -o "$out/opt.wasm"
raw=$(wc -c < "$out/opt.wasm")
gz=$(gzip -9 -c "$out/opt.wasm" | wc -c)
js=$(cat "$out/widget_guard.js" "$out"/snippets/*/*.js 2>/dev/null | gzip -9 | wc -c)
echo "wasm after wasm-opt -Oz: $raw bytes, gzip -9: $gz bytes; JS glue + snippets gzip -9: $js bytes"
