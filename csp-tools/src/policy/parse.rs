//! CSP3 §2.2.1 "parse a serialized CSP" and the comma-joined policy list around it.
//!
//! Chromium deviations we follow (it is what users run):
//! - a directive whose value holds non-ASCII or control characters is dropped, and it still
//!   "claims" its name, so a later duplicate is ignored too;
//! - unknown directive names are reported and kept, but never enforced.
//!
//! One simplification of ours: duplicates are looked for among the directives browsers
//! implement. An unknown name, which nothing enforces, is reported as unknown each time it
//! appears, and every copy is kept.

use super::{
    Delivery, Diagnostic, DiagnosticKind, Directive, DirectiveName, Disposition, Policy, Source, SourceExpression,
    SourceList, Span, Token, parse_source_expression,
};
use crate::text::is_ascii_whitespace;

/// Directive names that were removed from the specification or never shipped, with advice.
const RETIRED_DIRECTIVES: [(&str, &str); 8] = [
    ("plugin-types", "it was removed from CSP; use object-src 'none' to block plugins"),
    ("prefetch-src", "it was removed from CSP; prefetches are governed by default-src"),
    ("navigate-to", "it was removed from CSP and no browser enforces it"),
    ("referrer", "it was removed from CSP; send a Referrer-Policy header instead"),
    ("reflected-xss", "it was removed from CSP; browsers no longer have XSS auditors"),
    ("disown-opener", "it was never shipped; use Cross-Origin-Opener-Policy instead"),
    ("allow", "it was replaced by default-src long ago"),
    ("policy-uri", "it was removed from CSP; send the whole policy in the header"),
];

/// Parses one serialized policy (CSP3 §2.2.1). Never fails: what a browser would ignore becomes
/// a diagnostic, and spans index into `text`.
pub fn parse_serialized_policy(text: &str, disposition: Disposition, delivery: Delivery) -> Policy {
    let mut parser = PolicyParser {
        policy: Policy {
            text: text.to_owned(),
            offset: 0,
            disposition,
            delivery,
            directives: Vec::new(),
            diagnostics: Vec::new(),
        },
        claimed: 0,
    };
    let mut start = 0;
    for token in text.split(';') {
        parser.directive(token, start);
        start += token.len() + 1;
    }
    parser.policy
}

/// Parses a header value that may join several policies with commas (RFC 9110 §5.3), as browsers
/// do: each non-blank member is a policy of its own.
pub fn parse_serialized_policy_list(header_value: &str, disposition: Disposition, delivery: Delivery) -> Vec<Policy> {
    let mut policies = Vec::new();
    let mut offset = 0;
    for member in header_value.split(',') {
        if !member.trim_matches(is_ascii_whitespace).is_empty() {
            let mut policy = parse_serialized_policy(member, disposition, delivery);
            policy.offset = offset;
            policies.push(policy);
        }
        offset += member.len() + 1;
    }
    policies
}

struct PolicyParser {
    policy: Policy,
    /// The known directives already used, one bit per `DirectiveName`, including dropped ones
    /// (Chromium's duplicate rule). Bits, not a set of strings: a B-tree's code would add 1.7 KB
    /// to the gzipped Wasm guard.
    claimed: u32,
}

impl PolicyParser {
    /// Records a diagnostic. Without the `diagnostics` feature (the Wasm guard, which never shows
    /// them) nothing is recorded and no message is built.
    fn report(&mut self, kind: DiagnosticKind, span: Span, message: impl FnOnce() -> String) {
        if cfg!(feature = "diagnostics") {
            self.policy.diagnostics.push(Diagnostic { kind, span, message: message() });
        }
    }

