//! Helpers shared by the integration tests: decide a request from plain strings.
// Each test binary uses only some of these.
#![allow(dead_code)]

use csp_tools::{Delivery, Disposition, Origin, PolicyList, Request, RequestKind, UrlView};
use url::Url;

/// The decision on `url` (resolved against `page`) under `policies`, each an enforced header value.
pub fn allowed(policies: &[&str], page: &str, url: &str, kind: &str) -> bool {
    let mut list = PolicyList::default();
    for policy in policies {
        list.add(policy, Disposition::Enforce, Delivery::Header);
    }
    decide(&list, page, url, kind, false)
}

/// The decision on `url` under an already-built policy list.
pub fn decide(list: &PolicyList, page: &str, url: &str, kind: &str, redirected: bool) -> bool {
    let page = Url::parse(page).expect("test page URL");
    let url = page.join(url).expect("test request URL");
    let origin = Origin::of(&UrlView::from(&page));
    let kind: RequestKind = kind.parse().expect("test request kind");
    let request = Request { url: UrlView::from(&url), kind, redirected };
    let allowed = list.check(&request, &origin).allowed();
    assert_eq!(allowed, list.allows(&request, &origin), "check and allows disagree");
    allowed
}

/// A policy's directive set as plain data (names and value tokens), for round-trip comparisons.
pub fn directive_set(policy: &csp_tools::Policy) -> Vec<(String, Vec<String>)> {
    policy.directives.iter().map(|d| (d.name.clone(), d.value.iter().map(|t| t.text.clone()).collect())).collect()
}
