//! Inputs the fuzzers (`fuzz/`, `cargo +nightly fuzz run <target>`) found wrong, replayed under
//! plain `cargo test`. The raw libFuzzer inputs are in `fuzz/regressions/<target>/`; here each
//! is written the way a person reads it, under `tests/fuzz_regressions/`.
#![cfg(all(not(target_arch = "wasm32"), feature = "tools"))]

mod common;

use std::path::PathBuf;

use csp_tools::generate::{Config, FORMATS, generate, render};
use csp_tools::policy::parse_serialized_policy;
use csp_tools::{Disposition, PolicyList};

fn regressions(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz_regressions").join(name)
}

/// `source_match`: the engine decides each recorded case as Chromium does.
#[test]
fn source_match_cases_are_decided_as_chromium_does() {
    let cases = std::fs::read_to_string(regressions("source_match.txt")).expect("source_match.txt");
    let mut replayed = 0;
    for line in cases.lines().filter(|line| !line.trim().is_empty() && !line.starts_with('#')) {
        let [expected, page, url, source, redirected] = line.split_whitespace().collect::<Vec<_>>()[..] else {
            panic!("malformed case: {line}");
        };
        let list = PolicyList::parse(&format!("img-src {source}"), Disposition::Enforce);
        let allowed = common::decide(&list, page, url, "img", redirected == "yes");
        assert_eq!(allowed, expected == "match", "{line}");
        replayed += 1;
    }
    assert!(replayed > 0);
}

/// `generate`: every recorded configuration renders, in every format it can, policies that parse
/// back with no diagnostic (a report-only static-site or strict-dynamic policy once carried
/// upgrade-insecure-requests, which browsers ignore there).
#[test]
fn generated_policies_parse_back_without_diagnostics() {
    let mut replayed = 0;
    for entry in std::fs::read_dir(regressions("generate")).expect("generate regressions") {
        let path = entry.expect("a directory entry").path();
        let config = Config::parse(&std::fs::read(&path).expect("a regression file")).expect("a valid configuration");
        let generated = generate(&config).expect("generates");
        for format in FORMATS {
            let Ok(rendered) = render(&generated, format) else { continue };
            for carried in &rendered.policies {
                let policy = parse_serialized_policy(&carried.value, carried.disposition, carried.delivery);
                assert!(policy.diagnostics.is_empty(), "{} as {format}: {:?}", path.display(), policy.diagnostics);
            }
        }
        replayed += 1;
    }
    assert!(replayed > 0);
    // The header still names the disposition the configuration asked for.
    let config = Config::parse(b"preset = \"static-site\"\nreport-only = true\n").expect("parses");
    let header = generate(&config).expect("generates").headers()[0].clone();
    assert_eq!(header.0, "Content-Security-Policy-Report-Only");
}
