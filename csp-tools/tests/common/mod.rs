//! Helpers shared by the integration tests: decide a request from plain strings.

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
