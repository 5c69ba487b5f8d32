// The tool-call gate on MCP Apps' bridge: JSON-RPC over `window.parent.postMessage`. A cross-origin
// parent's postMessage cannot be wrapped, so the widget's `parent` becomes a stand-in whose
// postMessage decides first, in every realm, and `MessageEvent.prototype.source` hands out the
// stand-in for the host's messages (the MCP Apps SDK checks `event.source === window.parent`).
// `tools/call` answers to the tool gate, `ui/message` to the follow-up rate limit, `ui/open-link`
// to the redirects list; a refused request gets a JSON-RPC error reply, as if from the host.
// Limit: this gates the bridge as the SDK and well-behaved code use it, not code set on evading
// it: `window.top` cannot be redefined ([LegacyUnforgeable]), and it, or a frame reached through
// it, can be the host's real window. The host must enforce tool permissions too (README).

const hostParent = realm.parent;
const framed = hostParent !== realm;
const hostPostMessage = framed ? hostParent.postMessage : null;
const ancestorOrigins = realm.location.ancestorOrigins;
const hostOrigin = ancestorOrigins && ancestorOrigins.length > 0 ? ancestorOrigins[0] : "";
let mcpOptions = null; // the tool gate's options, once install() has them

const gatedParent = framed
  ? new ProxyCtor(hostParent, {
      get(target, key) {
        if (key === "postMessage") return gatedPostMessage;
        const value = target[key];
        if (value === hostParent) return gatedParent; // parent.self, parent.window, parent.frames
        return typeof value === "function" ? function () { return applyFunction(value, target, arguments); } : value;
      },
    })
  : realm;

/** install(): the tool gate's options. */
function gateMcpBridge(options) {
  mcpOptions = options;
}

/** In each realm: `parent` gives the stand-in for the host, and so does `event.source`. */
function guardHostWindow(win) {
  if (!framed) return;
  const parent = win.parent;
  const descriptor = getOwnPropertyDescriptor(win, "parent");
  defineProperty(win, "parent", { get: () => (parent === hostParent ? gatedParent : parent), configurable: false, enumerable: descriptor ? descriptor.enumerable : true });
  const source = getter(win.MessageEvent.prototype, "source");
  lockGetter(win.MessageEvent.prototype, "source", function () {
    const sender = source(this);
    return sender === hostParent ? gatedParent : sender;
  });
}

/** The stand-in's postMessage: one structured clone (as postMessage makes), decided, then sent. */
function gatedPostMessage(message, targetOrigin, transfer) {
  let origin = targetOrigin;
  let list = transfer;
  if (typeof targetOrigin !== "string") {
    // postMessage(message, { targetOrigin, transfer })
    const options = targetOrigin === undefined || targetOrigin === null ? {} : targetOrigin;
    origin = options.targetOrigin === undefined ? "/" : StringCtor(options.targetOrigin);
    list = options.transfer;
  }
  if (list === undefined) list = [];
  // Getters run once, here, and the guard decides on exactly what is sent; transferred objects
  // keep their identity inside the clone, so the cloned list transfers the cloned ones.
  const snapshot = structuredCloneTop({ message, list }, { transfer: list });
  const data = snapshot.message;
  const send = (outgoing) => applyFunction(hostPostMessage, hostParent, [outgoing, origin, snapshot.list]);
  const method = gatedMethod(data);
  if (method === null) return send(data);
  if (method === "text" || method === "batch") {
    // The SDK sends one object per request; the gate decides only that form, so the others stay home.
    const reason = "blocked: a " + (method === "text" ? "JSON-RPC text message" : "JSON-RPC batch") + " carrying tools/call, ui/message or ui/open-link; send each request as one object for the tool-call gate to decide it";
    return publish(guardOutcome("tool-call", method, locationHref, reason));
  }
  const refused = (error) => replyError(data.id, error);
  promiseThen(afterEngine(() => gatedRequest(method, data, send)), undefined, refused);
}

const GATED_METHODS = { __proto__: null, "tools/call": true, "ui/message": true, "ui/open-link": true };

/** The gated method a message carries: as a JSON-RPC object, or smuggled as "text" or in a "batch"; else null. */
function gatedMethod(data) {
  if (typeof data === "string") {
    let parsed;
    try {
      parsed = jsonParse(data);
    } catch (_) {
      return null;
    }
    return gatedMethod(parsed) !== null ? "text" : null;
  }
  if (isArray(data)) {
    for (let i = 0; i < data.length; i++) if (gatedMethod(data[i]) !== null) return "batch";
    return null;
  }
  return typeof data === "object" && data !== null && data.jsonrpc === "2.0" && GATED_METHODS[data.method] === true ? data.method : null;
}

function gatedRequest(method, data, send) {
  if (mcpOptions === null) throw new ErrorCtor("widget-guard refused " + method + ": install() failed, so the guard failed closed");
  const params = typeof data.params === "object" && data.params !== null ? data.params : {};
  if (method === "ui/message") return send(setParams(data, gatedFollowUp("ui/message", params, mcpOptions)));
  if (method === "ui/open-link") {
    params.url = gatedExternalUrl("ui/open-link", params.url);
    return send(setParams(data, params));
  }
  if (typeof params.name !== "string") throw new TypeErrorCtor("widget-guard refused tools/call: params.name must be the tool's name");
  return gatedToolCall(params.name, params.arguments, mcpOptions, (outgoing) => {
    params.arguments = outgoing;
    return send(setParams(data, params));
  });
}

function setParams(data, params) {
  data.params = params;
  return data;
}

/** The JSON-RPC error the widget's pending request receives instead of the host's answer. */
function replyError(id, error) {
  if (id === undefined) return; // a notification: nobody is waiting
  const reply = { jsonrpc: "2.0", id, error: { code: -32000, message: StringCtor(error && error.message) } };
  dispatchEvent(realm, new MessageEventCtor("message", { data: reply, origin: hostOrigin, source: hostParent }));
}
