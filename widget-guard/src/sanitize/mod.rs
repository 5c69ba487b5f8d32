//! # Sanitizer: find secrets and PII in component props and log lines, and redact them
//!
//! Pure Rust over plain data (no Wasm types here; the crate's `bindings.rs` exposes it to JS).
//!
//! * [`scan`] runs one pass over a string: a per-byte prefilter dispatches to hand-written
//!   validators in [`secrets`] (one file per token family) and [`pii`]; overlapping hits are
//!   resolved (secrets before PII, then leftmost-longest).
//! * [`walk`] copies a JSON document token by token: keys, numbers, literals, whitespace and
//!   every string without a finding are copied byte for byte; only strings with findings are
//!   re-encoded. Values under secret-like keys ([`keys`]) also get the generic
//!   high-entropy rule ([`entropy`]).
//!
//! No `regex`: the Unicode tables alone would cost more than the guard's whole size budget.

mod entropy;
mod keys;
mod kind;
mod options;
mod pii;
mod scan;
mod secrets;
mod text;
mod walk;

pub use kind::{Category, Confidence, Kind};
pub use options::{Categories, Mode, Options};
pub use walk::MAX_DEPTH;

/// One detection inside a sanitized document: where and what, never the value itself.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Finding {
    /// RFC 6901 JSON pointer of the string that contained the secret ("" for the root).
    pub pointer: String,
    /// What was found.
    pub kind: Kind,
    /// How sure the detector is (high: checksum or structure verified).
    pub confidence: Confidence,
}

/// The result of [`sanitize_json`]: the sanitized JSON text and the findings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SanitizedJson {
    /// The sanitized document; byte-identical to the input when there is no finding.
    pub json: String,
    /// Every redaction made, in document order.
    pub findings: Vec<Finding>,
}

/// The result of [`sanitize_props`]: the sanitized deep copy and the findings.
#[derive(Debug, Clone, PartialEq)]
pub struct SanitizedValue {
    /// The sanitized deep copy.
    pub value: serde_json::Value,
    /// Every redaction made, in document order.
    pub findings: Vec<Finding>,
}

/// Why a document could not be sanitized.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SanitizeError {
    /// The input is not JSON; `offset` is the byte where parsing stopped.
    InvalidJson {
        /// Byte offset of the problem.
        offset: usize,
        /// What was expected there.
        reason: &'static str,
    },
    /// Nesting deeper than [`MAX_DEPTH`] arrays/objects; nothing is returned (fail closed).
    TooDeep {
        /// Byte offset of the container that went over the limit.
        offset: usize,
    },
    /// The options are not valid (unknown field, wrong type, bad JSON pointer in keepPaths).
    InvalidOptions(String),
}

impl std::fmt::Display for SanitizeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::InvalidJson { offset, reason } => write!(f, "invalid JSON at byte {offset}: {reason}"),
            Self::TooDeep { offset } => write!(
                f,
                "nesting deeper than {MAX_DEPTH} levels at byte {offset}: refusing to sanitize (flatten the props)"
            ),
            Self::InvalidOptions(why) => write!(f, "invalid sanitize options: {why}"),
        }
    }
}

impl std::error::Error for SanitizeError {}

/// Sanitizes a JSON document given as text; the fast, lossless path used by the Wasm bindings.
pub fn sanitize_json(json: &str, options: &Options) -> Result<SanitizedJson, SanitizeError> {
    options.validate()?;
    walk::sanitize_json(json, options)
}

/// Sanitizes a `serde_json::Value`: a deep copy with every detected secret or PII redacted.
pub fn sanitize_props(value: &serde_json::Value, options: &Options) -> Result<SanitizedValue, SanitizeError> {
    let text = value.to_string();
    let out = sanitize_json(&text, options)?;
    let value = serde_json::from_str(&out.json)
        .map_err(|_| SanitizeError::InvalidJson { offset: 0, reason: "re-parsing the sanitized copy failed" })?;
    Ok(SanitizedValue { value, findings: out.findings })
}

/// The findings as a JSON array (`[{"pointer":…,"kind":…,"confidence":…}]`), written by hand
/// so the Wasm build needs no JSON serializer.
pub fn findings_json(findings: &[Finding]) -> String {
    let mut out = String::from("[");
    for (n, f) in findings.iter().enumerate() {
        if n > 0 {
            out.push(',');
        }
        out.push_str("{\"pointer\":");
        walk::encode_string(&f.pointer, &mut out);
        out.push_str(",\"kind\":\"");
        out.push_str(f.kind.as_str());
        out.push_str("\",\"confidence\":\"");
        out.push_str(f.confidence.as_str());
        out.push_str("\"}");
    }
    out.push(']');
    out
}

/// Redacts secrets and PII in free text (log lines) with the default options.
pub fn redact_text(text: &str) -> String {
    redact_text_with(text, &Options::default())
}

/// Redacts secrets and PII in free text with the given categories, extra key names and mode.
pub fn redact_text_with(text: &str, options: &Options) -> String {
    redact(text, options).0
}

/// Lists what [`redact_text`] would redact, as (kind, confidence) pairs in text order (then
/// what a hit hid, found once it is redacted).
pub fn detect_text(text: &str, options: &Options) -> Vec<(Kind, Confidence)> {
    redact(text, options).1
}

fn redact(text: &str, options: &Options) -> (String, Vec<(Kind, Confidence)>) {
    let keys = options.normalized_secret_keys();
    let scan = |text: &str| scan::scan(text, &options.categories, &keys);
    scan::apply_until_clean(text, scan(text), options.mode, scan)
}
