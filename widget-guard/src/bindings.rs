//! The Wasm exports the loader calls. They take and return only numbers: the loader writes its
//! input into [`input_buffer`] and reads answers from the output buffer with intrinsics it
//! captured before any widget code ran. The engine loads asynchronously, after widget code has
//! started, so the string helpers of the wasm-bindgen glue (which look up `TextEncoder`,
//! `String.prototype.charCodeAt`… at call time) must never sit between a request and its decision.

use std::cell::RefCell;

use wasm_bindgen::prelude::wasm_bindgen;

use crate::audit::{AuditEvent, AuditLog};
use crate::config::GuardConfig;
use crate::guard::{Guard, Outcome};
use crate::sanitize::{Options, findings_json, redact_text_with, sanitize_json};
use crate::sink::Sink;

/// `decide` result bits.
const PROCEED: u32 = 1;
const VIOLATION: u32 = 2;
const FOLLOW_REDIRECTS: u32 = 4;
const NEEDS_CONSENT: u32 = 8;

struct State {
    guard: Option<Guard>,
    audit: AuditLog,
    input: Vec<u8>,
    output: String,
}

thread_local! {
    // A const initializer: no lazy-init code per access.
    static STATE: RefCell<State> = const {
        RefCell::new(State { guard: None, audit: AuditLog::new(0), input: Vec::new(), output: String::new() })
    };
}

/// Puts the sink names, comma-separated in the order `decide` numbers them, in the output buffer.
#[wasm_bindgen]
pub fn sink_names() {
    STATE.with_borrow_mut(|state| {
        state.output = crate::joined(Sink::all().map(Sink::name), ",");
    })
}

/// Configures the guard from the config lines in the input buffer. Returns whether it worked;
/// if not, the output buffer says what to fix and every decision denies.
#[wasm_bindgen]
pub fn configure() -> bool {
    STATE.with_borrow_mut(|state| {
        let configured = std::str::from_utf8(&state.input)
            .map_err(|_| "the guard config is not valid UTF-8".to_owned())
            .and_then(|text| GuardConfig::from_lines(text).map_err(|error| error.to_string()))
            .and_then(|config| {
                let limit = config.audit_limit;
                Guard::new(config).map(|guard| (guard, limit)).map_err(|error| error.to_string())
            });
        match configured {
            Ok((guard, limit)) => {
                state.guard = Some(guard);
                state.audit = AuditLog::new(limit);
                state.output.clear();
                true
            }
            Err(message) => {
                state.guard = None;
                state.output = message;
                false
            }
        }
    })
}

/// A buffer of `len` bytes for the next input (a request's method and URL, or the config); its
/// address in Wasm memory.
#[wasm_bindgen]
pub fn input_buffer(len: usize) -> *mut u8 {
    STATE.with_borrow_mut(|state| {
        state.input.clear();
        state.input.resize(len, 0);
        state.input.as_mut_ptr()
    })
}

/// Decides the request in the input buffer (`method_len` bytes of method, then the URL) for sink
/// number `sink`; returns `PROCEED | VIOLATION | FOLLOW_REDIRECTS | NEEDS_CONSENT` bits (0 when
/// unconfigured). For tool calls the method is the tool's name.
/// With `explain`, or a violation to `record`, the outcome is left as JSON in the output buffer.
/// With `record`, the decision joins the audit trail at time `now`.
#[wasm_bindgen]
pub fn decide(sink: u32, method_len: usize, now: f64, explain: bool, record: bool) -> u32 {
    STATE.with_borrow_mut(|state| {
        let State { guard, audit, input, output } = state;
        output.clear();
        let (Some(guard), Some(sink)) = (guard.as_ref(), Sink::from_index(sink as usize)) else { return 0 };
        let (method, href) = input.split_at(method_len.min(input.len()));
        // Invalid UTF-8 (the loader writes 0xFF for non-ASCII) reaches the guard as an unparsable URL.
        let (method, href) = (std::str::from_utf8(method).unwrap_or(""), std::str::from_utf8(href).unwrap_or(""));
        if !explain && !record && !sink.is_tool_call() {
            let verdict = guard.verdict(sink, method, href);
            return flags(verdict.proceed, verdict.violation, verdict.follow_redirects);
        }
        let outcome =
            if sink.is_tool_call() { guard.decide_tool(sink, method, now) } else { guard.decide(sink, method, href) };
        let id = record.then(|| audit.record(audit_event(sink, &outcome, now)));
        if explain || outcome.violation.is_some() {
            outcome.write_json(output, id);
        }
        flags(outcome.proceed, outcome.violation.is_some(), outcome.follow_redirects)
            | if outcome.needs_consent { NEEDS_CONSENT } else { 0 }
    })
}

