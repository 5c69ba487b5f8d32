#!/bin/sh
# A short tour: generate a widget's CSP, validate it and a weak policy, check requests against it,
# and build widget-guard, which enforces the same engine inside the widget.
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
printf '\n$ csp-tools generate --preset apps-sdk-widget --connect https://api.example.com --resource https://cdn.example.com\n'
GENERATED=$("$CSP_TOOLS" generate --preset apps-sdk-widget --connect https://api.example.com --resource https://cdn.example.com)
printf '%s\n' "$GENERATED"
VALUE=${GENERATED#Content-Security-Policy: }
printf '\n$ csp-tools validate --profile widget "<the generated policy>"\n'
"$CSP_TOOLS" validate --profile widget "$VALUE" || true
printf '\n$ csp-tools validate "script-src * '"'"'unsafe-inline'"'"'"\n'
"$CSP_TOOLS" validate --color never "script-src * 'unsafe-inline'" || true

printf '\nwidget-guard (the same engine in the widget):\n'
PATH="$PWD/node_modules/.bin:$PATH" node widget-guard/build.mjs
ls -l dist | sed 1d
printf '\nMore: %s --help; the widget-guard section of README.md\n' "$CSP_TOOLS"
