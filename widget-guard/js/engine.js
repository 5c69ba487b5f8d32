// The engine: compiling the Wasm, configuring it, and asking it for decisions. Until it is ready,
// requests wait (fetch) or are denied (synchronous sinks); if it cannot start, everything is
// denied and the console says why. Never fail open.
const PROCEED = 1;
const VIOLATION = 2;
const FOLLOW_REDIRECTS = 4;
const NEEDS_CONSENT = 8;

let engine = null; // the Wasm exports, once configured
let engineFailure = null; // why the guard failed closed
const waiting = [];

/** Runs `callback` once the engine is ready or has failed closed. */
function whenSettled(callback) {
  if (engine !== null || engineFailure !== null) callback();
  else waiting[waiting.length] = callback;
}

function settle(exports, failure) {
  engine = exports;
  engineFailure = failure;
  for (let i = 0; i < waiting.length; i++) waiting[i]();
  waiting.length = 0;
}

function failClosed(message) {
  consoleError("widget-guard: failed closed, every request is denied: " + message);
  settle(null, message);
}

/**
 * Compiles and configures the engine; `config` was prepared at install: `lines` (ASCII) and the
 * `sanitizeProps` options, if an object. Widget code
 * runs meanwhile, so each step hands its result straight to the next through the captured
 * `then`, and no callback returns a promise: adopting one would look up a `then` the widget may
 * have replaced.
 */
function startEngine(wasmSource, config) {
  const fail = (error) => failClosed(explainStartFailure(error));
  const compile = (bytes) => promiseThen(compileBytes(bytes), (module) => configureEngine(module, config), fail);
  try {
    if (typeof wasmSource !== "string") {
      if (wasmSource instanceof WasmNamespace.Module) configureEngine(wasmSource, config);
      else compile(wasmSource);
      return;
    }
    const fetchAndCompile = () =>
      promiseThen(callFetch(realm, wasmSource), (response) => {
        if (!responseOk(response)) return fail(new ErrorCtor("fetching " + wasmSource + " answered HTTP " + responseStatus(response)));
        promiseThen(responseArrayBuffer(response), compile, fail);
      }, fail);
    // Streaming compiles while the bytes arrive; it needs the application/wasm MIME type, so any
    // failure retries the plain way, which also produces the error worth reporting.
    promiseThen(compileStreaming(callFetch(realm, wasmSource)), (module) => configureEngine(module, config), fetchAndCompile);
  } catch (error) {
    fail(error);
  }
}

function configureEngine(module, config) {
  let exports;
  try {
    // The module imports nothing (build.mjs), so it is instantiated here through intrinsics;
    // wasm-bindgen's JS glue, which looks globals up when it runs, is not shipped.
    exports = instanceExports(new WasmInstance(module, {}));
    exports.sink_names();
    const names = readOutput(exports);
    let code = 0;
    let start = 0;
    for (let i = 0; i <= names.length; i++) {
      if (i === names.length || charCodeAt(names, i) === 0x2c) {
        sinkCodes[stringSlice(names, start, i)] = code++;
        start = i + 1;
      }
    }
    writeInput(exports, [config.lines]);
    if (!exports.configure()) return failClosed("the guard config is invalid: " + readOutput(exports));
  } catch (error) {
    return failClosed(explainStartFailure(error));
  }
  try {
    // Options the sanitizer refuses would refuse every prop later: they are refused now, saying why.
    if (config.sanitizeOptions !== undefined) callSanitizer(exports, "redact", config.sanitizeOptions, "", 0);
  } catch (error) {
    return failClosed("sanitizeProps: " + error.message);
  }
  settle(exports, null);
}

function explainStartFailure(error) {
  const text = StringCtor(error && error.message);
  if (stringIncludes(text, "unsafe-eval") || stringIncludes(text, "wasm-eval") || stringIncludes(text, "Refused to compile")) {
    return (
      "the page's Content-Security-Policy does not allow WebAssembly. Add 'wasm-unsafe-eval' to script-src " +
      "(csp-tools generate --preset apps-sdk-widget does). Browser error: " + text
    );
  }
  return (
    "the guard's WebAssembly could not be loaded (" + text + "). Use widget-guard.inline.js (the engine embedded), " +
    "or serve widget-guard.wasm next to widget-guard.js and allow its origin in connect-src, or pass install({ wasm })."
  );
}

const sinkCodes = { __proto__: null };

/**
 * Asks the engine about one request. Returns the decision bits and, when `explain` is set or a
 * recorded request is a violation, the outcome object (reason, CSP-shaped violation report).
 */
function consult(sink, method, href, explain, record) {
  if (engine === null) {
    const reason = engineFailure !== null ? "blocked: the guard failed closed: " + engineFailure : "blocked: the guard is still starting (its WebAssembly engine is loading); retry once install() has resolved";
    return { bits: 0, outcome: guardOutcome(sink, method, href, reason) };
  }
  try {
    writeInput(engine, [method, href]);
    const bits = engine.decide(sinkCodes[sink], method.length, performanceNow(performanceObject), !!explain, !!record) >>> 0;
    const outcome = explain || (record && bits & VIOLATION) ? jsonParse(readOutput(engine)) : null;
    return { bits, outcome };
  } catch (error) {
    stopEngine(error);
    return consult(sink, method, href, explain, record);
  }
}

/**
 * After a trap (an allocation that failed, say) the engine's state stays borrowed and every later
 * call would trap too: the guard fails closed instead, so no check can throw where a listener
 * must cancel an event.
 */
function stopEngine(error) {
  failClosed("its WebAssembly engine stopped (" + StringCtor(error && error.message) + "); reload the widget");
}

/** A refusal the guard makes without the engine (not ready, failed closed, a message it cannot decide), shaped as the engine's. */
function guardOutcome(sink, method, href, reason) {
  const url = reportedUrl(href);
  return {
    sink, method, url, proceed: false, followRedirects: false, reason,
    violation: {
      documentURL: reportedUrl(locationHref), blockedURL: url, effectiveDirective: "connect-src",
      violatedDirective: "widget-guard", originalPolicy: "", disposition: "enforce", sink, method,
    },
  };
}

/**
 * `href` as reports show it: no user:password@, no query, no fragment; a hostless URL (data:,
 * javascript:) only as its scheme, since the rest is its content (the engine reports the same).
 */
function reportedUrl(href) {
  const text = StringCtor(href);
  const scheme = stringIndexOf(text, ":") + 1;
  if (stringSlice(text, scheme, scheme + 2) !== "//") return stringSlice(text, 0, scheme);
  let end = scheme + 2;
  let authorityEnd = -1;
  for (; end < text.length; end++) {
    const code = charCodeAt(text, end);
    if (code === 0x3f || code === 0x23) break;
    if (code === 0x2f && authorityEnd < 0) authorityEnd = end;
  }
  const at = stringLastIndexOf(stringSlice(text, 0, authorityEnd < 0 ? end : authorityEnd), "@");
  return stringSlice(text, 0, scheme + 2) + stringSlice(text, at < 0 ? scheme + 2 : at + 1, end);
}

/** A sanitized copy of `value` made by the widget's engine (its redactions join the audit trail). */
function sanitizedCopy(value, options) {
  return sanitizeWith(engine, value, options, performanceNow(performanceObject)).value;
}
