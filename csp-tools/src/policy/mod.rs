//! Policies as data: what a serialized CSP parses into (CSP3 §2.2, §2.3).

mod diagnostic;
mod directive_name;
mod parse;
mod source_expression;

pub use diagnostic::{Diagnostic, DiagnosticKind, Span};
pub use directive_name::DirectiveName;
pub use parse::{parse_serialized_policy, parse_serialized_policy_list};
pub use source_expression::{
    HashAlgorithm, HostPattern, HostSource, InvalidSource, Keyword, ParsedSource, PortPattern, SourceExpression,
    base64_decoded_len, is_base64_value, parse_source_expression,
};

use serde::Serialize;
use std::fmt;

/// CSP3 §2.2: whether a policy is enforced or only reported.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Disposition {
    /// `Content-Security-Policy`
    Enforce,
    /// `Content-Security-Policy-Report-Only`
    Report,
}

/// CSP3 §2.2: how a policy reached the document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Delivery {
    Header,
    /// `<meta http-equiv="Content-Security-Policy">`: frame-ancestors, report-uri and sandbox are ignored.
    Meta,
}

/// One parsed policy: the directives a browser would keep, and diagnostics for what it would drop.
#[derive(Clone, Debug, Serialize)]
pub struct Policy {
    /// The serialized policy, exactly as delivered; every span below indexes into it.
    pub text: String,
    /// Byte offset of `text` in the header value it was split from (policy lists are comma-joined).
    pub offset: usize,
    pub disposition: Disposition,
    pub delivery: Delivery,
    /// The directive set, in order: one directive per known name (the first wins); an unknown
    /// name, never enforced, is kept each time it appears.
    pub directives: Vec<Directive>,
    /// Everything the parser ignored or found suspicious, with spans into `text`. Always empty
    /// without the `diagnostics` feature.
    pub diagnostics: Vec<Diagnostic>,
}

/// One directive of a policy.
#[derive(Clone, Debug, Serialize)]
pub struct Directive {
    /// ASCII-lowercased name.
    pub name: String,
    /// The directive, when the engine knows it; unknown directives have no effect.
    pub known: Option<DirectiveName>,
    /// The whole directive (name and value) in the policy text.
    pub span: Span,
    /// The directive's value split on ASCII whitespace.
    pub value: Vec<Token>,
    /// The value parsed as a source list, for directives that take one.
    pub source_list: Option<SourceList>,
}

/// A whitespace-separated token of a directive value.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Token {
    pub text: String,
    pub span: Span,
}

/// The valid source expressions of a directive, each pointing back at its token.
#[derive(Clone, Debug, Default, Serialize)]
pub struct SourceList {
    pub sources: Vec<Source>,
}

/// A valid source expression and the index of the token it came from in `Directive::value`.
#[derive(Clone, Debug, Serialize)]
pub struct Source {
    pub token: usize,
    pub expression: SourceExpression,
}

impl Policy {
    /// The directive with this name, if the policy has it.
    pub fn directive(&self, name: DirectiveName) -> Option<&Directive> {
        self.directives.iter().find(|d| d.known == Some(name))
    }

    /// CSP3 §6.8.3: the first directive of `effective`'s fallback list present in this policy.
    pub fn governing_directive(&self, effective: DirectiveName) -> Option<&Directive> {
        effective.fallback_list().iter().find_map(|&name| self.directive(name))
    }
}

impl Directive {
    /// The source text of the token a source came from.
    pub fn source_text(&self, source: &Source) -> &str {
        self.value.get(source.token).map_or("", |token| token.text.as_str())
    }
}

/// Serializes the directive set (CSP3 §2.2 "serialized CSP"): `name value; name value`.
impl fmt::Display for Policy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, directive) in self.directives.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            f.write_str(&directive.name)?;
            for token in &directive.value {
                write!(f, " {}", token.text)?;
            }
        }
        Ok(())
    }
}
