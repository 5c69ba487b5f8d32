//! The authoring tools never panic on arbitrary input: the HTML, CSS and JS scanners, `hash`,
//! `infer`'s core, `diff`, the config parser and the `_meta` reader.
#![cfg(all(not(target_arch = "wasm32"), feature = "cli"))]

use csp_tools::generate::Config;
use csp_tools::infer::{FileKind, SourceFile, infer_files};
use csp_tools::policy::HashAlgorithm;
use proptest::prelude::*;

/// Text biased towards the characters the lexers branch on, plus any Unicode.
fn tricky() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "<script>",
        "</script>",
        "<!--",
        "-->",
        "<style>",
        "url(",
        "@import",
        "@font-face{",
        "}",
        "{",
        "\\",
        "`",
        "${",
        "'",
        "\"",
        "/",
        "/*",
        "*/",
        "//",
        "\n",
        "\r\n",
        "fetch(",
        "import(",
        "new WebSocket(",
        "é",
        "✓",
        "\u{0}",
        "srcset=\"",
        "a.png 2x,",
        "<img src=",
        ">",
        "javascript:",
        "https://a.example/",
        "+",
        ")",
        "(",
    ]);
    prop_oneof![prop::collection::vec(pieces, 0..40).prop_map(|v| v.concat()), any::<String>(),]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn scanners_and_tools_do_not_panic(text in tricky(), other in tricky()) {
        let _ = csp_tools::scan::html::scan_html(&text);
        let _ = csp_tools::scan::css::scan_css(&text);
        let _ = csp_tools::scan::js::scan_js(&text);
        let _ = csp_tools::hash::hash_html(&text, HashAlgorithm::Sha384);
        let files = [
            SourceFile { path: "a.html".into(), kind: FileKind::Html, text: text.clone() },
            SourceFile { path: "a.js".into(), kind: FileKind::Js, text: other.clone() },
            SourceFile { path: "a.css".into(), kind: FileKind::Css, text: other.clone() },
        ];
        let _ = infer_files(&files, HashAlgorithm::Sha256);
        let _ = csp_tools::diff::diff_policies(&text, &other);
        let _ = csp_tools::widget_meta::parse_meta(&text);
        let _ = csp_tools::widget_meta::domains_from_policy(&text);
        if let Ok(config) = Config::parse(text.as_bytes()) {
            let _ = csp_tools::generate::generate(&config);
        }
    }

    #[test]
    fn any_domain_either_validates_or_is_refused_with_a_message(domain in tricky()) {
        let mut config = Config::default();
        config.domains.connect = vec![domain];
        match csp_tools::generate::generate(&config) {
            Ok(generated) => {
                // Whatever was accepted yields a policy that parses cleanly.
                let policy = csp_tools::policy::parse_serialized_policy(
                    &generated.policy(), csp_tools::Disposition::Enforce, csp_tools::Delivery::Header);
                prop_assert!(policy.diagnostics.is_empty(), "{:?}", policy.diagnostics);
            }
            Err(error) => prop_assert!(!error.to_string().is_empty()),
        }
    }
}

/// The real-world corpus: every policy diffed against itself reports no change, every adjacent
/// pair diffs without panicking, and every policy converts to a `_meta` declaration that the
/// generator accepts or refuses with a message.
#[test]
fn real_world_policies_diff_and_convert() {
    const CORPUS: &str = include_str!("../../tests/data/real-csp.txt");
    let policies: Vec<&str> = CORPUS.lines().filter(|l| !l.trim().is_empty()).collect();
    assert!(policies.len() > 1000, "corpus has {} policies", policies.len());
    let mut converted = 0;
    for pair in policies.windows(2) {
        let same = csp_tools::diff::diff_policies(pair[0], pair[0]);
        assert!(same.changes.is_empty(), "{} vs itself: {:?}", pair[0], same.changes);
        let _ = csp_tools::diff::diff_policies(pair[0], pair[1]);
        let (domains, _) = csp_tools::widget_meta::domains_from_policy(pair[0]);
        let config = Config { domains, ..Config::default() };
        match csp_tools::generate::generate(&config) {
            Ok(_) => converted += 1,
            Err(error) => assert!(!error.to_string().is_empty()),
        }
    }
    assert!(converted > 0);
}
