// The sanitizer's JavaScript side, shared by the widget loader and the Node entry: values cross
// into the engine as JSON text, and a value JSON cannot carry (a function, undefined, a BigInt,
// NaN, a Map or Set, a cycle) is refused with the key that holds it, never silently dropped.
// No widget code may run while a raw value is written (it would see the value): the checks use
// no `instanceof` (Symbol.hasInstance), and JSON.stringify's one lookup on the prototypes, toJSON,
// is refused. The host's props are JSON data: plain objects and arrays, without holes.

function toJson(value, what) {
  if (hasOwn(ObjectPrototype, "toJSON") || hasOwn(ArrayPrototype, "toJSON")) {
    throw new TypeErrorCtor(what + ": Object.prototype or Array.prototype has a toJSON, which would see the raw value; remove it");
  }
  const refuse = (kind, key) => {
    throw new TypeErrorCtor(what + ": " + kind + " at key " + jsonStringify(StringCtor(key)) + " is not JSON; convert it first");
  };
  function check(key, v) {
    const type = typeof v;
    if (type === "function" || type === "symbol" || type === "bigint" || type === "undefined") refuse("a " + type, key);
    if (type === "number" && !isFiniteNumber(v)) refuse(StringCtor(v), key);
    const original = this == null ? v : this[key];
    if (isPrototypeOf(MapPrototype, original) || isPrototypeOf(SetPrototype, original)) refuse("a Map or Set", key);
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

/** What each sanitizer option must be (the engine checks the values: category names, modes, pointers). */
const SANITIZER_OPTIONS = { __proto__: null, categories: "an object of true or false", keepPaths: "an array of JSON pointers", secretKeys: "an array of key names", mode: '"redact", "remove" or "mask"' };

/** The sanitizer's options as the engine reads them, one per line (Options::from_lines); throws what is wrong with their shape. */
function sanitizerLines(options, what) {
  const wrong = (message) => {
    throw new TypeErrorCtor("widget-guard " + what + ": invalid sanitize options: " + message);
  };
  // (A line break or tab would end the value early.)
  const text = (field, value) => {
    let clean = typeof value === "string";
    for (let i = 0; clean && i < value.length; i++) clean = charCodeAt(value, i) >= 0x20;
    return clean ? value : wrong(field + " must be a string without control characters");
  };
  if (options === undefined || options === null) return "";
  if (typeof options !== "object") wrong("expected { categories, keepPaths, secretKeys, mode }");
  let lines = "";
  const keys = objectKeys(options);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    const value = options[key];
    if (key === "categories" && typeof value === "object" && value !== null) {
      const names = objectKeys(value);
      for (let j = 0; j < names.length; j++) {
        const on = value[names[j]];
        if (typeof on !== "boolean") wrong("categories." + names[j] + " must be true or false");
        lines += "\ncategory\t" + text("categories", names[j]) + "\t" + on;
      }
    } else if ((key === "keepPaths" || key === "secretKeys") && isArray(value)) {
      for (let j = 0; j < value.length; j++) lines += "\n" + key + "\t" + text(key + "[" + j + "]", value[j]);
    } else if (key === "mode" && typeof value === "string") {
      lines += "\nmode\t" + text(key, value);
    } else {
      wrong(key in SANITIZER_OPTIONS ? key + " must be " + SANITIZER_OPTIONS[key] : "unknown option '" + key + "' (categories, keepPaths, secretKeys, mode)");
    }
  }
  return lines;
}

/** Runs engine export `name` (`sanitize` or `redact`) on options and text; returns its output or throws what is wrong. `now` times the audit events. */
function callSanitizer(exports, name, options, text, now) {
  const optionBytes = textEncode(textEncoder, sanitizerLines(options, name));
  writeBytes(exports, [optionBytes, textEncode(textEncoder, text)]);
  const worked = exports[name](typedArrayLength(optionBytes), now);
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
