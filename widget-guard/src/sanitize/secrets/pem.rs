//! PEM / OpenSSH / PGP private key blocks, with real or escaped (`\n`) line breaks.

use crate::sanitize::scan::Hit;
use crate::sanitize::text::has_at;
use crate::sanitize::{Confidence, Kind};

/// A private key block starting at `i` (`-----BEGIN … PRIVATE KEY…-----`). The span runs to the
/// matching END line; without one (truncated key) it runs to the end of the text.
pub(crate) fn at(b: &[u8], i: usize) -> Option<Hit> {
    if !has_at(b, i, b"-----BEGIN ") {
        return None;
    }
    let label_start = i + 11;
    let label_end = label_start + b.get(label_start..)?.iter().take(60).position(|&c| c == b'-')?;
    let label = &b[label_start..label_end];
    if !label.iter().all(|&c| c.is_ascii_uppercase() || c == b' ' || c.is_ascii_digit())
        || !(label.ends_with(b"PRIVATE KEY") || label.ends_with(b"PRIVATE KEY BLOCK"))
        || !has_at(b, label_end, b"-----")
    {
        return None;
    }
    // A key block is a few KB: look for END within 64 KB, and not past the next BEGIN (keeps
    // the scan linear on text full of BEGIN lines).
    let rest = &b[label_end..b.len().min(label_end + 65_536)];
    let end_marker = b"-----END ";
    let next_begin = rest.windows(11).position(|w| w == b"-----BEGIN ").unwrap_or(rest.len());
    match rest[..next_begin].windows(end_marker.len()).position(|w| w == end_marker) {
        Some(p) => {
            let after = label_end + p + end_marker.len();
            let close = b[after..].windows(5).position(|w| w == b"-----").map_or(b.len(), |q| after + q + 5);
            Some(Hit::new(i, close, Kind::PrivateKey, Confidence::High))
        }
        // Truncated: redact to the end of the body (base64, whitespace, escaped newlines).
        None => {
            let body = label_end + 5;
            let e = body
                + b[body..]
                    .iter()
                    .position(|&c| !(c.is_ascii_alphanumeric() || b"+/=\\ \t\r\n".contains(&c)))
                    .unwrap_or(b.len() - body);
            Some(Hit::new(i, e.max(body), Kind::PrivateKey, Confidence::Medium))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks() {
        let k = "x -----BEGIN RSA PRIVATE KEY-----\\nMIIEow\\n-----END RSA PRIVATE KEY----- y";
        let h = at(k.as_bytes(), 2).unwrap();
        assert_eq!(&k[h.end..], " y");
        assert!(at(b"-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----", 0).is_none());
        assert!(at(b"-----BEGIN PUBLIC KEY-----", 0).is_none());
        let t = r#"k: -----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBg\nkqhkiG9w0BAQEF", "next": 1"#;
        let h = at(t.as_bytes(), 3).unwrap();
        assert_eq!(&t[h.end..], r#"", "next": 1"#, "a truncated key ends with its body");
    }
}
