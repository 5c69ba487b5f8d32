//! Where `csp-tools validate` and csp_evaluator 1.1.8 disagree on tests/data/real-csp.txt
//! (tests/evaluator/compare.mjs), these tests prove our answer with the engine's own decision,
//! which the differential test checks against Chromium.
#![cfg(all(not(target_arch = "wasm32"), feature = "url"))]

use csp_tools::validate::{Profile, validate};
use csp_tools::{Disposition, Origin, PolicyList, Request, RequestKind, UrlView};

fn ids(list: &PolicyList) -> Vec<&'static str> {
    validate(list, Profile::Default).findings.iter().map(|f| f.id).collect()
}

fn allows_script(list: &PolicyList, url: &str) -> bool {
    let page = Origin { scheme: "https".into(), host: Some("app.example".into()), port: None };
    let url = url::Url::parse(url).expect("test URL");
    let request = Request { url: UrlView::from(&url), kind: RequestKind::Script, redirected: false };
    list.check(&request, &page).allowed()
}

/// Line 36 and the other comma-joined lines: a header value with commas is a list of policies, and
/// a request must pass each. csp_evaluator reads the commas as part of one policy.
#[test]
fn comma_joined_policies_are_a_list_and_protection_is_their_intersection() {
    let list = PolicyList::parse("script-src https: 'unsafe-inline', script-src 'self'", Disposition::Enforce);
    assert_eq!(list.policies.len(), 2);
    assert!(!allows_script(&list, "https://evil.example/x.js"), "the second policy blocks other hosts");
    let found = ids(&list);
    assert!(!found.contains(&"plain-url-scheme") && !found.contains(&"script-unsafe-inline"), "{found:?}");
}

/// Line 284: curly quotes (‘self’) make Chromium drop the whole directive, so nothing restricts
/// scripts; csp_evaluator reports the directive's https: and data: as if it applied.
#[test]
fn a_directive_with_non_ascii_characters_is_dropped() {
    let list = PolicyList::parse("default-src \u{2018}self\u{2019} https: data:", Disposition::Enforce);
    assert!(list.policies[0].directives.is_empty());
    assert!(allows_script(&list, "http://evil.example/x.js"), "no directive governs scripts any more");
    let found = ids(&list);
    assert!(found.contains(&"invalid-characters") && found.contains(&"missing-script-src"), "{found:?}");
    assert!(!found.contains(&"plain-url-scheme"), "{found:?}");
}

/// Line 492: a path without a host is no CSP3 source expression; browsers ignore it, so it allows
/// nothing and is no allow-list bypass; csp_evaluator reports it as an allow-listed host.
#[test]
fn a_host_less_path_is_an_invalid_source_not_an_allow_list_entry() {
    let list = PolicyList::parse("script-src 'self' /js/isotope.pkgd.js", Disposition::Enforce);
    assert!(!allows_script(&list, "https://other.example/js/isotope.pkgd.js"));
    let found = ids(&list);
    assert!(found.contains(&"invalid-source") && !found.contains(&"script-host-allowlist"), "{found:?}");
}

/// 'strict-dynamic' in default-src neutralises hosts and schemes for scripts only: plugins that fall
/// back to default-src still load from any https: URL. csp_evaluator drops https: for object-src too.
#[test]
fn strict_dynamic_in_default_src_does_not_protect_object_src() {
    let list = PolicyList::parse("default-src 'nonce-abcdefgh12345678' 'strict-dynamic' https:", Disposition::Enforce);
    let page = Origin { scheme: "https".into(), host: Some("app.example".into()), port: None };
    let url = url::Url::parse("https://evil.example/x.swf").expect("URL");
    let request = Request { url: UrlView::from(&url), kind: RequestKind::Object, redirected: false };
    assert!(list.check(&request, &page).allowed());
    let found = validate(&list, Profile::Default);
    assert!(found.findings.iter().any(|f| f.id == "plain-url-scheme" && f.value.as_deref() == Some("https:")));
}
