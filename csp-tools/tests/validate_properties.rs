//! Property tests for `validate`: any text, as any delivery and disposition, under any profile,
//! validates without panicking into findings whose spans lie inside their policy on character
//! boundaries and name the value they point at; and a list never reports a list-scope weakness that
//! one of its enforced policies rules out.
#![cfg(not(target_arch = "wasm32"))]

use csp_tools::validate::{Profile, Scope, rules, validate};
use csp_tools::{Delivery, Disposition, PolicyList};
use proptest::prelude::*;

/// Pieces of policies, right and wrong, including non-ASCII and control characters.
fn piece() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "script-src",
        "default-src",
        "object-src",
        "base-uri",
        "connect-src",
        "frame-src",
        "form-action",
        "require-trusted-types-for",
        "report-uri",
        "sandbox",
        "'self'",
        "'none'",
        "'unsafe-inline'",
        "'unsafe-eval'",
        "'strict-dynamic'",
        "'wasm-unsafe-eval'",
        "'nonce-",
        "'sha256-",
        "https:",
        "data:",
        "*",
        "*.",
        "https://",
        "ajax.googleapis.com",
        "vk.com",
        "10.0.0.1",
        "self",
        ":",
        "/",
        "'",
        ";",
        ",",
        " ",
        "\t",
        "a",
        "ä",
        "\u{1b}",
        "\u{202e}",
        "%",
        "?",
        "#",
    ])
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..40).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn findings_point_inside_their_policy(
        text in text(),
        report in any::<bool>(),
        meta in any::<bool>(),
        widget in any::<bool>(),
    ) {
        let disposition = if report { Disposition::Report } else { Disposition::Enforce };
        let delivery = if meta { Delivery::Meta } else { Delivery::Header };
        let profile = if widget { Profile::Widget } else { Profile::Default };
        let mut list = PolicyList::default();
        list.add(&text, disposition, delivery);
        let validation = validate(&list, profile);
        for finding in &validation.findings {
            prop_assert!(rules::RULES.iter().any(|rule| rule.id == finding.id));
            if let (Some(policy), Some(span)) = (list.policies.get(finding.policy), &finding.span) {
                let spanned = policy.text.get(span.clone());
                prop_assert!(spanned.is_some(), "{finding:?}");
                if let Some(value) = &finding.value {
                    prop_assert_eq!(spanned, Some(value.as_str()));
                }
            }
        }
    }

    #[test]
    fn an_enforced_policy_that_allows_nothing_clears_every_list_weakness(text in text()) {
        let mut list = PolicyList::parse(&text, Disposition::Enforce);
        list.add(
            "default-src 'none'; script-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'; \
             frame-src 'none'; connect-src 'none'; require-trusted-types-for 'script'",
            Disposition::Enforce,
            Delivery::Header,
        );
        let validation = validate(&list, Profile::Default);
        let weak: Vec<_> = validation
            .findings
            .iter()
            .filter(|f| f.scope == Scope::List)
            .map(|f| f.id)
            .collect();
        prop_assert!(weak.is_empty(), "{weak:?}");
    }
}
