// Navigation sinks (window.open, forms, <a ping>, the frame's own navigations) and new realms:
// a same-origin frame or popup has its own, unguarded fetch, so every way to reach one is hooked
// and the realm is guarded before it is handed out.

function guardNavigation(win, resolve) {
  const open = win.open;
  const openWindow = (args) => {
    const url = args[0];
    const href = resolve(url === undefined || url === "" ? "about:blank" : url);
    if (!decideNow("window-open", "GET", href).proceed) return null;
    const opened = applyFunction(open, win, argumentList([href], args));
    guardRealm(opened);
    return opened;
  };
  lock(win, "open", function open_() {
    return openWindow(arguments);
  });
  // document.open(url, name, features), with three arguments, is window.open.
  const documentOpen = win.Document.prototype.open;
  lock(win.Document.prototype, "open", function open_() {
    if (arguments.length > 2) return openWindow(arguments);
    const result = applyFunction(documentOpen, this, arguments);
    restoreListeners(this);
    return result;
  });

  const preventDefault = uncurry(win.Event.prototype.preventDefault);
  const stopImmediatePropagation = uncurry(win.Event.prototype.stopImmediatePropagation);
  const eventTarget = getter(win.Event.prototype, "target");
  const formAction = getter(win.HTMLFormElement.prototype, "action");
  const formMethod = getter(win.HTMLFormElement.prototype, "method");
  const submitter = getter(win.SubmitEvent.prototype, "submitter");
  const hasAttribute = uncurry(win.Element.prototype.hasAttribute);
  const getAttribute = uncurry(win.Element.prototype.getAttribute);
  const setAttribute = uncurry(win.Element.prototype.setAttribute);
  const closest = uncurry(win.Element.prototype.closest);
  const submitterAction = (button) => urlOfAttribute(button, "formaction");
  const urlOfAttribute = (element, name) => resolve(getAttribute(element, name));

  const submitAllowed = (form, button) => {
    const action = button && hasAttribute(button, "formaction") ? submitterAction(button) : formAction(form);
    return decideNow("form-submit", stringToUpper(formMethod(form)), action).proceed;
  };
  // Listeners on the window in the capture phase run before any listener the widget can add.
  const onSubmit = (event) => {
    if (!submitAllowed(eventTarget(event), submitter(event))) {
      preventDefault(event);
      stopImmediatePropagation(event);
    }
  };
  listen(win, false, "submit", onSubmit);
  const submit = win.HTMLFormElement.prototype.submit;
  lock(win.HTMLFormElement.prototype, "submit", function submit_() {
    if (submitAllowed(this, null)) return applyFunction(submit, this, []);
  });

  const querySelector = uncurry(win.Document.prototype.querySelector);
  /** Whether following `link` navigates another window (a popup, a named window, the host), which the widget's navigate event never sees. */
  const opensElsewhere = (link) => {
    // The link's target, else the first <base target>'s (the click is in this window's document). Compared as written: " _self" names a
    // new window, and "_SELF" decided here would be decided again by the navigate event.
    const target = getAttribute(link, "target") ?? getAttribute(querySelector(win.document, "base[target]") ?? link, "target");
    return target !== null && target !== "" && target !== "_self";
  };

  const onClick = (event) => {
    let link = null;
    try {
      link = closest(eventTarget(event), "a[href],area[href],a[*|href]"); // SVG links may use xlink:href
    } catch (_) {
      return; // not an element
    }
    // A link into another window answers to the redirects list, as window.open does; one into
    // the widget's own frame is decided by its navigate event.
    if (link && opensElsewhere(link)) {
      let href = null;
      try {
        href = resolve(getAttribute(link, "href") ?? getAttribute(link, "xlink:href"));
      } catch (_) {
        // an unparsable href navigates nowhere
      }
      if (href !== null && !decideNow("navigation", "GET", href).proceed) {
        preventDefault(event);
        return;
      }
    }
    // Pings are sent when a link (with an href) is followed.
    if (!link || !hasAttribute(link, "ping")) return;
    const urls = stringSplit(stringTrim(getAttribute(link, "ping")), /\s+/);
    let kept = "";
    for (let i = 0; i < urls.length; i++) {
      let href;
      try {
        href = resolve(urls[i]);
      } catch (_) {
        continue; // the browser skips URLs it cannot parse
      }
      if (decideNow("ping", "POST", href).proceed) kept = kept ? kept + " " + href : href;
    }
    setAttribute(link, "ping", kept);
  };
  listen(win, false, "click", onClick);

  const navigation = win.navigation;
  if (navigation) {
    const destinationUrl = getter(win.NavigateEvent.prototype, "destination");
    const entryUrl = getter(win.NavigationDestination.prototype, "url");
    const sameDocument = getter(win.NavigationDestination.prototype, "sameDocument");
    const cancelable = getter(win.Event.prototype, "cancelable");
    const isWidget = win === realm;
    addEventListener(navigation, "navigate", (event) => {
      const destination = destinationUrl(event);
      // Same-document moves (fragments, pushState) load nothing. Form submissions are decided here
      // too: the browser reads the action after the submit event, which a later listener can change.
      if (sameDocument(destination)) return;
      const href = entryUrl(destination);
      // The widget reloading itself loads the guard first. A frame's new document (a reload,
      // another srcdoc, blob: or about:blank) is a new realm whose scripts run before the guard
      // can reach it: every cross-document navigation of a frame is decided.
      if (isWidget && withoutFragment(href) === withoutFragment(locationOf(win))) return;
      if (!decideNow("navigation", "GET", href).proceed && cancelable(event)) preventDefault(event);
    });
  }
  // What each shadow root gets too: a submit does not leave it, and a click on a link inside a
  // closed one reaches the window with the host as its target.
  return ["submit", onSubmit, "click", onClick];
}

