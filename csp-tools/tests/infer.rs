//! `infer` on a fixture widget: the exact least-privilege policy, checked by the engine against
//! every URL the widget uses and some it does not; the unresolved list; bad directories.
#![cfg(all(not(target_arch = "wasm32"), feature = "cli"))]

mod common;

use std::process::Command;

use csp_tools::hash::hash_source;
use csp_tools::infer::{FileKind, SourceFile, WalkError, infer_dir, infer_files};
use csp_tools::policy::{HashAlgorithm, parse_serialized_policy};
use csp_tools::{Delivery, Disposition};

const WIDGET: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/widget");

#[test]
fn the_fixture_widget_gets_exactly_what_it_uses() {
    let inferred = infer_dir(WIDGET.as_ref(), HashAlgorithm::Sha256).expect("scans");
    assert_eq!(inferred.files, 6);
    let script_hash = hash_source(HashAlgorithm::Sha256, b"window.__CONFIG__ = { theme: \"dark\" };");
    let style_hash = hash_source(HashAlgorithm::Sha256, b"body { margin: 0 }");
    let expected = format!(
        "default-src 'none'; \
         script-src 'self' https://cdn.example-cdn.com {script_hash} 'wasm-unsafe-eval'; \
         style-src 'self' https://fonts.example-cdn.com {style_hash}; \
         img-src 'self' data: https://images.example-cdn.com; \
         font-src https://fonts.example-static.com; \
         media-src https://media.example-cdn.com; \
         connect-src 'self' https://api.example.com https://telemetry.example.com wss://realtime.example.com; \
         frame-src https://player.example-video.com; \
         worker-src 'none'; \
         object-src 'none'; base-uri 'none'; form-action 'none'"
    );
    assert_eq!(inferred.policy, expected);
    let parsed = parse_serialized_policy(&inferred.policy, Disposition::Enforce, Delivery::Header);
    assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);

    let page = "https://sandbox.host.example/index.html";
    let ok = |url: &str, kind: &str| common::allowed(&[&inferred.policy], page, url, kind);
    // Everything the widget uses is allowed…
    for (url, kind) in [
        ("https://sandbox.host.example/assets/app.js", "script"),
        ("https://cdn.example-cdn.com/lib/chart.js", "script"),
        ("https://api.example.com/v1/items/7", "fetch"),
        ("wss://realtime.example.com/socket", "websocket"),
        ("https://sandbox.host.example/events", "eventsource"),
        ("https://telemetry.example.com/collect", "xhr"),
        ("https://telemetry.example.com/beacon", "beacon"),
        ("https://fonts.example-static.com/inter.woff2", "font"),
        ("https://images.example-cdn.com/hero@2x.png", "img"),
        ("https://media.example-cdn.com/intro.mp4", "media"),
        ("https://player.example-video.com/embed/1", "frame"),
        ("https://fonts.example-cdn.com/inter.css", "style"),
    ] {
        assert!(ok(url, kind), "{kind} {url} should be allowed by {}", inferred.policy);
    }
    // …and nothing else: commented-out code, links, other kinds of load.
    for (url, kind) in [
        ("https://commented-out.example.com/", "fetch"),
        ("https://commented.example.com/x.png", "img"),
        ("https://example.com/docs", "fetch"),
        ("https://api.example.com/v1/items", "script"),
        ("https://images.example-cdn.com/x.js", "script"),
        ("https://evil.example/x", "object"),
        ("https://evil.example/x", "form-action"),
        ("https://sandbox.host.example/w.js", "worker"),
    ] {
        assert!(!ok(url, kind), "{kind} {url} should be blocked by {}", inferred.policy);
    }

    let unresolved: Vec<String> =
        inferred.unresolved.iter().map(|f| format!("{}:{}: {}", f.at.file, f.at.line, f.what)).collect();
    assert_eq!(
        unresolved,
        [
            "assets/app.css:5: url(var(--icon-url))",
            "assets/app.js:10: fetch(API + \"/config\")",
            "assets/render.js:5: import(window.pluginUrl)",
        ]
    );
    let skipped: Vec<&str> = inferred.skipped.iter().map(|f| f.what.as_str()).collect();
    assert_eq!(skipped, ["<button onclick>"]);
    assert!(inferred.notes.iter().any(|n| n.starts_with("'self' in connect-src:")), "{:?}", inferred.notes);
    assert_eq!(
        inferred.domains.connect,
        ["https://api.example.com", "https://telemetry.example.com", "wss://realtime.example.com"]
    );
    assert_eq!(inferred.domains.frame, ["https://player.example-video.com"]);
    assert!(inferred.domains.resource.contains(&"https://fonts.example-static.com".to_owned()));
}

#[test]
fn an_empty_widget_is_denied_everything_and_odd_urls_are_explained() {
    let file = |path: &str, kind, text: &str| SourceFile { path: path.into(), kind, text: text.into() };
    let empty = infer_files(&[file("index.html", FileKind::Html, "<p>hi</p>")], HashAlgorithm::Sha256);
    assert_eq!(
        empty.policy,
        "default-src 'none'; connect-src 'none'; worker-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'"
    );
    let odd = infer_files(
        &[file(
            "a.js",
            FileKind::Js,
            "import React from 'react';\nfetch('http://insecure.example.com/x?token=s3cret');\nnew Worker('data:text/javascript,1');\n",
        )],
        HashAlgorithm::Sha256,
    );
    let unresolved: Vec<&str> = odd.unresolved.iter().map(|f| f.why.as_str()).collect();
    assert!(unresolved[0].contains("bare module specifier"), "{unresolved:?}");
    assert!(unresolved[1].contains("data: script"), "{unresolved:?}");
    assert!(odd.policy.contains("connect-src http://insecure.example.com"), "{}", odd.policy);
    assert!(odd.skipped[0].why.contains("insecure origin"), "{:?}", odd.skipped);
    assert!(!format!("{odd:?}").contains("s3cret"), "printed findings keep no query: {odd:?}");
}

