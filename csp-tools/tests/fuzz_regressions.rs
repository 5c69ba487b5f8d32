//! Inputs the fuzzers (`fuzz/`, `cargo +nightly fuzz run <target>`) found wrong, replayed under
//! plain `cargo test`. The raw libFuzzer inputs are in `fuzz/regressions/<target>/`; here each
//! is written the way a person reads it, under `tests/fuzz_regressions/`.
#![cfg(all(not(target_arch = "wasm32"), feature = "tools"))]

mod common;

use std::path::PathBuf;

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
