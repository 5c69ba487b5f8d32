#!/bin/sh
# A short tour of `csp-tools check` on a widget-style policy: what is allowed, what is blocked and why.
set -eu
cd "$(dirname "$0")/../.."
export PATH="$HOME/.cargo/bin:$PATH"
cargo build -q --release -p csp-tools
CSP_TOOLS=./target/release/csp-tools
POLICY="default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self' https://api.example.com/v1/ wss://*.example.com; img-src 'self' data:"
PAGE=https://widget.example.com/
printf '\nPolicy: %s\nPage:   %s\n\n' "$POLICY" "$PAGE"
for case in "fetch https://api.example.com/v1/orders?id=7" "fetch https://api.example.com/admin" \
            "fetch https://evil.example/collect" "websocket wss://live.example.com/feed" \
            "websocket wss://example.com/feed" "img data:image/png;base64,AAAA" "script https://cdn.example.net/lib.js"; do
  kind=${case%% *}; url=${case#* }
  printf '$ csp-tools check --kind %s --url %s\n  ' "$kind" "$url"
  "$CSP_TOOLS" check --policy "$POLICY" --page "$PAGE" --kind "$kind" --url "$url" || true
done
printf '\nBatch mode (JSON Lines in, JSON Lines out):\n'
printf '%s\n' \
  "{\"policies\": [\"$POLICY\"], \"page\": \"$PAGE\", \"url\": \"https://api.example.com/v1/x\"}" \
  "{\"policies\": [\"$POLICY\", \"connect-src 'none'\"], \"page\": \"$PAGE\", \"url\": \"https://api.example.com/v1/x\"}" \
  | "$CSP_TOOLS" check --batch -
printf '\nMore: %s check --help\n' "$CSP_TOOLS"
