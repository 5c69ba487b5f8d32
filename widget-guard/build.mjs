// Builds the guard a widget loads: dist/widget-guard.js (one minified classic script: the loader
// with the wasm-bindgen glue inlined in its closure), dist/widget-guard.wasm (size-optimised), and
// dist/widget-guard.inline.js (the same script with the Wasm embedded), and
// dist/widget-guard.node.cjs (the sanitizer for Node, on the same Wasm).
//   node widget-guard/build.mjs
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync, copyFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import { transformSync } from "esbuild";

const crate = dirname(fileURLToPath(import.meta.url));
const root = dirname(crate);
const target = join(root, "target");
const dist = join(crate, "dist");
const bindgen = join(target, "widget-guard-bindgen");
const run = (command, args) => execFileSync(command, args, { cwd: root, stdio: "inherit" });

// The `wasm` profile (Cargo.toml) optimises for size; wasm-opt is npm binaryen's (never Debian's).
run("cargo", ["build", "--quiet", "--profile", "wasm", "--target", "wasm32-unknown-unknown", "-p", "widget-guard"]);
run("wasm-bindgen", ["--target", "no-modules", "--out-dir", bindgen, join(target, "wasm32-unknown-unknown", "wasm", "widget_guard.wasm")]);
mkdirSync(dist, { recursive: true });
run(join(root, "node_modules", ".bin", "wasm-opt"), [
  "-Oz", "--strip-debug", "--strip-producers", "--enable-bulk-memory", "--enable-nontrapping-float-to-int",
  join(bindgen, "widget_guard_bg.wasm"), "-o", join(dist, "widget-guard.wasm"),
]);

const source = (name) => readFileSync(join(crate, "js", name), "utf8");
const glue = readFileSync(join(bindgen, "widget_guard.js"), "utf8");
const parts = ["intrinsics.js", glue, "memory.js", "engine.js", "report.js", "sinks.js", "realms.js", "apis.js", "props.js", "tools.js", "api.js"];
const bundle = [
  "/*! widget-guard: load first, as a classic script, then call WidgetGuard.install({...}). */",
  "(function () {",
  '"use strict";',
  "const EMBEDDED_WASM = null;",
  ...parts.map((part) => (part.endsWith(".js") && !part.includes("\n") ? source(part) : part)),
  "})();",
  "",
].join("\n");
// Minified, it is what every widget downloads on every render (size budget: tests/guard/budget.test.mjs).
// widget-guard.js fetches widget-guard.wasm (its origin must be in connect-src); widget-guard.inline.js
// carries the engine in base64 (about 11 KB more gzip) and needs nothing but script-src.
const minify = (text) => transformSync(text, { minify: true, target: "es2020", legalComments: "inline" }).code;
writeFileSync(join(dist, "widget-guard.js"), minify(bundle));
const embedded = readFileSync(join(dist, "widget-guard.wasm")).toString("base64");
writeFileSync(join(dist, "widget-guard.inline.js"), minify(bundle.replace("const EMBEDDED_WASM = null;", `const EMBEDDED_WASM = "${embedded}";`)));
copyFileSync(join(crate, "js", "widget-guard.d.ts"), join(dist, "widget-guard.d.ts"));

// The Node entry (CommonJS, Node 18+): the same Wasm and glue, for sanitizing on a server, e.g.
// an MCP server's structuredContent before it is sent.
const nodePrelude = [
  '"use strict";',
  "const Uint8ArrayCtor = Uint8Array, TypeErrorCtor = TypeError, StringCtor = String, MapCtor = Map, SetCtor = Set;",
  "const jsonStringify = JSON.stringify, jsonParse = JSON.parse, isFiniteNumber = Number.isFinite;",
  "const textDecoder = new TextDecoder(), textEncoder = new TextEncoder();",
  "const textDecode = (decoder, bytes) => decoder.decode(bytes), textEncode = (encoder, text) => encoder.encode(text);",
  "const memoryBuffer = (memory) => memory.buffer, charCodeAt = (text, i) => text.charCodeAt(i);",
  "const stringStartsWith = (text, prefix) => text.startsWith(prefix);",
  "const deliverAudit = () => {}; // no audit trail in Node: there is no guard",
].join("\n");
const nodeEntry = [
  "/*! widget-guard for Node: sanitizeProps and redactText. */",
  nodePrelude,
  glue,
  source("memory.js"),
  source("props.js"),
  'const engine = wasm_bindgen.initSync({ module: new WebAssembly.Module(require("node:fs").readFileSync(require("node:path").join(__dirname, "widget-guard.wasm"))) });',
  "exports.sanitizeProps = (value, options) => sanitizeWith(engine, value, options, performance.now());",
  "exports.redactText = (text, options) => redactWith(engine, text, options);",
  "",
].join("\n");
writeFileSync(join(dist, "widget-guard.node.cjs"), nodeEntry);
console.log(`built widget-guard.js, widget-guard.inline.js, widget-guard.node.cjs and widget-guard.wasm in ${dist}`);