/** Per realm (its window), what adds the guard's event listeners again: document.open() erases every listener on the window and its document. */
const listenerRestorers = new WeakMapCtor();
const documentView = getter(realm.Document.prototype, "defaultView");

/** Adds one of the guard's capture listeners to `win` (or its document) and remembers it for restoreListeners. */
function listen(win, onDocument, type, listener) {
  const previous = weakMapGet(listenerRestorers, win);
  const add = () => {
    if (previous) previous(); // (adding a listener that is there already does nothing)
    addEventListener(onDocument ? win.document : win, type, listener, true);
  };
  weakMapSet(listenerRestorers, win, add);
  add();
}

/** After document.open() on `doc` (called, or implied by document.write): the guard's listeners on its realm, back first. */
function restoreListeners(doc) {
  const restore = weakMapGet(listenerRestorers, documentView(doc)); // (the call made on `doc` threw already if it is no document)
  if (restore) restore();
}

/** The number of frames of any window (the guard's own getter: a frame's `length` is the widget's to redefine). */
const framesLength = getter(realm, "length");

/**
 * Guards every same-origin frame below `win`, however deep: one realm's DOM methods can insert a
 * frame into another realm's document, and a frame reached as `window[i]` passes no getter.
 */
function guardDescendants(win) {
  const count = framesLength(win); // (readable on cross-origin windows too: their frames may be ours)
  for (let i = 0; i < count; i++) {
    const child = win[i];
    guardRealm(child);
    guardDescendants(child);
  }
}

/** An iframe's window (the getter as it was before any hook), or null. */
const iframeWindow = getter(realm.HTMLIFrameElement.prototype, "contentWindow");
const rootNode = uncurry(realm.Node.prototype.getRootNode);
const fragmentQueryAll = uncurry(realm.DocumentFragment.prototype.querySelectorAll);
const nodeListLength = getter(realm.NodeList.prototype, "length");
const shadowHost = getter(realm.ShadowRoot.prototype, "host");
const nodeType = getter(realm.Node.prototype, "nodeType");

/** The shadow root `node` is in, or null: frames there are not among window[i]. */
function shadowRootOf(node) {
  try {
    const root = rootNode(node);
    // A fragment (11) may be a shadow root, whose host getter does not throw; a document's nodes, the usual case, cost no exception.
    return nodeType(root) === 11 && shadowHost(root) ? root : null;
  } catch (_) {
    return null; // a fragment that is no shadow root, or not a node (a Range)
  }
}

/** Guards the iframes in a shadow root, and every frame below them (an <object>'s realm comes later: a stated limit). */
function guardFramesIn(root) {
  const frames = fragmentQueryAll(root, "iframe");
  for (let i = 0; i < nodeListLength(frames); i++) {
    const content = iframeWindow(frames[i]);
    if (content) {
      guardRealm(content);
      guardDescendants(content);
    }
  }
}

let pendingRoot = null;

/**
 * After an insertion into a shadow tree (`root`, or null): its frames are guarded once the
 * inserting code has run, in a microtask, so a root is scanned once however many nodes a render
 * inserts. A frame's own document (srcdoc, blob:) runs its scripts in a later task, in the realm
 * guarded by then; the widget reaches a frame sooner only through the getters, which guard it.
 */