/// The address of the output buffer (the last outcome's JSON, an error, the audit trail).
#[wasm_bindgen]
pub fn output_ptr() -> *const u8 {
    STATE.with_borrow(|state| state.output.as_ptr())
}

/// The length of the output buffer.
#[wasm_bindgen]
pub fn output_len() -> usize {
    STATE.with_borrow(|state| state.output.len())
}

/// Puts the audit events from sequence number `first` on, a JSON array oldest first, in the
/// output buffer.
#[wasm_bindgen]
pub fn audit_since(first: u32) {
    STATE.with_borrow_mut(|state| state.output = state.audit.to_json_since(u64::from(first)))
}

fn flags(proceed: bool, violation: bool, follow_redirects: bool) -> u32 {
    (if proceed { PROCEED } else { 0 })
        | (if violation { VIOLATION } else { 0 })
        | (if follow_redirects { FOLLOW_REDIRECTS } else { 0 })
}

fn audit_event(sink: Sink, outcome: &Outcome, now: f64) -> AuditEvent {
    AuditEvent {
        seq: 0,
        time: now,
        kind: match sink {
            Sink::Api(_) => "api",
            _ if sink.is_tool_call() => "tool",
            _ => "request",
        },
        sink: outcome.sink,
        method: outcome.method.clone(),
        url: outcome.url.clone(),
        allowed: outcome.proceed,
        violation: outcome.violation.is_some(),
        reason: outcome.reason.clone(),
    }
}

/// Sanitizes the JSON document in the input buffer, which starts with `options_len` bytes of
/// option lines (see [`Options::from_lines`]; none: defaults). On success the output buffer holds `{"value": …, "findings":
/// […]}` and each redaction joins the audit trail at time `now`; otherwise the output says what
/// is wrong. Returns whether it worked.
#[wasm_bindgen]
pub fn sanitize(options_len: usize, now: f64) -> bool {
    let mut findings = Vec::new();
    let worked = with_options_and_text(options_len, |text, options| {
        let sanitized = sanitize_json(text, options).map_err(|error| error.to_string())?;
        let json = format!("{{\"value\":{},\"findings\":{}}}", sanitized.json, findings_json(&sanitized.findings));
        findings = sanitized.findings;
        Ok(json)
    });
    STATE.with_borrow_mut(|state| {
        for finding in findings {
            state.audit.record(AuditEvent {
                seq: 0,
                time: now,
                kind: "redaction",
                sink: "sanitizeProps",
                method: String::new(),
                url: String::new(),
                allowed: true,
                violation: false,
                reason: format!(
                    "redacted {} at {} ({} confidence)",
                    finding.kind.as_str(),
                    if finding.pointer.is_empty() { "the root" } else { &finding.pointer },
                    finding.confidence.as_str()
                ),
            });
        }
    });
    worked
}

/// Redacts secrets and PII from the text in the input buffer (after `options_len` bytes of
/// option lines) into the output buffer. Returns whether it worked.
#[wasm_bindgen]
pub fn redact(options_len: usize) -> bool {
    with_options_and_text(options_len, |text, options| Ok(redact_text_with(text, options)))
}

/// Splits the input buffer into options and text, runs `f`, and leaves its result or error in
/// the output buffer.
fn with_options_and_text(options_len: usize, f: impl FnOnce(&str, &Options) -> Result<String, String>) -> bool {
    STATE.with_borrow_mut(|state| {
        let (options, text) = state.input.split_at(options_len.min(state.input.len()));
        let result = match (std::str::from_utf8(options), std::str::from_utf8(text)) {
            (Ok(options), Ok(text)) => {
                Options::from_lines(options).map_err(|error| error.to_string()).and_then(|options| f(text, &options))
            }
            _ => Err("the input is not valid UTF-8".to_owned()),
        };
        let worked = result.is_ok();
        state.output = result.unwrap_or_else(|error| error);
        worked
    })
}
