//! `diff`: each change classified by the engine; table-driven, plus the CLI's exit codes.
#![cfg(all(not(target_arch = "wasm32"), feature = "cli"))]

use std::process::Command;

use csp_tools::diff::{Effect, diff_policies};

/// (directive, change, effect) triples of a diff, for compact assertions.
fn changes(old: &str, new: &str) -> Vec<(String, String, Effect)> {
    diff_policies(old, new).changes.into_iter().map(|c| (c.directive, c.change, c.effect)).collect()
}

fn one(directive: &str, change: &str, effect: Effect) -> (String, String, Effect) {
    (directive.into(), change.into(), effect)
}

use Effect::{Loosening, Neutral, Tightening};

#[test]
fn sources_added_and_removed() {
    assert_eq!(
        changes("script-src 'self'", "script-src 'self' https://cdn.example.com"),
        [
            one("script-src", "added https://cdn.example.com", Loosening),
            one("worker-src", "added https://cdn.example.com", Loosening)
        ]
    );
    assert_eq!(
        changes("script-src 'self' 'unsafe-inline'", "script-src 'self'"),
        [one("script-src", "removed 'unsafe-inline'", Tightening)]
    );
    assert_eq!(
        changes("script-src 'self' 'unsafe-eval'", "script-src 'self'")[0],
        one("script-src", "removed 'unsafe-eval'", Tightening)
    );
    assert_eq!(changes("connect-src https://a.example", "connect-src https://b.example").len(), 2);
}

#[test]
fn the_engine_decides_whether_a_source_is_already_covered() {
    // https: already allows https://a.example; *.example.com covers api.example.com.
    assert_eq!(
        changes("img-src https:", "img-src https: https://a.example"),
        [one("img-src", "added https://a.example", Neutral)]
    );
    assert_eq!(
        changes("connect-src https://*.example.com", "connect-src https://*.example.com https://api.example.com"),
        [one("connect-src", "added https://api.example.com", Neutral)]
    );
    // …but not the apex, and not another scheme.
    assert_eq!(
        changes("connect-src https://*.example.com", "connect-src https://*.example.com https://example.com")[0].2,
        Loosening
    );
    assert_eq!(
        changes("connect-src https://a.example", "connect-src https://a.example wss://a.example")[0].2,
        Loosening
    );
    // A narrower path removed while the origin stays: nothing changes.
    assert_eq!(
        changes("connect-src https://a.example https://a.example/v1/", "connect-src https://a.example"),
        [one("connect-src", "removed https://a.example/v1/", Neutral)]
    );
    // Case and order do not matter.
    assert!(changes("default-src 'self' https://A.example", "DEFAULT-SRC https://a.example 'SELF'").is_empty());
}

#[test]
fn default_src_changes_reach_the_directives_that_inherit_it() {
    let diff = diff_policies(
        "default-src 'self'; script-src 'self'",
        "default-src 'self' https://cdn.example.com; script-src 'self'",
    );
    let affected: Vec<(&str, Option<&str>)> =
        diff.changes.iter().map(|c| (c.directive.as_str(), c.via.as_deref())).collect();
    assert!(affected.contains(&("img-src", Some("default-src"))), "{affected:?}");
    assert!(affected.contains(&("connect-src", Some("default-src"))), "{affected:?}");
    assert!(!affected.iter().any(|(d, _)| *d == "script-src"), "script-src is set explicitly: {affected:?}");
    assert!(diff.changes.iter().all(|c| c.effect == Loosening));
    // Setting connect-src where default-src governed compares the two lists.
    let diff = diff_policies("default-src 'self'", "default-src 'self'; connect-src https://api.example.com");
    let connect: Vec<_> = diff.changes.iter().filter(|c| c.directive == "connect-src").collect();
    assert_eq!(connect.len(), 2, "{connect:?}");
    assert_eq!(connect[0].via.as_deref(), Some("default-src → connect-src"));
    assert!(connect.iter().any(|c| c.change == "added https://api.example.com" && c.effect == Loosening));
    assert!(connect.iter().any(|c| c.change == "removed 'self'" && c.effect == Tightening));
    // Removing a directive falls back: connect-src https: → default-src 'none' tightens.
    assert_eq!(
        changes("default-src 'none'; connect-src https:", "default-src 'none'"),
        [one("connect-src", "added 'none'", Neutral), one("connect-src", "removed https:", Tightening)]
    );
}

#[test]
fn inline_keywords_nonces_and_hashes() {
    let c = changes("script-src 'unsafe-inline'", "script-src 'unsafe-inline' 'nonce-abcdefgh12'");
    assert!(c.contains(&one("script-src", "'unsafe-inline' now ignored", Tightening)), "{c:?}");
    assert!(c.contains(&one("script-src", "added 'nonce-abcdefgh12'", Neutral)), "{c:?}");
    let c = changes("script-src 'self'", "script-src 'self' 'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='");
    assert_eq!(c[0].2, Loosening);
    // Adding 'unsafe-inline' next to a nonce does nothing.
    let c = changes("style-src 'nonce-abcdefgh12'", "style-src 'nonce-abcdefgh12' 'unsafe-inline'");
    assert_eq!(c, [one("style-src", "added 'unsafe-inline'", Neutral)]);
    // Keywords do not matter to directives that only load URLs.
    assert!(
        changes("default-src 'self'; script-src 'self'", "default-src 'self' 'unsafe-inline'; script-src 'self'")
            .iter()
            .all(|(d, _, e)| d == "style-src" && *e == Loosening)
    );
}

