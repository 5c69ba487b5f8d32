//! The Wasm exports the loader calls. Install-time calls (`configure`, `sink_names`) pass strings
//! through the wasm-bindgen glue, which is safe while no widget code has run. The per-request
//! path passes only numbers: the loader writes the method and URL into [`input_buffer`] with
//! intrinsics it captured at install, so nothing widget code replaces later (`TextEncoder`,
//! `Uint8Array`, `Function.prototype.call`) sits between a request and its decision.

use std::cell::RefCell;

use wasm_bindgen::prelude::wasm_bindgen;

use crate::audit::{AuditEvent, AuditLog};
use crate::config::GuardConfig;
use crate::guard::{Guard, Outcome, SINKS};

/// `decide` result bits.
const PROCEED: u32 = 1;
const VIOLATION: u32 = 2;
const FOLLOW_REDIRECTS: u32 = 4;

struct State {
    guard: Option<Guard>,
    audit: AuditLog,
    input: Vec<u8>,
    output: String,
}

thread_local! {
    static STATE: RefCell<State> = RefCell::new(State {
        guard: None,
        audit: AuditLog::new(0),
        input: Vec::new(),
        output: String::new(),
    });
}

/// The sink names, comma-separated, in the order `decide` numbers them.
#[wasm_bindgen]
pub fn sink_names() -> String {
    SINKS.iter().map(|sink| sink.name()).collect::<Vec<_>>().join(",")
}

/// Configures the guard from the loader's config lines; returns an empty string, or what to fix.
#[wasm_bindgen]
pub fn configure(config: &str) -> String {
    let guard = GuardConfig::from_lines(config).and_then(|config| {
        let limit = config.audit_limit;
        Guard::new(config).map(|guard| (guard, limit))
    });
    STATE.with_borrow_mut(|state| match guard {
        Ok((guard, limit)) => {
            state.guard = Some(guard);
            state.audit = AuditLog::new(limit);
            String::new()
        }
        Err(error) => {
            state.guard = None;
            error.to_string()
        }
    })
}

/// A buffer of `len` bytes for the next request's method and URL; its address in Wasm memory.
#[wasm_bindgen]
pub fn input_buffer(len: usize) -> *mut u8 {
    STATE.with_borrow_mut(|state| {
        state.input.clear();
        state.input.resize(len, 0);
        state.input.as_mut_ptr()
    })
}

/// Decides the request in the input buffer (`method_len` bytes of method, then the URL) for sink
/// number `sink`; returns `PROCEED | VIOLATION | FOLLOW_REDIRECTS` bits (0 when unconfigured).
/// With `explain`, or on a violation, the outcome is left as JSON in the output buffer.
/// With `record`, the decision joins the audit trail at time `now`.
#[wasm_bindgen]
pub fn decide(sink: u32, method_len: usize, now: f64, explain: bool, record: bool) -> u32 {
    STATE.with_borrow_mut(|state| {
        let State { guard, audit, input, output } = state;
        output.clear();
        let (Some(guard), Some(&sink)) = (guard.as_ref(), SINKS.get(sink as usize)) else { return 0 };
        let (method, href) = input.split_at(method_len.min(input.len()));
        let outcome = match (std::str::from_utf8(method), std::str::from_utf8(href)) {
            (Ok(method), Ok(href)) => guard.decide(sink, method, href),
            _ => guard.decide(sink, "", ""),
        };
        if record {
            audit.record(audit_event(&outcome, now));
        }
        if explain || outcome.violation.is_some() {
            outcome.write_json(output);
        }
        flags(&outcome)
    })
}

/// The address of the last outcome's JSON.
#[wasm_bindgen]
pub fn output_ptr() -> *const u8 {
    STATE.with_borrow(|state| state.output.as_ptr())
}

/// The length of the last outcome's JSON.
#[wasm_bindgen]
pub fn output_len() -> usize {
    STATE.with_borrow(|state| state.output.len())
}

/// The audit trail as a JSON array, oldest first.
#[wasm_bindgen]
pub fn audit_json() -> String {
    STATE.with_borrow(|state| state.audit.to_json())
}

fn flags(outcome: &Outcome) -> u32 {
    let mut bits = 0;
    if outcome.proceed {
        bits |= PROCEED;
    }
    if outcome.violation.is_some() {
        bits |= VIOLATION;
    }
    if outcome.follow_redirects {
        bits |= FOLLOW_REDIRECTS;
    }
    bits
}

fn audit_event(outcome: &Outcome, now: f64) -> AuditEvent {
    AuditEvent {
        seq: 0,
        time: now,
        kind: "request",
        sink: outcome.sink,
        method: outcome.method.clone(),
        url: outcome.url.clone(),
        allowed: outcome.proceed,
        violation: outcome.violation.is_some(),
        reason: outcome.reason.clone(),
    }
}
