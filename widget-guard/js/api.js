// The public API: `WidgetGuard.install(options)` installs every hook synchronously, starts the
// engine and resolves with the guard once it decides. It can be called once: a second call (from
// code that would like a looser policy) gets the first guard back.
const OPTIONS = [
  "csp", "connectDomains", "allow", "redirects", "mode", "apis", "allowApis", "blockApis", "tools", "destructiveTools",
  "toolRateLimit", "confirmTool", "auditLimit", "onAudit", "onViolation", "sanitizeProps", "wasm",
];
const PROP_NAMES = ["toolInput", "toolOutput", "widgetState"];
const RULE_OPTIONS = ["origin", "paths", "methods", "followRedirects"];
let installation = null;

function install(options) {
  if (installation !== null) {
    consoleWarn("widget-guard: install() was already called; the first configuration stays in force");
    return installation;
  }
  let lines;
  let propsOptions;
  try {
    if (options === undefined) options = {};
    lines = configLines(options);
    // A copy: code holding the options object cannot loosen the sanitizer later.
    if (typeof options.sanitizeProps === "object") propsOptions = structuredCloneTop(options.sanitizeProps);
  } catch (error) {
    guardRealm(realm);
    failClosed(error.message);
    return (installation = promiseReject(error));
  }
  // Fetching and compiling the engine happen off the main thread, so they start first and overlap
  // the hooks' installation; nothing settles before this function returns (a precompiled
  // Module settles at once, but widget code cannot run until the hooks are in).
  startEngine(options.wasm || (EMBEDDED_WASM !== null ? base64Bytes(EMBEDDED_WASM) : defaultWasmUrl()), { lines, sanitizeOptions: propsOptions });
  guardRealm(realm);
  onViolation = options.onViolation || null;
  onAudit = options.onAudit || null;
  if (options.sanitizeProps) setGlobalsSanitizer = { options: propsOptions };
  const bridge = {
    sanitize: !!options.sanitizeProps,
    sanitizeOptions: propsOptions,
    confirmTool: options.confirmTool || null,
    destructiveHints: destructiveHints(options.tools),
  };
  gateMcpBridge(bridge);
  watchOpenai((openai, standIn) => {
    if (options.sanitizeProps) sanitizeOpenaiProps(openai, standIn, propsOptions);
    gateBridge(openai, standIn, bridge);
  });
  if (options.sanitizeProps) {
    whenSettled(() => {
      if (engine !== null) dispatchEvent(realm, new CustomEventCtor("openai:set_globals", { detail: { globals: {} } }));
    });
  }
  const mode = options.mode || "enforce";
  installation = new PromiseCtor((resolvePromise, reject) =>
    whenSettled(() => (engine !== null ? resolvePromise(guardApi(mode, propsOptions)) : reject(new ErrorCtor("widget-guard failed closed: " + engineFailure)))),
  );
  return installation;
}

