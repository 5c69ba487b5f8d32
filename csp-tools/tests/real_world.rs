//! Every real-world policy in tests/data/real-csp.txt parses without panicking, loses no directive
//! a browser would keep, and round-trips through serialization.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::directive_set;
use csp_tools::policy::{DiagnosticKind, parse_serialized_policy, parse_serialized_policy_list};
use csp_tools::{Delivery, Disposition};

const CORPUS: &str = include_str!("../../tests/data/real-csp.txt");

#[test]
fn every_real_policy_parses_and_round_trips() {
    let mut policies = 0;
    let mut directives = 0;
    for (line_number, line) in CORPUS.lines().enumerate() {
        for policy in parse_serialized_policy_list(line, Disposition::Enforce, Delivery::Header) {
            policies += 1;
            directives += policy.directives.len();
            // No directive is lost: each `;`-separated part is kept or explained by a diagnostic.
            let parts = policy.text.split(';').filter(|part| !part.trim().is_empty()).count();
            let dropped = policy
                .diagnostics
                .iter()
                .filter(|d| {
                    matches!(
                        d.kind,
                        DiagnosticKind::DuplicateDirective
                            | DiagnosticKind::InvalidDirectiveName
                            | DiagnosticKind::InvalidCharacters
                    )
                })
                .count();
            assert_eq!(policy.directives.len() + dropped, parts, "line {}: {}", line_number + 1, policy.text);

            let serialized = policy.to_string();
            let reparsed = parse_serialized_policy(&serialized, Disposition::Enforce, Delivery::Header);
            assert_eq!(directive_set(&policy), directive_set(&reparsed), "line {}", line_number + 1);
        }
    }
    assert!(policies >= 1170, "expected the whole corpus, parsed {policies} policies");
    assert!(directives > 5000, "parsed only {directives} directives");
}
