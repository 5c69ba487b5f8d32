//! Inputs the `sanitize` fuzzer (`fuzz/`, `cargo +nightly fuzz run sanitize`) found wrong,
//! replayed under plain `cargo test`. The raw libFuzzer inputs are in `fuzz/regressions/sanitize/`;
//! here each is written the way a person reads it, under `tests/fuzz_regressions/`.
#![cfg(not(target_arch = "wasm32"))]

use serde_json::{Value, json};
use widget_guard::sanitize::{Options, redact_text_with, sanitize_json, sanitize_props};

fn recorded(name: &str) -> String {
    let path = format!("{}/tests/fuzz_regressions/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{path}: {error}"))
}

/// Each line of `sanitize_idempotent.jsonl` holds a text, the options as the loader passes them
/// (option lines, `""` for the defaults), why it is there, and optionally what must be gone from the output.
/// Redacting the text, and sanitizing it as a JSON string, are idempotent: a second pass changes
/// nothing and finds nothing.
#[test]
fn recorded_texts_sanitize_idempotently() {
    let mut replayed = 0;
    for line in recorded("sanitize_idempotent.jsonl").lines().filter(|line| !line.trim().is_empty()) {
        let case: Value = serde_json::from_str(line).expect("a JSON line");
        let (text, why) = (case["text"].as_str().expect("a text"), &case["why"]);
        let options = Options::from_lines(case["options"].as_str().expect("option lines")).expect("valid options");
        let once = redact_text_with(text, &options);
        assert_eq!(redact_text_with(&once, &options), once, "{why}: {text:?}");
        for secret in case["absent"].as_array().into_iter().flatten().filter_map(Value::as_str) {
            assert!(!once.contains(secret), "{why}: {secret} survives in {once:?}");
        }
        let document = json!({ "text": text }).to_string();
        let sanitized = sanitize_json(&document, &options).expect("sanitizes").json;
        let again = sanitize_json(&sanitized, &options).expect("sanitizes");
        assert_eq!(again.json, sanitized, "{why}: {document}");
        assert!(again.findings.is_empty(), "{why}: {:?}", again.findings);
        replayed += 1;
    }
    assert!(replayed > 0);
}

/// Each line of `sanitize_props_shape.txt` is a JSON document with nothing to redact:
/// `sanitize_props` returns it unchanged, numbers included (a float once came back one ulp off).
#[test]
fn recorded_props_come_back_unchanged() {
    let mut replayed = 0;
    for line in recorded("sanitize_props_shape.txt").lines().filter(|line| !line.trim().is_empty()) {
        let value: Value = serde_json::from_str(line).expect("a JSON document");
        let sanitized = sanitize_props(&value, &Options::default()).expect("sanitizes");
        assert!(sanitized.findings.is_empty(), "{line}: {:?}", sanitized.findings);
        assert_eq!(sanitized.value, value, "{line}");
        replayed += 1;
    }
    assert!(replayed > 0);
}
