//! Conformance cases written from the CSP Level 3 text, one table per algorithm. Each case names
//! what it probes. Where Chromium deviates from the text, the case says "Chromium:" and expects
//! what Chromium does (the differential test in tests/differential checks those against Chromium).
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::allowed;

/// (what it probes, policy, page, url, kind, expected allowed)
type Case = (&'static str, &'static str, &'static str, &'static str, &'static str, bool);

fn run(table: &[Case]) {
    let failures: Vec<String> = table
        .iter()
        .filter(|(_, policy, page, url, kind, expected)| allowed(&[policy], page, url, kind) != *expected)
        .map(|(probe, policy, page, url, kind, expected)| {
            format!("{probe}: `{policy}` on {page}, {kind} {url}: expected allowed={expected}")
        })
        .collect();
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

const PAGE: &str = "https://app.example/";
const HTTP_PAGE: &str = "http://app.example/";

#[test]
#[rustfmt::skip]
fn parse_serialized_policy_2_2_1() {
    run(&[
        ("directive names are case-insensitive", "CONNECT-SRC https://a.example", PAGE, "https://b.example/", "fetch", false),
        ("empty tokens between semicolons are skipped", ";; connect-src https://a.example ;;", PAGE, "https://b.example/", "fetch", false),
        ("tabs, form feeds and newlines are whitespace", "connect-src\thttps://a.example\x0chttps://b.example", PAGE, "https://b.example/", "fetch", true),
        ("the first duplicate wins", "connect-src https://a.example; connect-src https://b.example", PAGE, "https://b.example/", "fetch", false),
        ("a directive with no value allows nothing", "connect-src", PAGE, "https://app.example/", "fetch", false),
        ("unknown directives do nothing", "conect-src https://a.example", PAGE, "https://b.example/", "fetch", true),
        ("Chromium: a non-ASCII value drops the directive", "default-src 'none'; connect-src https://ä.example", PAGE, "https://b.example/", "fetch", false),
        ("Chromium: a dropped directive still claims its name", "connect-src https://ä.example; connect-src https://b.example", PAGE, "https://b.example/", "fetch", true),
    ]);
}

#[test]
#[rustfmt::skip]
fn policy_lists_4_1() {
    let both = |policies: &[&str], url| allowed(policies, PAGE, url, "fetch");
    // Every enforced policy must allow the request: the effective policy is the intersection.
    assert!(!both(&["connect-src https://a.example", "connect-src https://b.example"], "https://a.example/"));
    assert!(both(&["connect-src https://a.example https://b.example", "connect-src https://b.example"], "https://b.example/"));
    // A comma joins two policies in one header value.
    assert!(!both(&["connect-src https://a.example, connect-src https://b.example"], "https://a.example/"));
    // A policy without the governing directive does not restrict.
    assert!(both(&["img-src 'none'", "connect-src https://a.example"], "https://a.example/"));
}

#[test]
#[rustfmt::skip]
fn report_only_policies_only_report() {
    use csp_tools::{Delivery, Disposition, PolicyList};
    let mut list = PolicyList::default();
    list.add("connect-src https://a.example", Disposition::Enforce, Delivery::Header);
    list.add("connect-src 'none'", Disposition::Report, Delivery::Header);
    assert!(common::decide(&list, PAGE, "https://a.example/", "fetch", false));
    assert!(!common::decide(&list, PAGE, "https://b.example/", "fetch", false));
}

#[test]
#[rustfmt::skip]
fn meta_delivery_ignores_frame_ancestors_report_uri_sandbox() {
    use csp_tools::policy::DiagnosticKind;
    use csp_tools::{Delivery, Disposition, PolicyList};
    let mut list = PolicyList::default();
    list.add("frame-ancestors 'none'; report-uri /r; sandbox; connect-src 'self'", Disposition::Enforce, Delivery::Meta);
    let policy = &list.policies[0];
    let names: Vec<_> = policy.directives.iter().map(|d| d.name.as_str()).collect();
    assert_eq!(names, ["connect-src"]);
    let ignored = policy.diagnostics.iter().filter(|d| d.kind == DiagnosticKind::IgnoredInMeta).count();
    assert_eq!(ignored, 3);
}

#[test]
#[rustfmt::skip]
fn effective_directive_and_fallback_lists_6_8() {
    run(&[
        ("connect-src falls back to default-src", "default-src https://a.example", PAGE, "https://b.example/", "fetch", false),
        ("websocket is connect-src", "connect-src wss://a.example; default-src 'none'", PAGE, "wss://a.example/", "websocket", true),
        ("eventsource is connect-src", "connect-src 'none'", PAGE, "https://app.example/e", "eventsource", false),
        ("beacon is connect-src", "connect-src 'none'", PAGE, "https://app.example/b", "beacon", false),
        ("a present directive stops the fallback", "default-src 'none'; connect-src *", PAGE, "https://b.example/", "fetch", true),
        ("img-src falls back to default-src", "default-src 'self'", PAGE, "https://cdn.example/x.png", "img", false),
        ("script requests use script-src-elem, then script-src", "script-src https://cdn.example; default-src 'none'", PAGE, "https://cdn.example/a.js", "script", true),
        ("script-src-elem wins over script-src", "script-src-elem 'none'; script-src *", PAGE, "https://cdn.example/a.js", "script", false),
        ("style requests use style-src-elem, then style-src", "style-src 'self'", PAGE, "https://cdn.example/a.css", "style", false),
        ("worker-src falls back to child-src", "child-src 'none'; script-src *", PAGE, "https://app.example/w.js", "worker", false),
        ("worker-src then falls back to script-src", "script-src 'none'; default-src *", PAGE, "https://app.example/w.js", "worker", false),
        ("frame-src falls back to child-src", "child-src https://embed.example", PAGE, "https://embed.example/", "frame", true),
        ("frame-src does not fall back to script-src", "script-src 'none'", PAGE, "https://embed.example/", "frame", true),
        ("font, media, object, manifest fall back to default-src", "default-src 'none'", PAGE, "https://app.example/f.woff", "font", false),
        ("media falls back to default-src", "default-src 'none'", PAGE, "https://app.example/v.mp4", "media", false),
        ("object falls back to default-src", "default-src 'none'", PAGE, "https://app.example/o", "object", false),
        ("manifest falls back to default-src", "default-src 'none'", PAGE, "https://app.example/m.json", "manifest", false),
        ("form-action does not fall back to default-src", "default-src 'none'", PAGE, "https://elsewhere.example/", "form-action", true),
        ("form-action governs forms", "form-action 'self'", PAGE, "https://elsewhere.example/", "form-action", false),
        ("no directive governs top-level navigation", "default-src 'none'", PAGE, "https://elsewhere.example/", "navigation", true),
    ]);
}

#[test]
#[rustfmt::skip]
fn source_list_6_7_2_5() {
    run(&[
        ("'none' alone matches nothing", "connect-src 'none'", PAGE, "https://app.example/", "fetch", false),
        ("'none' is ignored next to other sources", "connect-src 'none' https://a.example", PAGE, "https://a.example/", "fetch", true),
        ("keywords never match URLs", "connect-src 'unsafe-inline' 'nonce-abc' 'sha256-abcd'", PAGE, "https://app.example/", "fetch", false),
        ("invalid expressions are ignored, valid ones still count", "connect-src ht^tp://x https://a.example", PAGE, "https://a.example/", "fetch", true),
    ]);
}

#[test]
#[rustfmt::skip]
fn star_6_7_2_6_step_1() {
    run(&[
        ("* matches https", "connect-src *", PAGE, "https://any.example/", "fetch", true),
        ("* matches http from an https page", "img-src *", PAGE, "http://any.example/", "img", true),
        ("Chromium: * matches wss", "connect-src *", PAGE, "wss://any.example/", "websocket", true),
        ("* does not match data:", "img-src *", PAGE, "data:image/png;base64,AA==", "img", false),
        ("* does not match blob:", "img-src *", PAGE, "blob:https://app.example/1234", "img", false),
        ("data: must be listed", "img-src * data:", PAGE, "data:image/png;base64,AA==", "img", true),
        ("* matches the page's own scheme", "img-src *", "ftp://files.example/", "ftp://other.example/x", "img", true),
    ]);
}

#[test]
#[rustfmt::skip]
fn scheme_part_6_7_2_7() {
    run(&[
        ("scheme-source matches its scheme", "connect-src https:", PAGE, "https://x.example/", "fetch", true),
        ("scheme-sources are case-insensitive", "connect-src HTTPS:", PAGE, "https://x.example/", "fetch", true),
        ("http: upgrades to https", "connect-src http:", PAGE, "https://x.example/", "fetch", true),
        ("https: does not downgrade", "img-src https:", PAGE, "http://x.example/", "img", false),
        ("ws: upgrades to wss", "connect-src ws:", PAGE, "wss://x.example/", "websocket", true),
        ("https: does not cover wss", "connect-src https:", PAGE, "wss://x.example/", "websocket", false),
        ("Chromium: wss: does not cover https (the text says it does)", "connect-src wss:", PAGE, "https://x.example/", "fetch", false),
        ("Chromium: ws: does not cover http (the text says it does)", "connect-src ws:", HTTP_PAGE, "http://x.example/", "fetch", false),
        ("a scheme-less host takes the page's scheme", "connect-src api.example", HTTP_PAGE, "http://api.example/", "fetch", true),
        ("…and its secure upgrade", "connect-src api.example", HTTP_PAGE, "https://api.example/", "fetch", true),
        ("…but not a downgrade", "img-src api.example", PAGE, "http://api.example/", "img", false),
        ("…nor another scheme", "connect-src api.example", PAGE, "wss://api.example/", "websocket", false),
    ]);
}

#[test]
#[rustfmt::skip]
fn host_part_6_7_2_8() {
    run(&[
        ("exact host", "connect-src https://api.example", PAGE, "https://api.example/", "fetch", true),
        ("hosts are case-insensitive", "connect-src https://API.Example", PAGE, "https://api.example/", "fetch", true),
        ("a different host", "connect-src https://api.example", PAGE, "https://api2.example/", "fetch", false),
        ("a wildcard matches a subdomain", "connect-src https://*.example", PAGE, "https://api.example/", "fetch", true),
        ("a wildcard matches deeper subdomains", "connect-src https://*.example", PAGE, "https://a.b.example/", "fetch", true),
        ("a wildcard never matches the apex", "connect-src https://*.example.com", PAGE, "https://example.com/", "fetch", false),
        ("a wildcard matches whole labels only", "connect-src https://*.example.com", PAGE, "https://badexample.com/", "fetch", false),
        ("a host is not a suffix match", "connect-src https://example.com", PAGE, "https://api.example.com/", "fetch", false),
        ("IPv4 literals match exactly", "connect-src http://127.0.0.1:*", HTTP_PAGE, "http://127.0.0.1:9000/", "fetch", true),
        ("IPv4 literal of another address", "connect-src http://127.0.0.1", HTTP_PAGE, "http://127.0.0.2/", "fetch", false),
        ("a bare * host with a port", "connect-src *:8443", PAGE, "https://any.example:8443/", "fetch", true),
        ("Chromium: a trailing dot makes the source invalid", "connect-src https://api.example.", PAGE, "https://api.example/", "fetch", false),
        ("IDN hosts compare as Punycode", "connect-src https://xn--caf-dma.example", PAGE, "https://café.example/", "fetch", true),
    ]);
}

#[test]
#[rustfmt::skip]
fn port_part_6_7_2_9() {
    run(&[
        ("no port means the default port", "connect-src https://api.example", PAGE, "https://api.example:443/", "fetch", true),
        ("no port does not match another port", "connect-src https://api.example", PAGE, "https://api.example:8443/", "fetch", false),
        ("an explicit default port matches the implicit one", "connect-src https://api.example:443", PAGE, "https://api.example/", "fetch", true),
        ("an explicit port", "connect-src https://api.example:8443", PAGE, "https://api.example:8443/", "fetch", true),
        ("* matches any port", "connect-src https://api.example:*", PAGE, "https://api.example:1/", "fetch", true),
        ("an out-of-range port parses but never matches", "connect-src https://api.example:70000", PAGE, "https://api.example/", "fetch", false),
        ("http to https upgrade keeps default ports", "connect-src http://api.example", HTTP_PAGE, "https://api.example/", "fetch", true),
        ("Chromium: port 80 upgrades to 443 with the scheme", "connect-src http://api.example:80", HTTP_PAGE, "https://api.example/", "fetch", true),
        ("Chromium: but not without the scheme", "connect-src https://api.example:80", HTTP_PAGE, "https://api.example/", "fetch", false),
        ("Chromium: no scheme upgrade on a non-default port", "connect-src http://api.example:8080", HTTP_PAGE, "https://api.example:8080/", "fetch", false),
    ]);
}

#[test]
#[rustfmt::skip]
fn path_part_6_7_2_10() {
    run(&[
        ("a path ending in / is a prefix", "connect-src https://api.example/v1/", PAGE, "https://api.example/v1/items/3", "fetch", true),
        ("a prefix matches whole segments", "connect-src https://api.example/v1/", PAGE, "https://api.example/v10/x", "fetch", false),
        ("a path without / is exact", "connect-src https://api.example/v1", PAGE, "https://api.example/v1", "fetch", true),
        ("an exact path is not a prefix", "connect-src https://api.example/v1", PAGE, "https://api.example/v1/x", "fetch", false),
        ("paths are case-sensitive", "connect-src https://api.example/V1/", PAGE, "https://api.example/v1/x", "fetch", false),
        ("/ matches every path", "connect-src https://api.example/", PAGE, "https://api.example/a/b", "fetch", true),
        ("percent-encoding is decoded on both sides", "connect-src https://api.example/caf%C3%A9/", PAGE, "https://api.example/café/menu", "fetch", true),
        ("Chromium: a decoded %2F separates segments", "connect-src https://api.example/a/b", PAGE, "https://api.example/a%2Fb", "fetch", true),
        ("the query of a URL is not part of its path", "connect-src https://api.example/v1", PAGE, "https://api.example/v1?x=/v2", "fetch", true),
        ("Chromium: a source's query is dropped, the source kept", "connect-src https://api.example/v1?x", PAGE, "https://api.example/v1", "fetch", true),
    ]);
}

#[test]
#[rustfmt::skip]
fn paths_are_ignored_after_a_redirect_6_7_2_6_step_3_6() {
    use csp_tools::{Disposition, PolicyList};
    let list = PolicyList::parse("connect-src https://api.example/v1/", Disposition::Enforce);
    assert!(!common::decide(&list, PAGE, "https://api.example/other", "fetch", false));
    assert!(common::decide(&list, PAGE, "https://api.example/other", "fetch", true));
    assert!(!common::decide(&list, PAGE, "https://evil.example/v1/", "fetch", true));
}

#[test]
#[rustfmt::skip]
fn self_6_7_2_6_step_4() {
    run(&[
        ("same origin", "connect-src 'self'", PAGE, "https://app.example/x", "fetch", true),
        ("'self' is case-insensitive", "connect-src 'SELF'", PAGE, "https://app.example/x", "fetch", true),
        ("another host", "connect-src 'self'", PAGE, "https://api.app.example/", "fetch", false),
        ("wss on the same host from an https page", "connect-src 'self'", PAGE, "wss://app.example/", "websocket", true),
        ("https upgrade from an http page", "connect-src 'self'", HTTP_PAGE, "https://app.example/", "fetch", true),
        ("ws and wss from an http page", "connect-src 'self'", HTTP_PAGE, "ws://app.example/", "websocket", true),
        ("no downgrade from an https page", "img-src 'self'", PAGE, "http://app.example/", "img", false),
        ("another port", "connect-src 'self'", PAGE, "https://app.example:8443/", "fetch", false),
        ("a non-default page port, same port", "connect-src 'self'", "http://app.example:8080/", "https://app.example:8080/", "fetch", true),
        ("Chromium: a non-default page port does not upgrade to 443", "connect-src 'self'", "http://app.example:8080/", "https://app.example/", "fetch", false),
        ("Chromium: the self-source has the effective port", "connect-src 'self'", HTTP_PAGE, "https://app.example:80/", "fetch", true),
        ("an opaque page origin matches nothing as 'self'", "img-src 'self'", "data:text/html,x", "https://app.example/", "img", false),
    ]);
}

#[test]
#[rustfmt::skip]
fn source_expression_grammar_2_3_1() {
    use csp_tools::policy::{parse_source_expression, DirectiveName};
    let connect = DirectiveName::ConnectSrc;
    let valid = [
        "*", "'self'", "'none'", "https:", "custom-scheme+1.x:", "example.com", "*.example.com",
        "https://*.example.com:12/path/to/file.js", "example.com:*", "*:443", "127.0.0.1", "a-b.example",
        "'unsafe-inline'", "'unsafe-eval'", "'wasm-unsafe-eval'", "'strict-dynamic'", "'unsafe-hashes'",
        "'report-sample'", "'nonce-abc+/-_=='", "'sha256-abc='", "'sha384-AAAA'", "'sha512-AAAA'",
        "'sha-256-AAAA'", "'NONCE-abc'", "'UNSAFE-INLINE'",
        // A scheme-source: schemes may contain dots.
        "example.com:",
    ];
    for token in valid {
        assert!(parse_source_expression(token, connect).is_ok(), "{token} should be valid");
    }
    let invalid = [
        "'self", "self'", "'unknown-keyword'", "https:/x", "1https:", "exa mple", "*.", "**.example",
        "example.*.com", "ex_ample.com", "example..com", "example.com:80a", "example.com.",
        "'nonce-'", "'nonce-a=b'", "'nonce-abc===",  "'sha256-'", "'sha1-AAAA'", "'sha256-A'", "https://",
        "example.com:99999999999", "[::1]", "example.com:80path",
    ];
    for token in invalid {
        assert!(parse_source_expression(token, connect).is_err(), "{token} should be invalid");
    }
    // Chromium: host "https" with path "//x", although RFC 3986's path-absolute forbids "//".
    assert!(parse_source_expression("https//x", connect).is_ok());
    // Chromium ignores 'inline-speculation-rules' outside script-src and script-src-elem.
    assert!(parse_source_expression("'inline-speculation-rules'", DirectiveName::ScriptSrc).is_ok());
    assert!(parse_source_expression("'inline-speculation-rules'", connect).is_err());
    // frame-ancestors takes only URL sources.
    assert!(parse_source_expression("'unsafe-inline'", DirectiveName::FrameAncestors).is_err());
}

#[test]
#[rustfmt::skip]
fn spans_point_at_directives_and_sources() {
    use csp_tools::policy::DiagnosticKind;
    use csp_tools::{Disposition, PolicyList};
    let header = "img-src 'none',  connect-src https://a.example ht^tp://bad ; connect-src x";
    let list = PolicyList::parse(header, Disposition::Enforce);
    let policy = &list.policies[1];
    assert_eq!(&header[policy.offset..][..policy.text.len()], policy.text);
    let connect = &policy.directives[0];
    assert_eq!(&policy.text[connect.span.clone()], "connect-src https://a.example ht^tp://bad");
    assert_eq!(&policy.text[connect.value[1].span.clone()], "ht^tp://bad");
    let kinds: Vec<_> = policy.diagnostics.iter().map(|d| (d.kind, &policy.text[d.span.clone()])).collect();
    assert_eq!(
        kinds,
        [(DiagnosticKind::InvalidSource, "ht^tp://bad"), (DiagnosticKind::DuplicateDirective, "connect-src x")]
    );
}

#[test]
fn duplicates_are_looked_for_among_known_directives() {
    use csp_tools::Disposition;
    use csp_tools::policy::{Delivery, DiagnosticKind, parse_serialized_policy};
    let policy = parse_serialized_policy(
        "CONNECT-SRC a; foo-src x; connect-src b; FOO-SRC y",
        Disposition::Enforce,
        Delivery::Header,
    );
    let names: Vec<_> = policy.directives.iter().map(|d| d.name.as_str()).collect();
    assert_eq!(names, ["connect-src", "foo-src", "foo-src"], "an unknown name is kept each time");
    let kinds: Vec<_> = policy.diagnostics.iter().map(|d| (d.kind, &policy.text[d.span.clone()])).collect();
    assert_eq!(
        kinds,
        [
            (DiagnosticKind::UnknownDirective, "foo-src x"),
            (DiagnosticKind::DuplicateDirective, "connect-src b"),
            (DiagnosticKind::UnknownDirective, "FOO-SRC y"),
        ]
    );
}