#[test]
fn directives_without_fallback_switches_and_reporting() {
    assert_eq!(changes("base-uri 'none'", ""), [one("base-uri", "removed", Loosening)]);
    assert_eq!(changes("", "form-action 'self'"), [one("form-action", "now set", Tightening)]);
    assert_eq!(changes("", "sandbox allow-forms"), [one("sandbox", "now set", Tightening)]);
    assert_eq!(changes("sandbox", "sandbox allow-scripts"), [one("sandbox", "added allow-scripts", Loosening)]);
    assert_eq!(changes("", "upgrade-insecure-requests"), [one("upgrade-insecure-requests", "now set", Tightening)]);
    assert_eq!(
        changes("report-uri https://a.example/r", "report-uri https://b.example/r"),
        [
            one("report-uri", "added https://b.example/r", Neutral),
            one("report-uri", "removed https://a.example/r", Neutral)
        ]
    );
    assert_eq!(changes("", "default-src 'none'").iter().filter(|c| c.2 == Tightening).count(), 10);
}

#[test]
fn the_cli_fails_on_loosen_only_when_asked() {
    let run =
        |args: &[&str]| Command::new(env!("CARGO_BIN_EXE_csp-tools")).arg("diff").args(args).output().expect("runs");
    let looser = ["script-src 'self'", "script-src 'self' 'unsafe-eval'"];
    assert_eq!(run(&looser).status.code(), Some(0));
    let out = run(&[looser[0], looser[1], "--fail-on-loosen"]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("loosening  script-src: added 'unsafe-eval': allows eval() and new Function()"), "{text}");
    assert!(text.contains("0 tightening, 1 loosening, 0 neutral"), "{text}");
    assert_eq!(run(&[looser[1], looser[0], "--fail-on-loosen"]).status.code(), Some(0));
    // JSON, @FILE with a header name, and a missing file.
    let dir = std::env::temp_dir().join(format!("csp-tools-diff-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let file = dir.join("old.txt");
    std::fs::write(&file, "Content-Security-Policy: connect-src https://a.example\n").expect("write");
    let out =
        run(&[&format!("@{}", file.display()), "connect-src https://a.example https://b.example", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(json["changes"][0]["effect"], "loosening");
    assert_eq!(json["summary"]["loosening"], 1);
    let out = run(&["@/nonexistent/policy.txt", "default-src 'none'"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read /nonexistent/policy.txt"));
    assert_eq!(run(&["only-one-argument"]).status.code(), Some(2));
    let _ = std::fs::remove_dir_all(&dir);
}

mod agrees_with_the_engine {
    //! Soundness against the engine: whenever NEW allows a request OLD blocks, the diff reports a
    //! loosening change, and whenever OLD allows one NEW blocks, a tightening change; identical
    //! decisions everywhere when the diff reports no URL-affecting change.

    use csp_tools::diff::{Effect, diff_policies, placeholder_origin};
    use csp_tools::{Disposition, PolicyList, Request, RequestKind, UrlView};
    use proptest::prelude::*;

    const SOURCES: [&str; 16] = [
        "'self'",
        "*",
        "https:",
        "http:",
        "wss:",
        "data:",
        "https://a.example",
        "https://*.a.example",
        "https://b.a.example",
        "https://a.example:8443",
        "https://a.example:*",
        "https://a.example/v1/",
        "https://a.example/v1/x",
        "a.example",
        "'none'",
        "'unsafe-inline'",
    ];
    const DIRECTIVES: [&str; 8] =
        ["default-src", "script-src", "img-src", "connect-src", "frame-src", "child-src", "worker-src", "object-src"];
    const URLS: [&str; 13] = [
        "https://a.example/",
        "https://a.example/v1/x",
        "https://a.example/v1/y",
        "https://b.a.example/",
        "https://c.a.example/",
        "https://a.example:8443/",
        "https://a.example:9000/",
        "http://a.example/",
        "wss://a.example/",
        "ws://a.example/",
        "https://self.csp-diff.invalid/x",
        "https://other.example/",
        "data:image/png,x",
    ];
    const KINDS: [RequestKind; 6] = [
        RequestKind::Script,
        RequestKind::Img,
        RequestKind::Fetch,
        RequestKind::Frame,
        RequestKind::Worker,
        RequestKind::Object,
    ];

    fn policy() -> impl Strategy<Value = String> {
        prop::collection::vec(
            (
                prop::sample::select(DIRECTIVES.to_vec()),
                prop::collection::vec(prop::sample::select(SOURCES.to_vec()), 0..4),
            ),
            0..4,
        )
        .prop_map(|directives| {
            directives
                .into_iter()
                .map(|(name, sources)| format!("{name} {}", sources.join(" ")))
                .collect::<Vec<_>>()
                .join("; ")
        })
    }

    fn allows(policy: &str, url: &url::Url, kind: RequestKind) -> bool {
        let list = PolicyList::parse(policy, Disposition::Enforce);
        let request = Request { url: UrlView::from(url), kind, redirected: false };
        list.allows(&request, &placeholder_origin())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]

        #[test]
        fn every_changed_decision_is_reported(old in policy(), new in policy()) {
            let diff = diff_policies(&old, &new);
            let has = |effect| diff.changes.iter().any(|c| c.effect == effect);
            for url in URLS {
                let url = url::Url::parse(url).expect("url");
                for kind in KINDS {
                    let (before, after) = (allows(&old, &url, kind), allows(&new, &url, kind));
                    let flipped_open = after && !before;
                    let flipped_shut = before && !after;
                    prop_assert!(!flipped_open || has(Effect::Loosening),
                        "{kind} {url}: NEW allows, OLD blocks, no loosening reported\nOLD {old}\nNEW {new}\n{:#?}", diff.changes);
                    prop_assert!(!flipped_shut || has(Effect::Tightening),
                        "{kind} {url}: OLD allows, NEW blocks, no tightening reported\nOLD {old}\nNEW {new}\n{:#?}", diff.changes);
                }
            }
        }
    }
}
