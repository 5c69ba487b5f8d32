// Builds the npm package's files into dist/ (the top-level package.json publishes them):
//   widget-guard.js          a classic script (load it first, then WidgetGuard.install({...})): the
//                            loader, which instantiates the Wasm itself;
//   widget-guard.mjs         the same as an ES module exporting `install`, for bundlers and
//                            <script type="module">;
//   *.inline.js, *.inline.mjs  the same with the Wasm embedded (no fetch, no connect-src entry);
//   widget-guard.wasm        the engine, size-optimised;
//   widget-guard.node.cjs    the sanitizer for Node, on the same Wasm;
//   *.d.mts, *.d.ts, *.d.cts the types.
//   node widget-guard/build.mjs
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync, copyFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

import { minify } from "terser";

const crate = dirname(fileURLToPath(import.meta.url));
const root = dirname(crate);
const dist = join(root, "dist");
// Cargo's target directory, wherever CARGO_TARGET_DIR puts it.
const target = resolve(root, process.env.CARGO_TARGET_DIR || "target");
const bindgen = join(target, "widget-guard-bindgen");
const run = (command, args, env = process.env) => execFileSync(command, args, { cwd: root, stdio: "inherit", env });

// The engine is built by the pinned nightly in ../nightly-toolchain (tests/bootstrap.sh installs
// it with rust-src), with the `wasm` profile (Cargo.toml: optimised for size), rebuilding std
// for it: build-std with std's `optimize_for_size` and immediate-abort panics (a panic traps with
// no message, which the loader already treats as failing closed) make the gzipped .wasm about
// 10 KB (15%) smaller than stable's prebuilt std. fmt-debug=none empties `{:?}` output: the
// guard never shows Debug output, and its messages are asserted by tests/guard/ on this very
// build. Without reference types there is no externref table for JS to fill, so the module
// imports nothing and the loader instantiates it directly: wasm-bindgen's JS glue is not shipped
// (the exports take and return only numbers; see src/bindings.rs).
const nightly = readFileSync(join(root, "nightly-toolchain"), "utf8").trim();
run("cargo", [
  `+${nightly}`, "build", "--quiet", "-p", "widget-guard", "--lib", "--target", "wasm32-unknown-unknown", "--profile", "wasm",
  "-Zbuild-std=std,panic_abort", "-Zbuild-std-features=optimize_for_size",
], {
  ...process.env,
  RUSTFLAGS: "-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none -Zfmt-debug=none -Ctarget-feature=-reference-types",
});
// The wasm-bindgen that bootstrap installed (the version in Cargo.lock) turns the exports' glue
// descriptions into the final module (its JS output is not used); wasm-opt is npm binaryen's,
// never Debian's.
run("wasm-bindgen", [
  "--target", "no-modules", "--no-typescript", "--out-dir", bindgen,
  join(target, "wasm32-unknown-unknown", "wasm", "widget_guard.wasm"),
]);
mkdirSync(dist, { recursive: true });
// --low-memory-unused lets wasm-opt fold `load(p + c)` (c < 1024) into `load offset=c (p)`, which
// differs only when p + c wraps past 2^32 to a low address; Rust never forms such a pointer.
run(join(root, "node_modules", ".bin", "wasm-opt"), [
  "-Oz", "--converge", "--low-memory-unused", "--strip-debug", "--strip-producers", "--enable-bulk-memory", "--enable-nontrapping-float-to-int",
  join(bindgen, "widget_guard_bg.wasm"), "-o", join(dist, "widget-guard.wasm"),
]);
const wasmBase64 = readFileSync(join(dist, "widget-guard.wasm")).toString("base64");

const source = (name) => readFileSync(join(crate, "js", name), "utf8");
const parts = ["intrinsics.js", "memory.js", "engine.js", "report.js", "sinks.js", "realms.js", "apis.js", "props.js", "tools.js", "mcp.js", "api.js"];
const body = parts.map(source);

/** One flavour of the guard: classic script or ES module, the Wasm fetched or embedded. */
async function guard({ module, inline }) {
  const text = [
    "/*! widget-guard: load it first, then install({...}). */",
    module ? "" : "(function () {",
    '"use strict";',
    `const EMBEDDED_WASM = ${inline ? JSON.stringify(wasmBase64) : "null"};`,
    // The literal `new URL("./…", import.meta.url)` is the pattern bundlers (Vite, webpack, Rollup) rewrite to the emitted asset.
    `const MODULE_WASM_URL = ${module && !inline ? 'new URL("./widget-guard.wasm", import.meta.url).href' : "null"};`,
    ...body,
    module
      ? "export { install, VIOLATION_EVENT };\nexport default WidgetGuard;"
      : 'defineProperty(realm, "WidgetGuard", { value: WidgetGuard, writable: false, configurable: false, enumerable: false });\n})();',
    "",
  ].join("\n");
  // Minified, it is what every widget downloads on every render (size budget: tests/guard/budget.test.mjs).
  // Terser (0.3 KB smaller gzipped than esbuild here), told that reading a property may run code;
  // three passes and hoisted function declarations save another 0.1 KB.
  const minified = await minify(text, { module, compress: { passes: 3, pure_getters: false, hoist_funs: true }, format: { comments: /^!/ } });
  return minified.code;
}
writeFileSync(join(dist, "widget-guard.js"), await guard({ module: false, inline: false }));
writeFileSync(join(dist, "widget-guard.inline.js"), await guard({ module: false, inline: true }));
writeFileSync(join(dist, "widget-guard.mjs"), await guard({ module: true, inline: false }));
writeFileSync(join(dist, "widget-guard.inline.mjs"), await guard({ module: true, inline: true }));
for (const types of ["widget-guard.d.mts", "sanitizer.d.mts", "widget-guard.d.ts", "widget-guard.node.d.cts"]) copyFileSync(join(crate, "js", types), join(dist, types));
writeFileSync(join(dist, "widget-guard.inline.d.mts"), 'export * from "./widget-guard.mjs";\nexport { default } from "./widget-guard.mjs";\n');

// The Node entry (CommonJS, Node 18+): the same Wasm, for sanitizing on a server, e.g.
// an MCP server's structuredContent before it is sent.
const nodePrelude = [
  '"use strict";',
  "const Uint8ArrayCtor = Uint8Array, TypeErrorCtor = TypeError, StringCtor = String;",
  "const ObjectPrototype = Object.prototype, ArrayPrototype = Array.prototype, MapPrototype = Map.prototype, SetPrototype = Set.prototype;",
  "const typedArrayLength = (bytes) => bytes.length, objectKeys = Object.keys, isArray = Array.isArray, hasOwn = Object.hasOwn, isPrototypeOf = (prototype, value) => ObjectPrototype.isPrototypeOf.call(prototype, value);",
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
  source("memory.js"),
  source("props.js"),
  'const engine = new WebAssembly.Instance(new WebAssembly.Module(require("node:fs").readFileSync(require("node:path").join(__dirname, "widget-guard.wasm"))), {}).exports;',
  "exports.sanitizeProps = (value, options) => sanitizeWith(engine, value, options, performance.now());",
  "exports.redactText = (text, options) => redactWith(engine, text, options);",
  "",
].join("\n");
writeFileSync(join(dist, "widget-guard.node.cjs"), nodeEntry);
console.log(`built widget-guard.{js,mjs,inline.js,inline.mjs,node.cjs,wasm} and their types in ${dist}`);
