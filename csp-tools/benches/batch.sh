#!/bin/sh
# Throughput of `csp-tools check --batch`: N JSON Lines cases (default 1,000,000) over a few
# policies and many URLs, timed end to end. Usage: sh csp-tools/benches/batch.sh [N]
set -eu
cd "$(dirname "$0")/../.."
N=${1:-1000000}
cargo build -q --release -p csp-tools
INPUT=$(mktemp)
trap 'rm -f "$INPUT"' EXIT
node -e '
  const n = Number(process.argv[1]);
  const policies = [
    ["default-src '"'"'self'"'"'; connect-src '"'"'self'"'"' https://api.example.com/v1/ wss://*.example.com https://a.example https://b.example https://c.example"],
    ["connect-src https://api.example.com", "default-src '"'"'none'"'"'"],
  ];
  const urls = ["https://api.example.com/v1/items", "https://evil.example/x", "wss://live.example.com/s", "/relative/path", "https://b.example/"];
  const out = [];
  for (let i = 0; i < n; i++) {
    out.push(JSON.stringify({ policies: policies[i % 2], page: "https://app.example.com/", url: urls[i % urls.length] + "?i=" + i, kind: i % 7 ? "fetch" : "websocket" }));
  }
  process.stdout.write(out.join("\n") + "\n");
' "$N" > "$INPUT"
START=$(date +%s%N)
./target/release/csp-tools check --batch "$INPUT" > /dev/null
END=$(date +%s%N)
node -e 'const [n, ns] = [Number(process.argv[1]), Number(process.argv[2])]; console.log(`check --batch: ${n} decisions in ${(ns / 1e9).toFixed(2)} s = ${Math.round(n / ns * 1e9).toLocaleString("en-US")} decisions/s (one thread)`)' "$N" "$((END - START))"
