// The sanitizer's JavaScript side, shared by the widget loader and the Node entry: values cross
// into the engine as JSON text, and a value JSON cannot carry (a function, undefined, a BigInt,
// NaN, a Map or Set, a cycle) is refused with the key that holds it, never silently dropped.

function toJson(value, what) {
  const refuse = (kind, key) => {
    throw new TypeErrorCtor(what + ": " + kind + " at key " + jsonStringify(StringCtor(key)) + " is not JSON; convert it first");
  };
  function check(key, v) {
    const type = typeof v;
    if (type === "function" || type === "symbol" || type === "bigint" || type === "undefined") refuse("a " + type, key);
    if (type === "number" && !isFiniteNumber(v)) refuse(StringCtor(v), key);
    const original = this == null ? v : this[key];
    if (original instanceof MapCtor || original instanceof SetCtor) refuse("a Map or Set", key);
    return v;
  }
  try {
    return jsonStringify(value, check);
  } catch (error) {
    if (error instanceof TypeErrorCtor && !stringStartsWith(StringCtor(error.message), what)) {
      throw new TypeErrorCtor(what + ": the value is not JSON (" + error.message + "); cycles are refused");
    }
    throw error;
  }
}

/** Runs engine export `name` (`sanitize` or `redact`) on options and text; returns its output or throws what is wrong. `now` times the audit events. */
function callSanitizer(exports, name, options, text, now) {
  const optionsJson = options === undefined || options === null ? "" : toJson(options, name + " options");
  const optionBytes = textEncode(textEncoder, optionsJson);
  writeBytes(exports, [optionBytes, textEncode(textEncoder, text)]);
  const worked = exports[name](optionBytes.length, now);
  const output = readOutput(exports);
  if (!worked) throw new TypeErrorCtor("widget-guard " + name + ": " + output);
  return output;
}

/** `sanitizeProps(value, options?)`: `{ value, findings }`, a sanitized deep copy and where each redaction is (never the value). */
function sanitizeWith(exports, value, options, now) {
  const result = jsonParse(callSanitizer(exports, "sanitize", options, toJson(value, "sanitizeProps"), now));
  deliverAudit();
  return result;
}

/** `redactText(text, options?)`: the text with secrets and PII replaced, for log lines. */
function redactWith(exports, text, options) {
  return callSanitizer(exports, "redact", options, StringCtor(text), 0);
}