/** The engine embedded in widget-guard.inline.js: loading it needs no connect-src entry, no CORS, no MIME type. */
function base64Bytes(text) {
  if (fromBase64) return fromBase64(text);
  const binary = atobTop(text);
  const bytes = new Uint8ArrayCtor(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = charCodeAt(binary, i);
  return bytes;
}

/** widget-guard.wasm next to the module (MODULE_WASM_URL: a bundler rewrites it) or the classic script. */
function defaultWasmUrl() {
  if (MODULE_WASM_URL !== null) return MODULE_WASM_URL;
  const src = currentScriptSrc || locationHref;
  return stringSlice(src, 0, stringIndexOf(src, "?") < 0 ? src.length : stringIndexOf(src, "?")).replace(/\.js$/, ".wasm");
}

function guardApi(mode, propsOptions) {
  return freeze({
    mode,
    /** A sanitized deep copy of `value` and where each redaction is: `{ value, findings }`. */
    sanitizeProps(value, options) {
      return sanitizeWith(engine, value, options, performanceNow(performanceObject));
    },
    /** `text` with secrets and PII replaced, for log lines. */
    redactText(text, options) {
      return redactWith(engine, text, options);
    },
    /** The host's props (`window.openai.toolInput`, `toolOutput`, `widgetState`), sanitized. */
    props() {
      const openai = realm.openai;
      const props = {};
      for (let i = 0; i < PROP_NAMES.length; i++) {
        const name = PROP_NAMES[i];
        const raw = name in rawProps ? rawProps[name] : openai ? openai[name] : undefined;
        props[name] = raw === undefined || raw === null ? raw : sanitizedCopy(raw, propsOptions);
      }
      return freeze(props);
    },
    /** Decides a request without making it: `{ allowed, reason, violation? }`. */
    check(url, options) {
      const outcome = decideFor(url, options, true);
      return freeze({ allowed: !outcome.violation, reason: outcome.reason, violation: outcome.violation ? freeze(outcome.violation) : undefined });
    },
    /** Whether the guard would let a request through (the wrappers' decision, without the reason). */
    allows(url, options) {
      return (decideFor(url, options, false).bits & VIOLATION) === 0;
    },
    /** The recent decisions and redactions, oldest first; URLs without query or fragment, never a value. */
    audit() {
      return jsonParse(this.exportAudit());
    },
    /** The same, as JSON text (to ship to a log). */
    exportAudit() {
      engine.audit_since(0);
      return readOutput(engine);
    },
  });
}

/** The host's raw props when `sanitizeProps` replaced them on `window.openai` (see sanitizeOpenaiProps). */
const rawProps = { __proto__: null };

const BRIDGE_MEMBERS = [...PROP_NAMES, "callTool", "sendFollowUpMessage", "openExternal"];

/** The object on `object`'s prototype chain that owns `name` (a host may define its bridge as a class), else `object`. */
function holderOf(object, name) {
  for (let holder = object; holder !== null; holder = getPrototypeOf(holder)) if (hasOwn(holder, name)) return holder;
  return object;
}

/**
 * Applies `wrap(bridge, standIn)` to `window.openai` now and to any object the host installs there
 * later. The members are wrapped where they are defined; when one cannot be redefined (a frozen
 * bridge), widget code gets a stand-in that inherits from the bridge, with the gated members as
 * its own (`standIn`, else null).
 */
function watchOpenai(wrap) {
  const apply = (openai) => {
    if (typeof openai !== "object" || openai === null) return openai;
    let frozen = false;
    for (let i = 0; i < BRIDGE_MEMBERS.length; i++) {
      const descriptor = getOwnPropertyDescriptor(holderOf(openai, BRIDGE_MEMBERS[i]), BRIDGE_MEMBERS[i]);
      if (descriptor && !descriptor.configurable && !weakSetHas(wrappers, descriptor.value)) frozen = true;
    }
    const standIn = frozen ? objectCreate(openai) : null;
    try {
      wrap(openai, standIn);
    } catch (error) {
      consoleError("widget-guard: cannot guard window.openai (" + StringCtor(error && error.message) + "); its props and tool calls are not gated");
    }
    return standIn || openai;
  };
  const descriptor = getOwnPropertyDescriptor(realm, "openai");
  if (descriptor && !descriptor.configurable) return void apply(realm.openai);
  let current = apply(realm.openai);
  defineProperty(realm, "openai", {
    get: () => current,
    set(value) {
      current = apply(value);
    },
    configurable: false,
    enumerable: true,
  });
}

/**
 * `install({ sanitizeProps })`: `openai.toolInput`, `toolOutput` and `widgetState` become getters
 * that return sanitized copies (cached per raw value). Until the engine is ready they return
 * `null` (withheld, never raw); once it is, `openai:set_globals` is dispatched so widget code reads
 * them again, as it does when the host updates them.
 */
function sanitizeOpenaiProps(openai, standIn, options) {
  for (let i = 0; i < PROP_NAMES.length; i++) {
    const name = PROP_NAMES[i];
    // Replaced where they are defined (a class's getter too, so it gives no raw value either).
    const holder = holderOf(openai, name);
    const descriptor = getOwnPropertyDescriptor(holder, name);
    rawProps[name] = descriptor ? (descriptor.get ? uncurry(descriptor.get)(openai) : descriptor.value) : undefined;
    let cachedRaw;
    let cached = null;
    defineProperty(standIn || holder, name, {
      get() {
        const raw = rawProps[name];
        if (engine === null || raw === undefined || raw === null) return engine === null ? null : raw;
        if (raw !== cachedRaw) {
          cached = freeze(sanitizedCopy(raw, options));
          cachedRaw = raw;
        }
        return cached;
      },
      set(value) {
        rawProps[name] = value;
      },
      configurable: false,
      enumerable: true,
    });
  }
}

/** With sanitizeProps: the options the props in `openai:set_globals` events are sanitized with (see guardSetGlobals). */
let setGlobalsSanitizer = null;
/** Each `openai:set_globals` event's sanitized detail, so every read gives the same object. */
const sanitizedDetails = new WeakMapCtor();

/**
 * The host announces new props with an `openai:set_globals` event whose `detail.globals` carries
 * them, raw: in every realm, the `detail` getter gives a copy whose props are sanitized as
 * `window.openai`'s are (`null` until the engine is ready). Object spread defines, never sets.
 */
function guardSetGlobals(win) {
  const detail = getter(win.CustomEvent.prototype, "detail");
  lockGetter(win.CustomEvent.prototype, "detail", function () {
    const value = detail(this);
    // Any event's props are sanitized, whatever its type: once dispatched, initEvent() can
    // rename an `openai:set_globals` event and keep its detail.
    if (setGlobalsSanitizer === null || !value || !value.globals) return value;
    let copy = weakMapGet(sanitizedDetails, this);
    if (copy) return copy;
    const globals = { ...value.globals };
    for (let i = 0; i < PROP_NAMES.length; i++) {
      const raw = globals[PROP_NAMES[i]];
      if (raw !== undefined) globals[PROP_NAMES[i]] = engine === null || raw === null ? null : freeze(sanitizedCopy(raw, setGlobalsSanitizer.options));
    }
    copy = { ...value, globals };
    if (engine !== null) weakMapSet(sanitizedDetails, this, copy);
    return copy;
  });
}

/** Tool names declared `{ name, destructiveHint: true }` in `tools` (the MCP tool annotation). */
function destructiveHints(tools) {
  const hints = { __proto__: null };
  for (let i = 0; tools && i < tools.length; i++) if (typeof tools[i] === "object" && tools[i].destructiveHint === true) hints[tools[i].name] = true;
  return hints;
}

/** `guard.check`/`guard.allows`: the URL resolved by the browser's parser, decided without being recorded. */
function decideFor(url, options, explain) {
  const method = options && options.method !== undefined ? stringToUpper(StringCtor(options.method)) : "GET";
  const sink = options && options.kind !== undefined ? StringCtor(options.kind) : "fetch";
  if (!(sink in sinkCodes)) throw new TypeErrorCtor("widget-guard: unknown kind " + sink + "; use one of " + objectKeys(sinkCodes).join(", "));
  const decision = consult(sink, method, urlHrefTop(new URLTop(url, documentBaseURI(topDocument))), explain, false);
  return explain ? decision.outcome : decision;
}

/** Checks the options' shape and writes them as the engine's config lines (see config.rs). */
function configLines(options) {
  if (typeof options !== "object" || options === null) throw new TypeErrorCtor("widget-guard: install() takes an options object");
  const keys = objectKeys(options);
  for (let i = 0; i < keys.length; i++) {
    if (OPTIONS.indexOf(keys[i]) < 0) throw new TypeErrorCtor("widget-guard: unknown option " + keys[i] + "; the options are " + OPTIONS.join(", "));
  }
  let lines = "page\t" + ascii("page", locationHref);
  const csp = typeof options.csp === "string" ? [options.csp] : options.csp;
  if (csp !== undefined) lines += listLines("csp", strings("csp", csp), true);
  if (options.connectDomains !== undefined) lines += "\nconnectDomains" + listLines("", strings("connectDomains", options.connectDomains), false);
  if (options.redirects !== undefined) lines += "\nredirects" + listLines("", strings("redirects", options.redirects), false);
  if (options.allow !== undefined) {
    if (!isArray(options.allow)) throw new TypeErrorCtor("widget-guard: allow must be an array of rules { origin, paths?, methods?, followRedirects? }");
    for (let i = 0; i < options.allow.length; i++) lines += "\nallow\t" + ruleFields("allow[" + i + "]", options.allow[i]);
  }
  if (options.mode !== undefined && options.mode !== "enforce" && options.mode !== "report") throw new TypeErrorCtor('widget-guard: mode must be "enforce" or "report"');
  if (options.mode !== undefined) lines += "\nmode\t" + options.mode;
  if (options.apis !== undefined && options.apis !== "apps-sdk" && options.apis !== "strict") throw new TypeErrorCtor('widget-guard: apis must be "apps-sdk" or "strict"');
  if (options.apis !== undefined) lines += "\napis\t" + options.apis;
  if (options.allowApis !== undefined) lines += "\nallowApis" + listLines("", strings("allowApis", options.allowApis, true), false);
  if (options.blockApis !== undefined) lines += "\nblockApis" + listLines("", strings("blockApis", options.blockApis, true), false);
  if (options.tools !== undefined) lines += "\ntools" + listLines("", toolNames(options.tools), false);
  if (options.destructiveTools !== undefined) lines += "\ndestructiveTools" + listLines("", strings("destructiveTools", options.destructiveTools, true), false);
  const limit = options.toolRateLimit;
  if (limit !== undefined) {
    const whole = (n) => typeof n === "number" && n >= 1 && n % 1 === 0;
    if (typeof limit !== "object" || limit === null || !whole(limit.calls) || !whole(limit.perMs)) throw new TypeErrorCtor("widget-guard: toolRateLimit must be { calls, perMs }, whole numbers of at least 1");
    lines += "\ntoolRateLimit\t" + limit.calls + "\t" + limit.perMs;
  }
  if (options.confirmTool !== undefined && typeof options.confirmTool !== "function") throw new TypeErrorCtor("widget-guard: confirmTool must be a function ({ tool, args }) => Promise<boolean>");
  if (options.auditLimit !== undefined) {
    if (!(options.auditLimit >= 0 && options.auditLimit % 1 === 0)) throw new TypeErrorCtor("widget-guard: auditLimit must be a whole number");
    lines += "\nauditLimit\t" + options.auditLimit;
  }
  if (options.onViolation !== undefined && typeof options.onViolation !== "function") throw new TypeErrorCtor("widget-guard: onViolation must be a function");
  if (options.onAudit !== undefined && typeof options.onAudit !== "function") throw new TypeErrorCtor("widget-guard: onAudit must be a function");
  const sanitize = options.sanitizeProps;
  if (sanitize !== undefined && typeof sanitize !== "boolean" && (typeof sanitize !== "object" || sanitize === null)) {
    throw new TypeErrorCtor("widget-guard: sanitizeProps must be true, false or the sanitizer's options object");
  }
  return lines;
}

/** `tools` entries are names, or `{ name, destructiveHint }` as in an MCP tool's annotations. */
function toolNames(tools) {
  if (!isArray(tools)) throw new TypeErrorCtor("widget-guard: tools must be an array of tool names or { name, destructiveHint }");
  const names = [];
  for (let i = 0; i < tools.length; i++) {
    const tool = tools[i];
    const name = typeof tool === "object" && tool !== null ? tool.name : tool;
    if (typeof name !== "string") throw new TypeErrorCtor("widget-guard: tools[" + i + "] must be a tool name or { name, destructiveHint }");
    names[i] = name;
  }
  return strings("tools", names, true);
}

function ruleFields(field, rule) {
  if (typeof rule !== "object" || rule === null || typeof rule.origin !== "string") throw new TypeErrorCtor("widget-guard: " + field + " must be { origin: string, paths?, methods?, followRedirects? }");
  const keys = objectKeys(rule);
  for (let i = 0; i < keys.length; i++) {
    if (RULE_OPTIONS.indexOf(keys[i]) < 0) throw new TypeErrorCtor("widget-guard: unknown field " + field + "." + keys[i] + "; a rule has " + RULE_OPTIONS.join(", "));
  }
  const list = (name) => (rule[name] === undefined ? "*" : strings(field + "." + name, rule[name], true).join(" "));
  return ascii(field + ".origin", rule.origin) + "\t" + list("paths") + "\t" + list("methods") + "\t" + (rule.followRedirects === true ? "1" : "0");
}

function strings(field, value, noSpaces) {
  if (!isArray(value)) throw new TypeErrorCtor("widget-guard: " + field + " must be an array of strings");
  for (let i = 0; i < value.length; i++) {
    if (typeof value[i] !== "string") throw new TypeErrorCtor("widget-guard: " + field + "[" + i + "] must be a string");
    ascii(field + "[" + i + "]", value[i]);
    if (noSpaces && /\s/.test(value[i])) throw new TypeErrorCtor("widget-guard: " + field + "[" + i + "] must not contain spaces");
  }
  return value;
}

function listLines(key, values, eachOnItsLine) {
  let text = "";
  for (let i = 0; i < values.length; i++) text += eachOnItsLine ? "\n" + key + "\t" + values[i] : "\t" + values[i];
  return text;
}

/** Config values are printable ASCII: CSP is, and international domain names are written in Punycode (xn--…). */
function ascii(field, value) {
  for (let i = 0; i < value.length; i++) {
    const code = charCodeAt(value, i);
    if (code < 0x20 || code > 0x7e) {
      throw new TypeErrorCtor("widget-guard: " + field + " has a control or non-ASCII character at " + i + "; write international domain names in Punycode (xn--…)");
    }
  }
  return value;
}

const WidgetGuard = freeze({ __proto__: null, install, VIOLATION_EVENT });