    /// CSP3 §2.2.1 step 3, for one `;`-separated token starting at byte `start`.
    fn directive(&mut self, raw: &str, start: usize) {
        let trimmed = raw.trim_start_matches(is_ascii_whitespace);
        let start = start + (raw.len() - trimmed.len());
        let token = trimmed.trim_end_matches(is_ascii_whitespace);
        if token.is_empty() {
            return;
        }
        let span = start..start + token.len();
        let name_len = token.find(is_ascii_whitespace).unwrap_or(token.len());
        let name = &token[..name_len];
        let name_span = start..start + name_len;
        if !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
            self.report(DiagnosticKind::InvalidDirectiveName, name_span, || {
                format!("'{name}' is not a directive name (letters, digits and '-' only); the directive is ignored")
            });
            return;
        }
        let name = name.to_ascii_lowercase();
        let known = DirectiveName::from_name(&name);
        let claim = known.map_or(0, |known| 1 << known as u32);
        if self.claimed & claim != 0 {
            self.report(DiagnosticKind::DuplicateDirective, span, || {
                format!("duplicate {name} directive is ignored: the first one wins; merge their sources into it")
            });
            return;
        }
        self.claimed |= claim;
        let value_start = start + name_len;
        let value_text = &token[name_len..];
        // Byte scan first (values are nearly always ASCII); find the character only to report it.
        let valid_byte = |b: u8| is_ascii_whitespace(char::from(b)) || b.is_ascii_graphic();
        let bad = if value_text.bytes().all(valid_byte) {
            None
        } else {
            value_text.chars().find(|&c| !(is_ascii_whitespace(c) || c.is_ascii_graphic()))
        };
        if let Some(bad) = bad {
            self.report(DiagnosticKind::InvalidCharacters, span, || {
                format!(
                    "the {name} directive is ignored because its value contains U+{:04X}: \
                     Punycode-encode international host names and percent-encode paths",
                    bad as u32
                )
            });
            return;
        }
        if !self.applies(known, &name, span.clone()) {
            return;
        }
        let value = split_tokens(value_text, value_start);
        let source_list = known.filter(|known| known.takes_source_list()).map(|known| self.source_list(known, &value));
        if matches!(known, Some(DirectiveName::UpgradeInsecureRequests | DirectiveName::BlockAllMixedContent))
            && !value.is_empty()
        {
            self.report(DiagnosticKind::IgnoredValue, value_start..span.end, || {
                format!("{name} takes no value; the value is ignored")
            });
        }
        self.policy.directives.push(Directive { name, known, span, value, source_list });
    }

    /// Whether a directive takes effect in this policy's delivery and disposition; reports why not.
    fn applies(&mut self, known: Option<DirectiveName>, name: &str, span: Span) -> bool {
        let Some(known) = known else {
            let advice = RETIRED_DIRECTIVES
                .iter()
                .find(|(retired, _)| *retired == name)
                .map_or("browsers ignore it; check the spelling", |(_, advice)| advice);
            self.report(DiagnosticKind::UnknownDirective, span, || format!("unknown directive {name}: {advice}"));
            return true;
        };
        if self.policy.delivery == Delivery::Meta && known.ignored_in_meta() {
            self.report(DiagnosticKind::IgnoredInMeta, span, || {
                format!("{name} is ignored in a <meta> policy; send it as an HTTP header")
            });
            return false;
        }
        if self.policy.disposition == Disposition::Report && known.ignored_in_report_only() {
            self.report(DiagnosticKind::IgnoredInReportOnly, span, || {
                format!("{name} is ignored in a report-only policy; use an enforced policy")
            });
            return false;
        }
        true
    }

    /// Parses a directive value as a source list (CSP3 §2.3.1), keeping every valid expression.
    fn source_list(&mut self, directive: DirectiveName, value: &[Token]) -> SourceList {
        let mut sources = Vec::with_capacity(value.len());
        for (index, token) in value.iter().enumerate() {
            // Only a token of letters and '-' can be a directive name (most tokens are hosts).
            let name_shaped = token.text.bytes().all(|b| b.is_ascii_alphabetic() || b == b'-');
            if let Some(other) = name_shaped.then(|| DirectiveName::from_name(&token.text)).flatten() {
                self.report(DiagnosticKind::MissingSemicolon, token.span.clone(), || {
                    format!("'{}' in {directive} looks like a directive: is a ';' missing before {other}?", token.text)
                });
            }
            match parse_source_expression(&token.text, directive) {
                Ok(parsed) => {
                    if let Some(warning) = parsed.warning {
                        self.report(DiagnosticKind::PartlyIgnoredSource, token.span.clone(), || warning);
                    }
                    sources.push(Source { token: index, expression: parsed.expression });
                }
                Err(invalid) => self.report(DiagnosticKind::InvalidSource, token.span.clone(), || {
                    format!("'{}' in {directive} is ignored: {}", token.text, invalid.message)
                }),
            }
        }
        let has_none = sources.iter().any(|s| s.expression == SourceExpression::None);
        let has_others = value.iter().any(|token| {
            !token.text.eq_ignore_ascii_case("'none'") && !token.text.eq_ignore_ascii_case("'report-sample'")
        });
        if has_none && has_others {
            let span = value.iter().find(|t| t.text.eq_ignore_ascii_case("'none'")).map(|t| t.span.clone());
            self.report(DiagnosticKind::NoneWithOtherSources, span.unwrap_or_default(), || {
                format!("'none' has no effect next to other sources in {directive}; remove it, or remove the others")
            });
        }
        SourceList { sources }
    }
}

/// Splits on ASCII whitespace, keeping each token's span (offset by `start`). Works on bytes: an
/// ASCII whitespace byte never occurs inside a UTF-8 multi-byte character.
fn split_tokens(text: &str, start: usize) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut token_start = None;
    for (i, b) in text.bytes().enumerate().chain(std::iter::once((text.len(), b' '))) {
        match (is_ascii_whitespace(char::from(b)), token_start) {
            (true, Some(begin)) => {
                tokens.push(Token { text: text[begin..i].to_owned(), span: start + begin..start + i });
                token_start = None;
            }
            (false, None) => token_start = Some(i),
            _ => {}
        }
    }
    tokens
}
