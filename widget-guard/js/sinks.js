// The hooks: every sink of a realm (the widget's window, or a same-origin frame or popup it
// creates) is replaced by a wrapper that asks the engine first. Wrappers are installed
// non-writable and non-configurable, and each realm's originals are captured before any code of
// that realm can touch them. Code that can run after widget code (wrappers, and guardRealm for
// new frames) uses index loops only: for…of, spread and array destructuring go through
// Array.prototype[Symbol.iterator], which the widget can replace.

/** Records of XMLHttpRequest.open, shared by every realm so an XHR opened in one and sent from another is still checked. */
const xhrTargets = new WeakMapCtor();
/** Every wrapper the guard installed: a realm whose fetch is one of these is guarded already. */
const wrappers = new WeakSetCtor();

function lock(target, name, value) {
  const original = getOwnPropertyDescriptor(target, name);
  weakSetAdd(wrappers, value);
  defineProperty(target, name, { value, writable: false, configurable: false, enumerable: original ? original.enumerable : false });
}

function lockGetter(target, name, get) {
  const original = getOwnPropertyDescriptor(target, name);
  if (!original || !original.get) return;
  defineProperty(target, name, { get, set: original.set, configurable: false, enumerable: original.enumerable });
}

/** Makes `Wrapper` stand in for constructor `Original`: same prototype, same statics, and the prototype's `constructor` points back at the wrapper. */
function standIn(Wrapper, Original) {
  defineProperty(Wrapper, "prototype", { value: Original.prototype, writable: false });
  defineProperty(Wrapper, "name", { value: Original.name });
  const keys = objectKeys(Original);
  for (let i = 0; i < keys.length; i++) defineProperty(Wrapper, keys[i], { value: Original[keys[i]], enumerable: true });
  lock(Original.prototype, "constructor", Wrapper);
  return Wrapper;
}

/** `leading` followed by the rest of `args`, without assignments an Array.prototype setter could intercept. */
function argumentList(leading, args) {
  for (let i = leading.length; i < args.length; i++) {
    defineProperty(leading, i, { value: args[i], writable: true, enumerable: true, configurable: true });
  }
  return leading;
}

/** Installs the guard's wrappers in a realm; a no-op for realms already guarded or not same-origin. */
function guardRealm(win) {
  try {
    if (!win || weakSetHas(wrappers, win.fetch)) return;
  } catch (_) {
    return; // cross-origin: its own CSP and the iframe sandbox govern it
  }
  const doc = win.document;
  const URLCtor = win.URL;
  const urlHref = getter(URLCtor.prototype, "href");
  const setProtocol = uncurry(getOwnPropertyDescriptor(URLCtor.prototype, "protocol").set);
  const baseURI = () => documentBaseURI(doc);
  const resolve = (url) => urlHref(new URLCtor(url, baseURI()));

  guardFetch(win);
  guardXhr(win, resolve);

  const SOCKET_SCHEMES = { __proto__: null, "http:": "ws:", "https:": "wss:" };
  const urlProtocol = getter(URLCtor.prototype, "protocol");
  const socketHref = (url) => {
    const parsed = new URLCtor(url, baseURI());
    const scheme = SOCKET_SCHEMES[urlProtocol(parsed)];
    if (scheme) setProtocol(parsed, scheme);
    return urlHref(parsed);
  };
  guardConstructor(win, "WebSocket", "websocket", "SecurityError", socketHref);
  guardConstructor(win, "WebSocketStream", "websocket", "SecurityError", socketHref);
  guardConstructor(win, "EventSource", "eventsource", "SecurityError", resolve);
  guardConstructor(win, "Worker", "worker", "SecurityError", resolve);
  guardConstructor(win, "SharedWorker", "worker", "SecurityError", resolve);
  guardConstructor(win, "RTCPeerConnection", "webrtc", "SecurityError", null);
  guardConstructor(win, "webkitRTCPeerConnection", "webrtc", "SecurityError", null);

  const sendBeacon = win.Navigator.prototype.sendBeacon;
  lock(win.Navigator.prototype, "sendBeacon", function sendBeacon_(url, data) {
    const href = resolve(url);
    if (!decideNow("beacon", "POST", href).proceed) return false;
    return applyFunction(sendBeacon, this, arguments.length > 1 ? [href, data] : [href]);
  });

  const rootListeners = guardNavigation(win, resolve);
  guardHostWindow(win);
  guardApis(win);
  guardFrames(win, rootListeners);
  guardSetGlobals(win);
}

