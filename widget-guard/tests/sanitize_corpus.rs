//! Scores the sanitizer on the generated corpus: recall per kind (suggestive key, neutral key,
//! free text) and false positives per 10,000 clean UI strings. Run with `-- --nocapture` to see
//! the table; set `SANITIZE_CORPUS_OUT=<file>` to also write the corpus as JSON Lines for the
//! side-by-side script (`tests/sidebyside/run.sh`).

mod sanitize_support;

use sanitize_support::corpus::{NEUTRAL_KEYS, Rng, TEXT, clean, needs_key, plant};
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;
use std::io::Write;
use widget_guard::sanitize::{Category, Kind, Options, sanitize_json};

const PER_CONTEXT: usize = 200;
const CLEAN_DOCS: usize = 20_000;
const FIELDS_PER_DOC: usize = 5;

fn doc(key: &str, value: &str, r: &mut Rng) -> String {
    let mut m = Map::new();
    let (k, v) = clean(r);
    m.insert("widget".into(), json!({ "title": "Order status", k: v }));
    m.insert(key.into(), Value::String(value.into()));
    Value::Object(m).to_string()
}

#[test]
fn corpus_recall_and_false_positives() {
    let mut r = Rng::new(20_240_501);
    let opts = Options::default();
    let mut out =
        std::env::var_os("SANITIZE_CORPUS_OUT").map(|p| std::fs::File::create(p).expect("corpus output file"));
    let mut per_kind: BTreeMap<&str, [(usize, usize); 3]> = BTreeMap::new();
    let (mut tot_secret, mut hit_secret, mut tot_pii, mut hit_pii) = (0, 0, 0, 0);
    for &kind in Kind::ALL {
        for ctx in 0..3 {
            for _ in 0..PER_CONTEXT {
                let item = plant(&mut r, kind);
                let d = match ctx {
                    0 => doc(item.key, &item.value, &mut r),
                    1 if needs_key(kind) => doc(&format!("x_{}", item.key), &item.value, &mut r),
                    1 => {
                        let k = *r.pick(NEUTRAL_KEYS);
                        doc(k, &item.value, &mut r)
                    }
                    _ if needs_key(kind) => {
                        doc("logLine", &format!("retrying with {}={} now", item.key, item.value), &mut r)
                    }
                    _ => {
                        let t = r.pick(TEXT).replace("{}", &item.value);
                        doc("message", &t, &mut r)
                    }
                };
                let s = sanitize_json(&d, &opts).expect("corpus documents are valid JSON");
                let ok = !s.json.contains(&item.secret);
                let e = &mut per_kind.entry(kind.as_str()).or_default()[ctx];
                e.0 += 1;
                e.1 += usize::from(ok);
                if kind.category() == Category::Secrets {
                    tot_secret += 1;
                    hit_secret += usize::from(ok);
                } else {
                    tot_pii += 1;
                    hit_pii += usize::from(ok);
                }
                if let Some(f) = out.as_mut() {
                    let cat = if kind.category() == Category::Secrets { "secret" } else { "pii" };
                    let line = json!({"label": kind.as_str(), "category": cat, "context": ctx, "doc": d, "secret": item.secret});
                    writeln!(f, "{line}").expect("write corpus");
                }
                for finding in &s.findings {
                    let text = serde_json::to_string(finding).expect("finding serializes");
                    assert!(!text.contains(&item.secret), "a finding leaks the secret");
                }
            }
        }
    }
    let mut clean_strings = 0;
    let mut fps: BTreeMap<String, usize> = BTreeMap::new();
    for _ in 0..CLEAN_DOCS {
        let mut m = Map::new();
        for f in 0..FIELDS_PER_DOC {
            let (k, v) = clean(&mut r);
            m.insert(format!("{k}{f}"), Value::String(v));
        }
        let d = Value::Object(m).to_string();
        clean_strings += FIELDS_PER_DOC;
        let s = sanitize_json(&d, &opts).expect("valid JSON");
        if let Some(f) = out.as_mut() {
            writeln!(f, "{}", json!({"label": null, "category": "clean", "doc": d})).expect("write corpus");
        }
        for finding in s.findings {
            *fps.entry(format!(
                "{} at {}",
                finding.kind.as_str(),
                finding.pointer.trim_end_matches(char::is_numeric)
            ))
            .or_default() += 1;
        }
        if s.json != d {
            assert!(!fps.is_empty());
        }
    }
    println!("{:<24} {:>10} {:>10} {:>10}", "kind", "key", "neutral", "text");
    for (k, ctxs) in &per_kind {
        let cell = |(t, h): (usize, usize)| format!("{:.1}%", 100.0 * h as f64 / t as f64);
        println!("{:<24} {:>10} {:>10} {:>10}", k, cell(ctxs[0]), cell(ctxs[1]), cell(ctxs[2]));
    }
    let fp_total: usize = fps.values().sum();
    let secret_recall = hit_secret as f64 / tot_secret as f64;
    let pii_recall = hit_pii as f64 / tot_pii as f64;
    let fp_per_10k = fp_total as f64 * 10_000.0 / clean_strings as f64;
    println!("secrets recall {:.2}% ({hit_secret}/{tot_secret})", 100.0 * secret_recall);
    println!("PII recall {:.2}% ({hit_pii}/{tot_pii})", 100.0 * pii_recall);
    println!("false positives: {fp_total} in {clean_strings} clean strings = {fp_per_10k:.2} per 10,000 {fps:?}");
    assert!(secret_recall >= 0.97, "secrets recall {secret_recall}");
    assert!(pii_recall >= 0.97, "PII recall {pii_recall}");
    assert!(fp_per_10k <= 1.0, "false positives per 10k: {fp_per_10k} {fps:?}");
}
