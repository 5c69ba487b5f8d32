// Violations: what a blocked call throws or returns, the `widget-guard:violation` event on the
// document, the `onViolation` callback and the console line. Reports never carry a query or
// fragment (the engine strips them from every URL it reports).
const VIOLATION_EVENT = "widget-guard:violation";
let onViolation = null;
let onAudit = null;
let nextAuditSeq = 0;

/** Hands the audit events recorded since the last call to `onAudit`, the optional sink. */
function deliverAudit() {
  if (onAudit === null || engine === null) return;
  let events;
  try {
    engine.audit_since(nextAuditSeq);
    events = jsonParse(readOutput(engine));
  } catch (error) {
    return stopEngine(error);
  }
  for (let i = 0; i < events.length; i++) {
    nextAuditSeq = events[i].seq + 1;
    try {
      onAudit(freeze(events[i]));
    } catch (error) {
      consoleError("widget-guard: onAudit threw", error);
    }
  }
}

/** Publishes a violation: console, DOM event, callback. */
function publish(outcome) {
  const violation = outcome.violation;
  const report = freeze({ __proto__: null, id: outcome.id, ...violation, reason: outcome.reason });
  if (violation.disposition === "report") consoleWarn("widget-guard: " + outcome.sink + " " + outcome.reason);
  else consoleError("widget-guard: " + outcome.sink + " " + outcome.reason);
  try {
    dispatchEvent(topDocument, new CustomEventCtor(VIOLATION_EVENT, { detail: report }));
  } catch (_) {
    // A widget listener that throws must not stop the guard.
  }
  if (onViolation !== null) {
    try {
      onViolation(report);
    } catch (error) {
      consoleError("widget-guard: onViolation threw", error);
    }
  }
}

/**
 * Decides a request made by a synchronous sink: returns the decision bits, or the error to
 * throw (`errorKind`: TypeError for fetch, else a DOMException name) after publishing it.
 */
function decideNow(sink, method, href) {
  const { bits, outcome } = consult(sink, method, href, false, true);
  if (outcome !== null && outcome.violation) publish(outcome);
  deliverAudit();
  return {
    proceed: (bits & PROCEED) !== 0,
    followRedirects: (bits & FOLLOW_REDIRECTS) !== 0,
    needsConsent: (bits & NEEDS_CONSENT) !== 0,
    reason: outcome ? outcome.reason : "",
  };
}

function refusal(sink, reason, errorKind) {
  const message = "widget-guard refused " + sink + ": " + reason;
  return errorKind === "TypeError" ? new TypeErrorCtor("Failed to fetch: " + message) : new DOMExceptionCtor(message, errorKind);
}