function guardFramesSoon(root) {
  if (root === null || root === pendingRoot) return;
  if (pendingRoot === null) {
    // (Not a promise: then() looks up a constructor and its species, which the widget can replace.)
    queueMicrotaskTop(() => {
      const scanned = pendingRoot;
      pendingRoot = null;
      guardFramesIn(scanned);
    });
  } else {
    guardFramesIn(pendingRoot); // another root: the first is scanned now
  }
  pendingRoot = root;
}

function guardFrames(win, rootListeners) {
  const guardChildren = () => guardDescendants(win);
  // A frame inserted without a src fires a synchronous load event before the inserting method
  // returns; this capture listener on the document runs before any listener on the frame.
  listen(win, true, "load", guardChildren);
  // Frames in shadow trees are not among window[i] and their load events stay inside the root:
  // each new root gets the guard's capture listeners.
  const attachShadow = win.Element.prototype.attachShadow;
  lock(win.Element.prototype, "attachShadow", function attachShadow_() {
    const root = applyFunction(attachShadow, this, arguments);
    for (let i = 0; i < rootListeners.length; i += 2) addEventListener(root, rootListeners[i], rootListeners[i + 1], true);
    addEventListener(root, "load", () => guardFramesIn(root), true);
    return root;
  });
  // Getters that hand out a frame's window or document guard the frames first.
  const elements = ["HTMLIFrameElement", "HTMLFrameElement", "HTMLObjectElement"];
  const properties = ["contentWindow", "contentDocument"];
  for (let e = 0; e < elements.length; e++) {
    const proto = win[elements[e]] && win[elements[e]].prototype;
    for (let p = 0; proto && p < properties.length; p++) {
      const original = getOwnPropertyDescriptor(proto, properties[p]);
      if (!original) continue;
      const get = uncurry(original.get);
      lockGetter(proto, properties[p], function () {
        guardChildren();
        const content = get(this);
        // The realm handed out is guarded itself: a frame in a shadow tree is not among window[i].
        const view = content && p === 1 ? documentView(content) : content;
        if (view) {
          guardRealm(view);
          guardDescendants(view);
        }
        return content;
      });
    }
  }
  // Everything that can insert an iframe: once it returns, the new frames (reachable through
  // window[i] without any getter) are guarded.
  const hooks = [
    [win.Node.prototype, ["appendChild", "insertBefore", "replaceChild"]],
    [win.Element.prototype, ["append", "prepend", "after", "before", "replaceWith", "replaceChildren", "insertAdjacentElement", "insertAdjacentHTML", "setHTMLUnsafe"]],
    [win.CharacterData.prototype, ["after", "before", "replaceWith"]],
    [win.DocumentType.prototype, ["after", "before", "replaceWith"]],
    [win.Document.prototype, ["write", "writeln", "append", "prepend", "replaceChildren"]],
    [win.DocumentFragment.prototype, ["append", "prepend", "replaceChildren"]],
    [win.ShadowRoot.prototype, ["setHTMLUnsafe"]],
    [win.Range.prototype, ["insertNode", "surroundContents"]],
  ];
  for (let h = 0; h < hooks.length; h++) {
    const proto = hooks[h][0];
    const names = hooks[h][1];
    for (let i = 0; i < names.length; i++) {
      const original = proto[names[i]];
      if (typeof original !== "function" || !hasOwn(proto, names[i])) continue;
      // document.write on a closed document opens it again, as document.open() does (adding the
      // guard's listeners again after the other Document methods is harmless: they are not doubled).
      const reopens = proto === win.Document.prototype;
      lock(proto, names[i], function () {
        const root = shadowRootOf(this); // found first: replaceWith() and friends detach `this`
        const result = applyFunction(original, this, arguments);
        if (reopens) restoreListeners(this);
        guardChildren();
        guardFramesSoon(root);
        return result;
      });
    }
  }
  const setters = [[win.Element.prototype, "innerHTML"], [win.Element.prototype, "outerHTML"], [win.ShadowRoot.prototype, "innerHTML"], [win.Document.prototype, "body"]];
  for (let i = 0; i < setters.length; i++) {
    const proto = setters[i][0];
    const original = getOwnPropertyDescriptor(proto, setters[i][1]);
    if (!original) continue;
    const set = uncurry(original.set);
    defineProperty(proto, setters[i][1], {
      get: original.get,
      set(value) {
        const root = shadowRootOf(this);
        set(this, value);
        guardChildren();
        guardFramesSoon(root);
      },
      configurable: false,
      enumerable: original.enumerable,
    });
  }
}

function withoutFragment(href) {
  const hash = stringIndexOf(href, "#");
  return hash < 0 ? href : stringSlice(href, 0, hash);
}

function locationOf(win) {
  return documentUrl(win.document);
}

