//! `source_match`: the engine's matcher agrees with [`crate::reference`] on every token of a
//! source list, on the list as a whole, and (for directives a plain URL match decides) on the
//! decision of the policy list.

use csp_tools::matching::{does_url_match_expression, does_url_match_source_list};
use csp_tools::policy::parse_serialized_policy;
use csp_tools::{Delivery, Disposition, Origin, PolicyList, Request, UrlView};

use crate::match_case::MatchCase;
use crate::reference;

/// Runs every check on one case.
pub fn check(case: &MatchCase) {
    let (Some(page), Some(url)) = (case.page.url(), case.url.url()) else { return };
    // A token with whitespace, ';', ',' or non-ASCII would not stay one token of this directive.
    let tokens: Vec<String> = case
        .sources
        .iter()
        .map(|source| source.render(url.host_str().unwrap_or("")))
        .filter(|token| !token.is_empty() && token.bytes().all(|b| b.is_ascii_graphic() && b != b';' && b != b','))
        .collect();
    let text = format!("{} {}", case.directive.name(), tokens.join(" "));
    let policy = parse_serialized_policy(&text, Disposition::Enforce, Delivery::Header);
    let directive = policy.directives.first().expect("one well-formed directive is kept");
    let list = directive.source_list.as_ref().expect("a fetch directive has a source list");
    let view = UrlView::from(&url);
    let origin = Origin::of(&UrlView::from(&page));
    let redirect_count = u32::from(case.redirected);
    let mut any = false;
    for (index, token) in tokens.iter().enumerate() {
        let source = list.sources.iter().find(|source| source.token == index);
        let engine = source.is_some_and(|source| {
            does_url_match_expression(&view, &source.expression, &origin, case.redirected).is_ok()
        });
        let expected = reference::does_url_match_expression(token, &url, &page, redirect_count);
        assert_eq!(
            engine,
            expected,
            "{token:?} (parsed as {:?}) vs {url} from page {page}, redirected: {}",
            source.map(|s| &s.expression),
            case.redirected
        );
        any |= expected;
    }
    let list_match = does_url_match_source_list(&view, list, &origin, case.redirected).is_some();
    assert_eq!(list_match, any, "the list {tokens:?} vs {url}");
    if let Some(kind) = case.directive.request_kind() {
        let policies = PolicyList::parse(&text, Disposition::Enforce);
        let request = Request { url: view, kind, redirected: case.redirected };
        assert_eq!(policies.allows(&request, &origin), any, "the decision on {text:?} for {url}");
        assert_eq!(policies.check(&request, &origin).allowed(), any, "check and allows disagree");
    }
}
