//! `policy_parse`: what must hold of any parsed policy, and its serialization contract.
//!
//! The contract (read from `csp-tools/src/policy`): `Policy`'s `Display` writes the directive set
//! a browser keeps, `name token token; name token`. Parsing that text again (same disposition and
//! delivery) gives the same directive set: the same names, `known` directives, value tokens and
//! parsed source expressions; serializing it again gives the same text; and the re-parse has no
//! diagnostic about a dropped directive, since only kept directives were written. Diagnostics about
//! kept tokens (an invalid source, an unknown directive) stay, as they must.

use csp_tools::policy::{DiagnosticKind, Span, parse_serialized_policy, parse_serialized_policy_list};
use csp_tools::{Delivery, DirectiveName, Disposition, Policy};

/// Every disposition × delivery a policy can be parsed under.
pub const MODES: [(Disposition, Delivery); 4] = [
    (Disposition::Enforce, Delivery::Header),
    (Disposition::Report, Delivery::Header),
    (Disposition::Enforce, Delivery::Meta),
    (Disposition::Report, Delivery::Meta),
];

/// Runs every check on `text` as one policy (in every mode) and as a comma-joined list.
pub fn check(text: &str) {
    for (disposition, delivery) in MODES {
        let policy = parse_serialized_policy(text, disposition, delivery);
        assert_well_formed(&policy);
        assert_round_trips(&policy);
        // The JSON the CLI prints must always serialize.
        assert!(serde_json::to_string(&policy).is_ok());
    }
    assert_list_round_trips(text);
}

/// `span` is a range of `text` that starts and ends on character boundaries.
pub fn assert_span_in(text: &str, span: &Span, what: &str) {
    assert!(
        span.start <= span.end && text.get(span.clone()).is_some(),
        "{what}: span {span:?} is not a char-aligned range of the {}-byte text {text:?}",
        text.len()
    );
}

/// Spans point at what they describe, names are lowercase, known names are unique (an unknown
/// one may repeat: see the parser), and `known` agrees with the name.
pub fn assert_well_formed(policy: &Policy) {
    let text = &policy.text;
    let mut names = Vec::new();
    for directive in &policy.directives {
        assert_span_in(text, &directive.span, "directive");
        assert!(text[directive.span.clone()].to_ascii_lowercase().starts_with(&directive.name));
        assert_eq!(directive.name, directive.name.to_ascii_lowercase(), "directive names are lowercased");
        if directive.known.is_some() {
            assert!(!names.contains(&directive.name), "duplicate directive {} kept", directive.name);
            names.push(directive.name.clone());
        }
        assert_eq!(directive.known, DirectiveName::from_name(&directive.name));
        for token in &directive.value {
            assert_span_in(text, &token.span, "token");
            assert_eq!(text[token.span.clone()], token.text, "a token's span holds its text");
            assert!(!token.text.is_empty() && !token.text.contains(|c: char| c.is_ascii_whitespace()));
        }
        let takes_sources = directive.known.is_some_and(DirectiveName::takes_source_list);
        assert_eq!(directive.source_list.is_some(), takes_sources, "{}", directive.name);
        for source in directive.source_list.iter().flat_map(|list| &list.sources) {
            assert!(source.token < directive.value.len(), "a source points at a token of its directive");
        }
    }
    for diagnostic in &policy.diagnostics {
        assert_span_in(text, &diagnostic.span, "diagnostic");
        assert!(!diagnostic.message.is_empty());
    }
}

/// Serialize → parse gives the same directive set, and serializing is a fixed point.
pub fn assert_round_trips(policy: &Policy) {
    let serialized = policy.to_string();
    let again = parse_serialized_policy(&serialized, policy.disposition, policy.delivery);
    assert_same_directives(policy, &again, &serialized);
    assert_eq!(again.to_string(), serialized, "serializing a re-parsed policy changes it");
    let dropped = |kind: DiagnosticKind| {
        matches!(
            kind,
            DiagnosticKind::InvalidDirectiveName
                | DiagnosticKind::DuplicateDirective
                | DiagnosticKind::InvalidCharacters
                | DiagnosticKind::IgnoredInMeta
                | DiagnosticKind::IgnoredInReportOnly
        )
    };
    let stray: Vec<_> = again.diagnostics.iter().filter(|d| dropped(d.kind)).collect();
    assert!(stray.is_empty(), "the serialization {serialized:?} holds a directive a browser drops: {stray:?}");
}

/// The policies of a header value, serialized and comma-joined, parse back to the same list
/// (policies whose every directive was dropped serialize to nothing and are left out).
fn assert_list_round_trips(header: &str) {
    let list = parse_serialized_policy_list(header, Disposition::Enforce, Delivery::Header);
    for policy in &list {
        let end = policy.offset + policy.text.len();
        assert_eq!(header.get(policy.offset..end), Some(policy.text.as_str()), "a policy's offset locates its text");
    }
    let kept: Vec<&Policy> = list.iter().filter(|policy| !policy.directives.is_empty()).collect();
    let joined = kept.iter().map(|policy| policy.to_string()).collect::<Vec<_>>().join(", ");
    let again = parse_serialized_policy_list(&joined, Disposition::Enforce, Delivery::Header);
    assert_eq!(again.len(), kept.len(), "{joined:?} re-parses to a different number of policies");
    for (first, second) in kept.iter().zip(&again) {
        assert_same_directives(first, second, &joined);
    }
}

fn assert_same_directives(first: &Policy, second: &Policy, serialized: &str) {
    let summary = |policy: &Policy| {
        policy
            .directives
            .iter()
            .map(|d| {
                let tokens: Vec<&str> = d.value.iter().map(|t| t.text.as_str()).collect();
                let sources: Vec<_> =
                    d.source_list.iter().flat_map(|l| &l.sources).map(|s| (s.token, s.expression.clone())).collect();
                (d.name.clone(), d.known, tokens.join(" "), sources)
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(summary(first), summary(second), "re-parsing the serialization {serialized:?} changes the directives");
}