function guardFetch(win) {
  const RequestCtor = win.Request;
  const fetchOriginal = uncurry(win.fetch);
  const requestUrl = getter(RequestCtor.prototype, "url");
  const requestMethod = getter(RequestCtor.prototype, "method");
  const requestRedirect = getter(RequestCtor.prototype, "redirect");
  const requestMode = getter(RequestCtor.prototype, "mode");
  const responseType = getter(win.Response.prototype, "type");

  function send(request, href, method, followRedirects) {
    if (followRedirects || requestRedirect(request) !== "follow") return fetchOriginal(win, request);
    if (requestMode(request) === "no-cors") {
      // The browser follows every redirect of a no-cors request ("manual" is not allowed with it).
      const outcome = guardOutcome("fetch", method, href, "blocked: a no-cors request follows redirects, which its allow rule refuses; add followRedirects or drop no-cors");
      publish(outcome);
      throw refusal("fetch", outcome.reason, "TypeError");
    }
    // Follow nothing the allow-list does not cover: fetch with redirect "manual" and refuse a redirect.
    return promiseThen(fetchOriginal(win, redirectManual(request)), (response) => {
      if (responseType(response) !== "opaqueredirect") return response;
      throw refusal("fetch", decideNow("redirect", method, href).reason, "TypeError");
    });
  }

  function decideAndSend(request, href, method) {
    const decision = decideNow("fetch", method, href);
    if (!decision.proceed) return promiseReject(refusal("fetch", decision.reason, "TypeError"));
    return send(request, href, method, decision.followRedirects);
  }

  lock(win, "fetch", function fetch(input, init) {
    // One Request, built once by the browser: what is checked is what is sent, whatever `input`
    // or `init` do on a second read (getters, toString, Request subclasses), and `this` is ignored.
    let request;
    try {
      request = construct(RequestCtor, arguments.length > 1 ? [input, init] : [input]);
    } catch (error) {
      return promiseReject(error);
    }
    const href = requestUrl(request);
    const method = requestMethod(request);
    if (engine !== null || engineFailure !== null) return decideAndSend(request, href, method);
    return new PromiseCtor((resolvePromise, reject) =>
      whenSettled(() => {
        try {
          resolvePromise(decideAndSend(request, href, method));
        } catch (error) {
          reject(error);
        }
      }),
    );
  });

  /**
   * `request` with redirect "manual". The init has no prototype: the Request constructor reads
   * every init member (method, body, headers…), and one inherited from a polluted
   * Object.prototype would change what is sent.
   */
  function redirectManual(request) {
    return construct(RequestCtor, [request, { __proto__: null, redirect: "manual" }]);
  }

  /** A Request built once from `args` and decided like fetch, with redirect "manual" unless its rule follows redirects; throws the refusal. */
  function checkedRequest(args, sink) {
    const request = construct(RequestCtor, args);
    const decision = decideNow("fetch", requestMethod(request), requestUrl(request));
    if (!decision.proceed) throw refusal(sink, decision.reason, "TypeError");
    return decision.followRedirects || requestRedirect(request) !== "follow" ? request : redirectManual(request);
  }

  // fetchLater: a fetch sent later (activateAfter, or when the page goes away), decided now.
  const fetchLater = win.fetchLater;
  if (typeof fetchLater === "function") {
    lock(win, "fetchLater", function fetchLater_(input, init) {
      const request = checkedRequest([input, init], "fetchLater");
      return applyFunction(fetchLater, win, [request, { __proto__: null, activateAfter: init?.activateAfter }]);
    });
  }

  // Cache.add and addAll fetch what they store (add is addAll of one).
  const cache = win.Cache && win.Cache.prototype;
  if (cache) {
    const addAll = cache.addAll;
    const addAll_ = function addAll_(inputs) {
      try {
        const requests = arrayFrom(inputs, (input) => checkedRequest([input], "Cache.add"));
        let i = 0;
        // Handed over through an iterator of the guard's own: the array iterator is the widget's to replace.
        return applyFunction(addAll, this, [{ [symbolIterator]: () => ({ next: () => ({ done: i >= requests.length, value: requests[i++] }) }) }]);
      } catch (error) {
        return promiseReject(error);
      }
    };
    lock(cache, "addAll", addAll_);
    lock(cache, "add", function add_(input) {
      return applyFunction(addAll_, this, [[input]]);
    });
  }
}

function guardXhr(win, resolve) {
  const proto = win.XMLHttpRequest.prototype;
  const open = proto.open;
  const send = proto.send;
  lock(proto, "open", function open_(method, url) {
    const href = resolve(url);
    const name = StringCtor(method); // converted once: what is checked is what is opened
    const result = applyFunction(open, this, argumentList([name, href], arguments));
    // Recorded once the browser accepted it: an open() that throws leaves the earlier target in force.
    weakMapSet(xhrTargets, this, { method: name, href });
    return result;
  });
  lock(proto, "send", function send_(body) {
    const target = weakMapGet(xhrTargets, this);
    const decision = target ? decideNow("xhr", target.method, target.href) : { proceed: false, reason: "blocked: this XMLHttpRequest was not opened through the guard" };
    if (!decision.proceed) throw refusal("xhr", decision.reason, "NetworkError");
    return applyFunction(send, this, arguments.length ? [body] : []);
  });
}

/**
 * Replaces constructor `name` of `win` by a checked stand-in. `toHref` canonicalises its first
 * argument (the URL the constructor connects to); `null` for constructors that take no URL.
 */
function guardConstructor(win, name, sink, errorKind, toHref) {
  const Original = win[name];
  if (typeof Original !== "function") return;
  const existing = Original.prototype.constructor;
  if (weakSetHas(wrappers, existing)) return lock(win, name, existing); // an alias (webkitRTCPeerConnection)
  const Wrapper = function () {
    if (new.target === undefined) throw new TypeErrorCtor("Failed to construct '" + name + "': Please use the 'new' operator");
    const href = toHref === null ? locationHref : toHref(arguments[0]);
    const decision = decideNow(sink, "GET", href);
    if (!decision.proceed) throw refusal(name, decision.reason, errorKind);
    const args = toHref === null || arguments.length === 0 ? argumentList([], arguments) : argumentList([href], arguments);
    return construct(Original, args, new.target);
  };
  lock(win, name, standIn(Wrapper, Original));
}
