//! Secret detectors, one file per family. Each `byte(b, i)` is called only where its first byte
//! can start a match, validates what it can (charset, length, checksum, decoded structure) and
//! returns the span of the secret part.

mod assignment;
mod authorization;
mod aws;
mod azure;
mod github;
mod jwt;
mod pem;
mod tokens;
mod url_credentials;

pub(crate) use assignment::value_rule;

use super::scan::Hit;
use super::text::word_start;

/// Runs every secret detector that can start at byte `i`.
pub(crate) fn at(b: &[u8], i: usize, extra_keys: &[String], hits: &mut Vec<Hit>) {
    let c = b[i];
    match c {
        b':' => hits.extend(url_credentials::at(b, i)),
        b'-' => hits.extend(pem::at(b, i)),
        _ => {}
    }
    if !c.is_ascii_alphabetic() && c != b'_' || !word_start(b, i) {
        return;
    }
    let found = match c {
        b'A' => aws::access_key_id(b, i).or_else(|| azure::at(b, i)),
        b'S' => azure::at(b, i),
        b'g' => github::at(b, i),
        b'n' => github::npm_at(b, i),
        b'e' => jwt::at(b, i),
        b'B' | b'b' => authorization::at(b, i),
        _ => None,
    };
    if let Some(h) = found.or_else(|| tokens::at(b, i)) {
        hits.push(h);
        return;
    }
    hits.extend(assignment::at(b, i, extra_keys));
}
