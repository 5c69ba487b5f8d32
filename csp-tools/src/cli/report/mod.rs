//! Renderers for `csp-tools validate`: human (rustc-style), JSON Lines and SARIF 2.1.0.

pub mod human;
pub mod json;
pub mod sarif;

use csp_tools::PolicyList;
use csp_tools::validate::{Document, Finding, Profile, Validation, validate};

/// One validated document (one input line, header block or HTML file) and where it came from.
pub struct Checked {
    /// Where the input was read: a path, `<stdin>` or `<argument>`.
    pub source: String,
    /// The delivered values, with their lines and columns.
    pub document: Document,
    /// The parsed policies.
    pub list: PolicyList,
    /// For each policy, the index of the value it came from.
    pub origin: Vec<usize>,
    /// Findings and score.
    pub validation: Validation,
}

impl Checked {
    /// Parses and validates a document.
    pub fn new(source: String, document: Document, profile: Profile) -> Self {
        let (list, origin) = document.policy_list();
        let validation = validate(&list, profile);
        Checked { source, document, list, origin, validation }
    }

    /// Where a finding is in the input, if it points at a span.
    pub fn locate(&self, finding: &Finding) -> Option<Location<'_>> {
        let policy = self.list.policies.get(finding.policy)?;
        let value = self.document.values.get(*self.origin.get(finding.policy)?)?;
        let span = finding.span.as_ref()?;
        let start = policy.offset + span.start;
        let end = policy.offset + span.end;
        Some(Location { text: &value.text, line: value.line, column: value.column, start, end })
    }

    /// The first line of the input the document was read from, for findings without a span.
    pub fn line_of(&self, finding: &Finding) -> usize {
        self.origin.get(finding.policy).and_then(|&value| self.document.values.get(value)).map_or(1, |value| value.line)
    }
}

/// A finding's place: its byte range in a delivered value, and where that value sits in the input.
pub struct Location<'a> {
    /// The whole delivered value (header value or meta content).
    pub text: &'a str,
    /// 1-based input line of the value.
    pub line: usize,
    /// Byte offset of the value in that line.
    pub column: usize,
    /// Byte range of the finding in `text`.
    pub start: usize,
    /// End of the byte range.
    pub end: usize,
}

impl Location<'_> {
    /// 1-based column (in characters) of the finding's start in its input line.
    pub fn start_column(&self) -> usize {
        self.column + chars_in(self.text, self.start) + 1
    }

    /// 1-based column (in characters) just past the finding's end.
    pub fn end_column(&self) -> usize {
        self.column + chars_in(self.text, self.end) + 1
    }
}

/// Characters in the first `bytes` bytes of `text` (bytes, for the usual all-ASCII policy).
fn chars_in(text: &str, bytes: usize) -> usize {
    match text.get(..bytes) {
        Some(prefix) if !prefix.is_ascii() => prefix.chars().count(),
        _ => bytes,
    }
}
