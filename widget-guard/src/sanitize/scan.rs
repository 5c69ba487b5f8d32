//! One pass over a string: a byte-dispatch prefilter calls the validators, then overlapping
//! hits are resolved and the text is rewritten.

use super::text::{byte, has_at_ci, word_start};
use super::{Categories, Category, Confidence, Kind, Mode, pii, secrets};

/// A detected span `[start, end)` of the scanned text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Hit {
    /// First byte of the secret part.
    pub start: usize,
    /// One past its last byte.
    pub end: usize,
    /// What it is.
    pub kind: Kind,
    /// How sure.
    pub confidence: Confidence,
}

impl Hit {
    /// A hit over `start..end`.
    pub(crate) fn new(start: usize, end: usize, kind: Kind, confidence: Confidence) -> Self {
        Self { start, end, kind, confidence }
    }
}

/// Finds every secret and PII span in `text`, non-overlapping, in text order.
pub(crate) fn scan(text: &str, cats: &Categories, extra_keys: &[String]) -> Vec<Hit> {
    let b = text.as_bytes();
    let mut hits: Vec<Hit> = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        // Prefilter: only letters, digits and `@ : - + ( _` can start a detection.
        if !(c.is_ascii_alphanumeric() || matches!(c, b'@' | b':' | b'-' | b'+' | b'(' | b'_')) {
            i += 1;
            continue;
        }
        // `data:<mime>;base64,<payload>`: the payload is an image or file, never scanned.
        if (c == b'd' || c == b'D')
            && has_at_ci(b, i, b"data:")
            && word_start(b, i)
            && let Some(end) = data_url_payload_end(b, i)
        {
            i = end;
            continue;
        }
        if cats.secrets {
            secrets::at(b, i, extra_keys, &mut hits);
        }
        pii::at(b, i, cats, &mut hits);
        // Every detector that starts on a letter or digit starts at a word start, so the rest
        // of the word can be skipped (those starting on `@ : - + ( _` are not inside a word).
        // Positions inside a hit are still visited: a hit can lose the overlap resolution, and
        // whatever it covered must then still be scanned (this keeps sanitizing idempotent).
        i = if c.is_ascii_alphanumeric() { super::text::run(b, i, super::text::alnum) } else { i + 1 };
    }
    hits.retain(|h| cats.enabled(h.kind.category()) && h.start < h.end && text.is_char_boundary(h.start));
    resolve(hits)
}

/// Keeps a non-overlapping subset: secrets before PII, then earlier, then longer.
fn resolve(mut hits: Vec<Hit>) -> Vec<Hit> {
    if hits.len() <= 1 {
        return hits;
    }
    // Insertion sort: hits arrive almost sorted and are few; this keeps the std sorts (~4 KB of
    // Wasm) out of the build.
    let key = |h: &Hit| (h.kind.category() != Category::Secrets, h.start, usize::MAX - (h.end - h.start));
    for n in 1..hits.len() {
        let mut m = n;
        while m > 0 && key(&hits[m - 1]) > key(&hits[m]) {
            hits.swap(m - 1, m);
            m -= 1;
        }
    }
    // `taken` stays sorted by start and non-overlapping.
    let mut taken: Vec<Hit> = Vec::with_capacity(hits.len());
    for h in hits {
        let k = taken.partition_point(|t| t.start < h.start);
        let clash_before = k > 0 && taken[k - 1].end > h.start;
        let clash_after = taken.get(k).is_some_and(|t| t.start < h.end);
        if !clash_before && !clash_after {
            taken.insert(k, h);
        }
    }
    taken
}

/// The end of a base64 `data:` URL payload starting at `i`, if this is one.
fn data_url_payload_end(b: &[u8], i: usize) -> Option<usize> {
    let mut j = i + 5;
    while j < b.len() && j - i < 200 && b[j] != b',' {
        if !(b[j].is_ascii_alphanumeric() || matches!(b[j], b'/' | b'+' | b'-' | b'.' | b';' | b'=')) {
            return None;
        }
        j += 1;
    }
    if byte(b, j) != b',' || !b[i..j].to_ascii_lowercase().ends_with(b";base64") {
        return None;
    }
    let end = super::text::run(b, j + 1, |c| super::text::b64std(c) || c == b'=' || c == b'-' || c == b'_');
    Some(end)
}

/// The replacement for `secret` of `kind` in `mode`.
pub(crate) fn replacement(secret: &str, kind: Kind, mode: Mode) -> String {
    match mode {
        Mode::Redact => format!("[REDACTED:{}]", kind.as_str()),
        Mode::Remove => String::new(),
        Mode::Mask => {
            // The last four characters of a secret of at least twelve.
            let n = secret.chars().count();
            let tail = if n < 12 { "" } else { secret.char_indices().nth(n - 4).map_or("", |(i, _)| &secret[i..]) };
            format!("****{tail}")
        }
    }
}

/// Most redaction passes one string gets (two in practice): a guard against a detector that
/// would match its own replacement.
const MAX_PASSES: usize = 8;

/// Rewrites `text` with `hits` replaced, then again with what `rescan` finds in the result, until
/// a pass finds nothing. Redacting one hit can uncover another that it hid: a hit that lost the
/// overlap resolution (`a@x.io_b@y.io`: the second address reaches back into the first and
/// loses), or a match ruled out by what followed it (`1.2.3.4.8::` reads as a version until
/// `8::` is redacted). Without this, sanitizing the output again would find more. Returns the
/// text and the kind and confidence of every hit of every pass.
pub(crate) fn apply_until_clean(
    text: &str,
    mut hits: Vec<Hit>,
    mode: Mode,
    mut rescan: impl FnMut(&str) -> Vec<Hit>,
) -> (String, Vec<(Kind, Confidence)>) {
    let mut out = text.to_owned();
    let mut found = Vec::new();
    for _ in 0..MAX_PASSES {
        if hits.is_empty() {
            break;
        }
        out = apply(&out, &hits, mode);
        found.extend(hits.iter().map(|h| (h.kind, h.confidence)));
        hits = rescan(&out);
    }
    (out, found)
}

/// Rewrites `text` with every hit replaced.
pub(crate) fn apply(text: &str, hits: &[Hit], mode: Mode) -> String {
    if hits.is_empty() {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for h in hits {
        if h.start < last || !text.is_char_boundary(h.end) {
            continue;
        }
        out.push_str(&text[last..h.start]);
        out.push_str(&replacement(&text[h.start..h.end], h.kind, mode));
        last = h.end;
    }
    out.push_str(&text[last..]);
    out
}
