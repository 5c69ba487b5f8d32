// The tool-call gate on window.openai, the Apps SDK's bridge to the host: callTool answers to the
// `tools` allow-list, the rate limit and, for destructive tools, the widget's own confirmation
// dialog (`confirmTool`, since window.confirm is blocked); sendFollowUpMessage to the rate limit;
// openExternal to the redirects list. With sanitizeProps, arguments and messages leaving the
// widget are sanitized first.

/** Wraps the bridge methods of one `window.openai` object (the host's, or one it installs later). */
function gateBridge(openai, options) {
  const callTool = openai.callTool;
  if (typeof callTool === "function") {
    lock(openai, "callTool", function callTool_(name, args) {
      return afterEngine(() => gatedToolCall(openai, callTool, StringCtor(name), args, options));
    });
  }
  const followUp = openai.sendFollowUpMessage;
  if (typeof followUp === "function") {
    lock(openai, "sendFollowUpMessage", function sendFollowUpMessage_(message) {
      return afterEngine(() => {
        const decision = decideNow("follow-up", "sendFollowUpMessage", locationHref);
        if (!decision.proceed) throw new ErrorCtor("widget-guard refused sendFollowUpMessage: " + decision.reason);
        return applyFunction(followUp, openai, [options.sanitize ? sanitizedCopy(message, options.sanitizeOptions) : message]);
      });
    });
  }
  const openExternal = openai.openExternal;
  if (typeof openExternal === "function") {
    lock(openai, "openExternal", function openExternal_(request) {
      const href = urlHrefTop(new URLTop(request && request.href, documentBaseURI(topDocument)));
      const decision = decideNow("open-external", "GET", href);
      if (!decision.proceed) throw new ErrorCtor("widget-guard refused openExternal: " + decision.reason);
      return applyFunction(openExternal, openai, [freeze({ href })]);
    });
  }
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

function gatedToolCall(openai, callTool, name, args, options) {
  const destructive = options.destructiveHints[name] === true;
  const decision = decideNow(destructive ? "destructive-tool-call" : "tool-call", name, locationHref);
  if (!decision.proceed) throw new ErrorCtor("widget-guard refused the tool call: " + decision.reason);
  const outgoing = options.sanitize ? sanitizedCopy(args === undefined ? {} : args, options.sanitizeOptions) : args;
  const send = () => applyFunction(callTool, openai, [name, outgoing]);
  if (!decision.needsConsent) return send();
  const declined = (why) => {
    decideNow("tool-declined", name, locationHref);
    return new ErrorCtor("widget-guard refused the tool call: " + name + " is destructive and " + why);
  };
  if (options.confirmTool === null) throw declined("install() was given no confirmTool callback to ask the user");
  return new PromiseCtor((resolvePromise, reject) => {
    let answer;
    try {
      answer = promiseResolve(options.confirmTool(freeze({ tool: name, args: outgoing })));
    } catch (error) {
      return reject(declined("confirmTool threw: " + StringCtor(error && error.message)));
    }
    promiseThen(
      answer,
      (confirmed) => {
        if (confirmed !== true) return reject(declined("the user did not confirm it"));
        try {
          resolvePromise(send());
        } catch (error) {
          reject(error);
        }
      },
      (error) => reject(declined("confirmTool failed: " + StringCtor(error && error.message))),
    );
  });
}
