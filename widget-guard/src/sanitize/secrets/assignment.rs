//! `name=value`, `name: value` and `"name": "value"` in free text (log lines, query strings,
//! cookies, ADO connection strings), and the per-key value rule used by the JSON walk.

use super::aws::is_secret_key_shape;
use crate::sanitize::entropy::looks_random;
use crate::sanitize::keys::{KeyClass, classify};
use crate::sanitize::scan::Hit;
use crate::sanitize::text::{alnum, byte, is_placeholder, run};
use crate::sanitize::{Confidence, Kind};

fn ident(c: u8) -> bool {
    alnum(c) || matches!(c, b'_' | b'-' | b'.')
}

/// The value of a secret-like `name<sep>value` starting at `i`.
pub(crate) fn at(b: &[u8], i: usize, extra: &[String]) -> Option<Hit> {
    if i > 0 && ident(b[i - 1]) {
        return None;
    }
    let mut e = i;
    while e < b.len() && ident(b[e]) && e - i < 64 {
        e += 1;
    }
    // name ["'] [ ] (=|:) [ if ':'] ["']
    let mut j = e;
    if matches!(byte(b, j), b'"' | b'\'') {
        j += 1;
    }
    if byte(b, j) == b' ' {
        j += 1;
    }
    let sep = byte(b, j);
    if !matches!(sep, b'=' | b':') {
        return None;
    }
    j += 1;
    // `name: value` may have one space; `name=value` none (so `name= rest` after a removal is
    // not a new assignment).
    if sep == b':' && byte(b, j) == b' ' {
        j += 1;
    }
    let class = classify(std::str::from_utf8(&b[i..e]).ok()?, extra);
    if class == KeyClass::Plain || class == KeyClass::Phone || class == KeyClass::Ssn {
        return None;
    }
    let (s, end) = match byte(b, j) {
        q @ (b'"' | b'\'') => {
            let s = j + 1;
            let len = b[s..].iter().take(4096).position(|&c| c == q || c == b'\n')?;
            (s, s + len)
        }
        _ => (j, unquoted_end(b, j)?),
    };
    let value = std::str::from_utf8(&b[s..end]).ok()?;
    if value.bytes().any(|c| c.is_ascii_whitespace()) {
        return None;
    }
    let (kind, conf) = value_rule(class, value)?;
    Some(Hit::new(s, end, kind, conf))
}

fn terminator(c: u8) -> bool {
    c.is_ascii_whitespace() || matches!(c, b'&' | b';' | b',' | b'"' | b'\'' | b'<' | b'>' | b')' | b']' | b'}')
}

/// End of an unquoted value starting at `j`: at a terminator, after trailing `=` padding, or
/// the end of the text. `None` when it holds an inner `=` (`Cookie: a=b`: the inner `a=b` is
/// judged by its own name) or runs past 4,096 bytes. Stopping at the first `=` keeps the scan
/// linear on inputs like `password=password=…`.
fn unquoted_end(b: &[u8], j: usize) -> Option<usize> {
    let lim = (j + 4096).min(b.len());
    let mut k = j;
    while k < lim {
        let c = b[k];
        if terminator(c) {
            return Some(k);
        }
        if c == b'=' {
            let e = run(b, k, |c| c == b'=');
            return (e == b.len() || terminator(b[e])).then_some(e);
        }
        k += 1;
    }
    (k == b.len()).then_some(k)
}

/// Whether the whole `value` under a key of `class` is a secret, and which.
pub(crate) fn value_rule(class: KeyClass, value: &str) -> Option<(Kind, Confidence)> {
    if is_placeholder(value) || value.len() > 8192 {
        return None;
    }
    match class {
        KeyClass::UserSecret => Some((Kind::GenericSecret, Confidence::Medium)),
        KeyClass::Password if value.chars().count() >= 4 => Some((Kind::GenericSecret, Confidence::Medium)),
        KeyClass::AwsSecret if is_secret_key_shape(value) => Some((Kind::AwsSecretAccessKey, Confidence::High)),
        KeyClass::AwsSecret | KeyClass::Token if looks_random(value) => Some((Kind::GenericSecret, Confidence::Low)),
        KeyClass::Session if looks_random(value) => Some((Kind::SessionCookie, Confidence::Medium)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn val(s: &str) -> Option<&str> {
        let i = s.find(|c: char| c.is_ascii_alphabetic())?;
        at(s.as_bytes(), i, &[]).map(|h| &s[h.start..h.end])
    }

    #[test]
    fn assignments() {
        assert_eq!(val("password=hunter22 next"), Some("hunter22"));
        assert_eq!(val("\"client_secret\": \"q8Xv2LpR7tZk9WmN4sYb\""), Some("q8Xv2LpR7tZk9WmN4sYb"));
        assert_eq!(val("sessionid=Zx81kLq02mNbVc7T3pRw; theme=dark"), Some("Zx81kLq02mNbVc7T3pRw"));
        assert_eq!(val("passwordHint: Use at least 12 characters"), None);
        assert_eq!(val("token=abc"), None);
        assert_eq!(val("password=${DB_PASSWORD}"), None);
    }
}