#[test]
fn unreadable_and_wrong_directories_are_clear_errors() {
    let base = std::env::temp_dir().join(format!("csp-tools-infer-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&base);
    std::fs::create_dir_all(base.join("bad")).expect("dir");
    std::fs::write(base.join("bad/app.js"), b"fetch('\xff')").expect("write");
    assert!(
        matches!(infer_dir(&base.join("bad"), HashAlgorithm::Sha256), Err(WalkError::NotUtf8 { path }) if path == "app.js")
    );
    assert!(matches!(infer_dir(&base.join("bad/app.js"), HashAlgorithm::Sha256), Err(WalkError::NotADirectory(_))));
    assert!(matches!(infer_dir(&base.join("missing"), HashAlgorithm::Sha256), Err(WalkError::Read { .. })));
    std::fs::create_dir_all(base.join("big")).expect("dir");
    std::fs::write(base.join("big/huge.js"), vec![b' '; 17 << 20]).expect("write");
    assert!(matches!(infer_dir(&base.join("big"), HashAlgorithm::Sha256), Err(WalkError::TooLarge { .. })));
    let _ = std::fs::remove_dir_all(&base);
}

#[test]
fn the_cli_prints_policy_meta_and_unresolved_or_json() {
    let run =
        |args: &[&str]| Command::new(env!("CARGO_BIN_EXE_csp-tools")).arg("infer").args(args).output().expect("runs");
    let out = run(&[WIDGET]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Content-Security-Policy: default-src 'none'; script-src 'self'"), "{text}");
    assert!(text.contains("\"openai/widgetCSP\"") && text.contains("\"connectDomains\""), "{text}");
    assert!(text.contains("assets/render.js:5: import(window.pluginUrl)"), "{text}");
    let out = run(&["--format", "json", WIDGET]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(json["openai_widget_csp"]["openai/widgetCSP"]["frame_domains"][0], "https://player.example-video.com");
    assert_eq!(json["unresolved"].as_array().map(Vec::len), Some(3));
    let out = run(&["/nonexistent-dir"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read /nonexistent-dir"));
}

mod everything_found_is_allowed {
    //! Soundness against the engine: every literal URL placed at a sink in a generated widget is
    //! allowed by the inferred policy for that kind of request, and an unrelated origin is not.

    use super::common;
    use csp_tools::infer::{FileKind, SourceFile, infer_files};
    use csp_tools::policy::HashAlgorithm;
    use proptest::prelude::*;

    const URLS: [&str; 9] = [
        "https://api.example.com/v1/x",
        "https://cdn.example.net:8443/lib/a.js",
        "https://Mixed.Case.example.org/p?q=1#f",
        "//protocol-relative.example.com/x",
        "/absolute/path",
        "relative/path.png",
        "../up/one.css",
        "https://xn--bcher-kva.example/b",
        "https://127.0.0.1:3000/local",
    ];

    /// (file kind, text around the URL, request kind the engine checks)
    const SINKS: [(FileKind, &str, &str, &str); 7] = [
        (FileKind::Js, "fetch(\"", "\", {method: 'POST'});", "fetch"),
        (FileKind::Js, "navigator.sendBeacon(`", "`, data);", "beacon"),
        (FileKind::Js, "const m = await import('", "');", "script"),
        (FileKind::Css, ".a { background: url(\"", "\") }", "img"),
        (FileKind::Html, "<img alt=x src=\"", "\">", "img"),
        (FileKind::Html, "<iframe src='", "'></iframe>", "frame"),
        (FileKind::Html, "<link rel=stylesheet href=\"", "\">", "style"),
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        #[test]
        fn inferred_policy_allows_every_sink_url(picks in prop::collection::vec((0..SINKS.len(), 0..URLS.len()), 1..8)) {
            let mut files = Vec::new();
            for (n, (sink, url)) in picks.iter().enumerate() {
                let (kind, before, after, _) = SINKS[*sink];
                let text = format!("// file {n}\n{before}{}{after}\n", URLS[*url]);
                let ext = match kind { FileKind::Js => "js", FileKind::Css => "css", _ => "html" };
                files.push(SourceFile { path: format!("f{n}.{ext}"), kind, text });
            }
            let inferred = infer_files(&files, HashAlgorithm::Sha256);
            let page = "https://sandbox.host.example/dir/index.html";
            // A module specifier such as "relative/path.png" is bare: listed as unresolved, by design.
            let bare = |sink: usize, url: usize| SINKS[sink].3 == "script" && URLS[url] == "relative/path.png";
            for (sink, url) in &picks {
                let request_kind = SINKS[*sink].3;
                if bare(*sink, *url) {
                    continue;
                }
                let target = if URLS[*url].starts_with("//") { format!("https:{}", URLS[*url]) } else { URLS[*url].to_owned() };
                prop_assert!(common::allowed(&[&inferred.policy], page, &target, request_kind),
                    "{request_kind} {target} blocked by {}", inferred.policy);
                prop_assert!(!common::allowed(&[&inferred.policy], page, "https://unrelated.example/", request_kind),
                    "{request_kind} to an unrelated origin allowed by {}", inferred.policy);
            }
            let expected_unresolved = picks.iter().filter(|(s, u)| bare(*s, *u)).count();
            prop_assert_eq!(inferred.unresolved.len(), expected_unresolved, "{:?}", inferred.unresolved);
        }
    }
}
