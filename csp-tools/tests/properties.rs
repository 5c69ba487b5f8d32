//! Property tests for the engine's invariants.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use csp_tools::{Delivery, Disposition, PolicyList};
use proptest::prelude::*;

/// A DNS label with at most one inner hyphen, so never an `xn--` label that is not valid Punycode.
fn label() -> impl Strategy<Value = String> {
    "[a-z0-9]{1,6}(-[a-z0-9]{1,4})?"
}

/// A source expression from the shapes real policies use.
fn source() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("*".to_owned()),
        Just("'self'".to_owned()),
        Just("'none'".to_owned()),
        Just("'unsafe-inline'".to_owned()),
        prop::sample::select(vec!["http:", "https:", "ws:", "wss:", "data:", "blob:"]).prop_map(str::to_owned),
        (
            prop::option::of(prop::sample::select(vec!["http", "https", "ws", "wss"])),
            prop::bool::ANY,
            label(),
            prop::option::of(prop_oneof![Just("*".to_owned()), (1u16..10000).prop_map(|p| p.to_string())]),
            prop::option::of(prop::sample::select(vec!["/", "/v1/", "/v1", "/a/b"])),
        )
            .prop_map(|(scheme, wildcard, host, port, path)| {
                let mut text = scheme.map(|s| format!("{s}://")).unwrap_or_default();
                if wildcard {
                    text.push_str("*.");
                }
                text.push_str(&host);
                text.push_str(".test");
                if let Some(port) = port {
                    text.push(':');
                    text.push_str(&port);
                }
                text.push_str(path.unwrap_or(""));
                text
            }),
    ]
}

/// A request URL over the same hosts.
fn url() -> impl Strategy<Value = String> {
    (
        prop::sample::select(vec!["http", "https", "ws", "wss"]),
        prop::collection::vec(label(), 1..3),
        prop::option::of(1u16..10000),
        prop::sample::select(vec!["/", "/v1/", "/v1", "/v1/x", "/a/b", "/a%2Fb"]),
    )
        .prop_map(|(scheme, labels, port, path)| {
            let port = port.map(|p| format!(":{p}")).unwrap_or_default();
            format!("{scheme}://{}.test{port}{path}", labels.join("."))
        })
}

fn kind_for(url: &str) -> &'static str {
    if url.starts_with("ws") { "websocket" } else { "fetch" }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// A wildcard host never matches the apex domain it is written over.
    #[test]
    fn a_wildcard_never_matches_its_apex(apex in prop::collection::vec(label(), 1..3), scheme in "https?") {
        let apex = format!("{}.test", apex.join("."));
        let policy = format!("connect-src {scheme}://*.{apex}:*");
        let url = format!("{scheme}://{apex}/");
        prop_assert!(!common::allowed(&[&policy], "https://page.test/", &url, "fetch"));
        let sub = format!("{scheme}://www.{apex}/");
        prop_assert!(common::allowed(&[&policy], "https://page.test/", &sub, "fetch"));
    }

    /// Adding a source to a directive never turns an allowed request into a blocked one.
    #[test]
    fn adding_a_source_never_blocks_more(
        sources in prop::collection::vec(source(), 0..6),
        extra in source(),
        url in url(),
        page in prop::sample::select(vec!["http://page.test/", "https://page.test/", "https://page.test:8443/"]),
    ) {
        let before = format!("connect-src {}", sources.join(" "));
        let after = format!("{before} {extra}");
        if common::allowed(&[&before], page, &url, kind_for(&url)) {
            prop_assert!(common::allowed(&[&after], page, &url, kind_for(&url)), "{after} blocks {url}");
        }
    }

    /// Adding a policy to the list never allows more: the list is an intersection.
    #[test]
    fn adding_a_policy_never_allows_more(
        first in prop::collection::vec(source(), 0..5),
        second in prop::collection::vec(source(), 0..5),
        url in url(),
    ) {
        let first = format!("default-src {}", first.join(" "));
        let second = format!("connect-src {}", second.join(" "));
        let page = "https://page.test/";
        if common::allowed(&[&first, &second], page, &url, kind_for(&url)) {
            prop_assert!(common::allowed(&[&first], page, &url, kind_for(&url)));
        }
    }

    /// Parsing never panics, and a parsed policy serializes to text that parses to the same
    /// directive set.
    #[test]
    fn parsing_never_panics_and_round_trips(text in any::<String>()) {
        round_trip(&text)?;
    }

    /// The same, for text made of CSP punctuation and keywords, which reaches more of the parser.
    #[test]
    fn policy_shaped_text_round_trips(text in r"([a-z\-]{1,12}|'[a-z\-]{0,8}'?|[;,:/*.'\t \x0c]|https?|[0-9]{1,6}|%[0-9A-F]{2}){0,40}") {
        round_trip(&text)?;
    }
}

fn round_trip(text: &str) -> Result<(), TestCaseError> {
    for delivery in [Delivery::Header, Delivery::Meta] {
        let list = PolicyList {
            policies: csp_tools::policy::parse_serialized_policy_list(text, Disposition::Enforce, delivery),
        };
        for policy in &list.policies {
            let serialized = policy.to_string();
            let reparsed = csp_tools::policy::parse_serialized_policy(&serialized, policy.disposition, delivery);
            prop_assert_eq!(
                common::directive_set(policy),
                common::directive_set(&reparsed),
                "serialized as {:?}",
                serialized
            );
        }
    }
    Ok(())
}
