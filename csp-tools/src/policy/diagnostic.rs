//! What the parser tells a person about the parts of a policy a browser ignores.

use serde::Serialize;

/// A byte range in a policy's text.
pub type Span = std::ops::Range<usize>;

/// The kinds of parse diagnostics. Each one corresponds to something browsers silently ignore.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DiagnosticKind {
    /// A directive name with characters other than letters, digits and '-'.
    InvalidDirectiveName,
    /// A well-formed name that no browser implements (or that was removed from the spec).
    UnknownDirective,
    /// A second directive with the same name: the first wins (CSP3 §2.2.1 step 3.5).
    DuplicateDirective,
    /// A directive value with non-ASCII or control characters: the whole directive is dropped.
    InvalidCharacters,
    /// A directive that has no effect in a `<meta>`-delivered policy.
    IgnoredInMeta,
    /// A directive that has no effect in a report-only policy.
    IgnoredInReportOnly,
    /// A token that is not a valid source expression; browsers skip it.
    InvalidSource,
    /// A source that is valid but partly ignored (a query or fragment in its path).
    PartlyIgnoredSource,
    /// `'none'` next to other sources, where it has no effect.
    NoneWithOtherSources,
    /// A source that is a directive name: probably a missing semicolon.
    MissingSemicolon,
    /// A value given to a directive that takes none (upgrade-insecure-requests…).
    IgnoredValue,
}

/// One parse diagnostic.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub kind: DiagnosticKind,
    /// Where in the policy text.
    pub span: Span,
    /// What happened and what to do about it.
    pub message: String,
}
