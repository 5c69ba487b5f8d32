//! `sanitize`: any input through `sanitize_json`, `sanitize_props` and `redact_text_with`, under
//! options chosen by the input. Sanitizing keeps the document's shape (same keys, same array
//! lengths, same non-string values; only strings change), is idempotent (sanitizing the output
//! changes nothing and finds nothing), and every finding points at a string of the output
//! (checked where no object repeats a key, so that a pointer names one member).

use std::collections::HashSet;
use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value;
use widget_guard::sanitize::{
    Categories, Mode, Options, SanitizeError, detect_text, redact_text_with, sanitize_json, sanitize_props,
};

/// Marks an input that starts with two option bytes. 0xFF never occurs in UTF-8, so JSON and
/// text seeds are used as they are, with the default options.
pub const OPTIONS_MARKER: u8 = 0xFF;

/// Splits an input into options and text.
pub fn split_input(data: &[u8]) -> (Options, String) {
    match data {
        [OPTIONS_MARKER, flags, disabled, rest @ ..] => {
            (options(*flags, *disabled), String::from_utf8_lossy(rest).into())
        }
        _ => (Options::default(), String::from_utf8_lossy(data).into()),
    }
}

/// `flags`: bits 0-1 the mode, bit 2 a user secret key, bit 3 a keep-path; `disabled`: one bit per
/// category to switch off.
fn options(flags: u8, disabled: u8) -> Options {
    let mode = match flags & 3 {
        1 => Mode::Remove,
        2 => Mode::Mask,
        _ => Mode::Redact,
    };
    let on = |bit: u8| disabled & (1 << bit) == 0;
    let categories =
        Categories { secrets: on(0), email: on(1), phone: on(2), card: on(3), iban: on(4), ssn: on(5), ip: on(6) };
    let secret_keys = if flags & 4 != 0 { vec!["note".to_owned()] } else { Vec::new() };
    let keep_paths = if flags & 8 != 0 { vec!["/widget".to_owned()] } else { Vec::new() };
    Options { categories, keep_paths, secret_keys, mode }
}

/// Runs every check on one input.
pub fn check(data: &[u8]) {
    let (options, text) = split_input(data);
    check_json(&text, &options);
    check_props(&text, &options);
    check_text(&text, &options);
}

fn check_json(text: &str, options: &Options) {
    let parsed: Option<Value> = serde_json::from_str(text).ok();
    let sanitized = match sanitize_json(text, options) {
        Ok(sanitized) => sanitized,
        Err(SanitizeError::TooDeep { .. }) => return,
        Err(error) => {
            assert!(parsed.is_none(), "sanitize_json refuses JSON that serde_json reads: {error}");
            return;
        }
    };
    if sanitized.findings.is_empty() {
        assert_eq!(sanitized.json, text, "no finding, yet the document changed");
    }
    let again = sanitize_json(&sanitized.json, options).expect("the sanitizer reads its own output");
    assert_eq!(again.json, sanitized.json, "sanitizing twice changes the document");
    assert!(again.findings.is_empty(), "sanitized output still has findings: {:?}", again.findings);
    if let Some(input) = parsed {
        let output: Value = serde_json::from_str(&sanitized.json).expect("the output of JSON input is JSON");
        assert_same_shape(&input, &output, "");
        // With a repeated key, serde_json keeps the last member and a finding may name the first.
        let findings =
            if sanitized.findings.is_empty() || repeats_a_key(text) { &[][..] } else { &sanitized.findings[..] };
        for finding in findings {
            let target = output.pointer(&finding.pointer);
            assert!(target.is_some_and(Value::is_string), "finding {finding:?} does not point at a string");
        }
    }
}

/// Whether an object somewhere in the JSON `text` has the same key twice.
fn repeats_a_key(text: &str) -> bool {
    KeyScan.deserialize(&mut serde_json::Deserializer::from_str(text)).unwrap_or(false)
}

/// Visits a JSON value and answers whether one of its objects repeats a key.
struct KeyScan;

impl<'de> DeserializeSeed<'de> for KeyScan {
    type Value = bool;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<bool, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for KeyScan {
    type Value = bool;
    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("a JSON value")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<bool, A::Error> {
        let (mut keys, mut repeated) = (HashSet::new(), false);
        while let Some(key) = map.next_key::<String>()? {
            repeated |= !keys.insert(key);
            repeated |= map.next_value_seed(KeyScan)?;
        }
        Ok(repeated)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<bool, A::Error> {
        let mut repeated = false;
        while let Some(inner) = seq.next_element_seed(KeyScan)? {
            repeated |= inner;
        }
        Ok(repeated)
    }
    fn visit_bool<E>(self, _: bool) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_i64<E>(self, _: i64) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_u64<E>(self, _: u64) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_f64<E>(self, _: f64) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_str<E>(self, _: &str) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_unit<E>(self) -> Result<bool, E> {
        Ok(false)
    }
}

fn check_props(text: &str, options: &Options) {
    let Ok(value) = serde_json::from_str::<Value>(text) else { return };
    let sanitized = match sanitize_props(&value, options) {
        Ok(sanitized) => sanitized,
        Err(SanitizeError::TooDeep { .. }) => return,
        Err(error) => panic!("sanitize_props refuses a value: {error}"),
    };
    assert_same_shape(&value, &sanitized.value, "");
    let again = sanitize_props(&sanitized.value, options).expect("the sanitizer reads its own output");
    assert_eq!(again.value, sanitized.value, "sanitizing twice changes the value");
    assert!(again.findings.is_empty(), "sanitized props still have findings: {:?}", again.findings);
}

fn check_text(text: &str, options: &Options) {
    let redacted = redact_text_with(text, options);
    if detect_text(text, options).is_empty() {
        assert_eq!(redacted, text, "nothing detected, yet the text changed");
    }
    assert_eq!(redact_text_with(&redacted, options), redacted, "redacting twice changes the text");
}

/// Same keys, same array lengths, same non-string values; strings may differ.
fn assert_same_shape(input: &Value, output: &Value, pointer: &str) {
    match (input, output) {
        (Value::String(_), Value::String(_)) => {}
        (Value::Array(a), Value::Array(b)) => {
            assert_eq!(a.len(), b.len(), "array length changed at {pointer:?}");
            for (index, (x, y)) in a.iter().zip(b).enumerate() {
                assert_same_shape(x, y, &format!("{pointer}/{index}"));
            }
        }
        (Value::Object(a), Value::Object(b)) => {
            assert!(a.keys().eq(b.keys()), "keys changed at {pointer:?}");
            for (key, x) in a {
                assert_same_shape(x, &b[key], &format!("{pointer}/{key}"));
            }
        }
        (a, b) => assert_eq!(a, b, "a non-string value changed at {pointer:?}"),
    }
}
