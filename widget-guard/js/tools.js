// The tool-call gate on the widget's bridges to the host: window.openai (the Apps SDK; MCP Apps'
// postMessage bridge is in mcp.js). Tool calls answer to the `tools` allow-list, the rate limit
// and, for destructive tools, the widget's own confirmation dialog (`confirmTool`, since
// window.confirm is blocked); follow-up messages to the rate limit; URLs for the host to open to
// the redirects list. With sanitizeProps, arguments and messages leaving the widget are sanitized
// first.

/**
 * Wraps the bridge methods of one `window.openai` object (the host's, or one it installs later)
 * where they are defined (on its class, for a class), or on `standIn` (see watchOpenai).
 */
function gateBridge(openai, standIn, options) {
  const gate = (name, wrapper) => {
    const method = openai[name];
    if (typeof method !== "function" || weakSetHas(wrappers, method)) return;
    // A method on a class is called on the instance it was called on; a stand-in's, on the bridge.
    lock(standIn || holderOf(openai, name), name, function () {
      return wrapper(method, standIn ? openai : this, arguments);
    });
  };
  gate("callTool", (callTool, bridge, args) => {
    const tool = StringCtor(args[0]); // converted once: what is checked is what is called
    return afterEngine(() => gatedToolCall(tool, args[1], options, (outgoing) => applyFunction(callTool, bridge, [tool, outgoing])));
  });
  gate("sendFollowUpMessage", (followUp, bridge, args) =>
    afterEngine(() => applyFunction(followUp, bridge, [gatedFollowUp("sendFollowUpMessage", args[0], options)])));
  gate("openExternal", (openExternal, bridge, args) =>
    applyFunction(openExternal, bridge, [freeze({ href: gatedExternalUrl("openExternal", args[0] && args[0].href) })]));
}

/** A follow-up message (the rate limit), sanitized if asked; throws the refusal. */
function gatedFollowUp(what, message, options) {
  const decision = decideNow("follow-up", what, locationHref);
  if (!decision.proceed) throw new ErrorCtor("widget-guard refused " + what + ": " + decision.reason);
  return options.sanitize ? sanitizedCopy(message, options.sanitizeOptions) : message;
}

/** A URL for the host to open (the redirects list): the resolved href, or throws the refusal. */
function gatedExternalUrl(what, url) {
  const href = urlHrefTop(new URLTop(url, documentBaseURI(topDocument)));
  const decision = decideNow("open-external", "GET", href);
  if (!decision.proceed) throw new ErrorCtor("widget-guard refused " + what + ": " + decision.reason);
  return href;
}

/** A promise of `run()`'s result once the engine is ready (rejected if the guard failed closed). */
function afterEngine(run) {
  return new PromiseCtor((resolvePromise, reject) =>
    whenSettled(() => {
      try {
        resolvePromise(run());
      } catch (error) {
        reject(error);
      }
    }),
  );
}

/**
 * The gate for one tool call: the allow-list, the rate limit, then for destructive tools the
 * widget's confirmTool. `send(outgoing)` makes the call with the (sanitized) arguments; the
 * result is its result, or a promise of it, or the refusal thrown or rejected.
 */
function gatedToolCall(name, args, options, send) {
  const destructive = options.destructiveHints[name] === true;
  const decision = decideNow(destructive ? "destructive-tool-call" : "tool-call", name, locationHref);
  if (!decision.proceed) throw new ErrorCtor("widget-guard refused the tool call: " + decision.reason);
  const outgoing = options.sanitize ? sanitizedCopy(args === undefined ? {} : args, options.sanitizeOptions) : args;
  if (!decision.needsConsent) return send(outgoing);
  const declined = (why) => {
    decideNow("tool-declined", name, locationHref);
    return new ErrorCtor("widget-guard refused the tool call: " + name + " is destructive and " + why);
  };
  if (options.confirmTool === null) throw declined("install() was given no confirmTool callback to ask the user");
  // What the user confirms is what is sent: a copy the caller cannot change meanwhile (a sanitized one is a copy already).
  const shown = options.sanitize ? outgoing : structuredCloneTop(outgoing);
  return new PromiseCtor((resolvePromise, reject) => {
    let answer;
    try {
      answer = promiseResolve(options.confirmTool(freeze({ tool: name, args: shown })));
    } catch (error) {
      return reject(declined("confirmTool threw: " + StringCtor(error && error.message)));
    }
    promiseThen(
      answer,
      (confirmed) => {
        if (confirmed !== true) return reject(declined("the user did not confirm it"));
        try {
          resolvePromise(send(shown));
        } catch (error) {
          reject(error);
        }
      },
      (error) => reject(declined("confirmTool failed: " + StringCtor(error && error.message))),
    );
  });
}
