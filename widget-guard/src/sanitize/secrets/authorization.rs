//! `Bearer <token>` and `Basic <base64(user:password)>` credentials.

use crate::sanitize::scan::Hit;
use crate::sanitize::text::{b64_decode, byte, has_at_ci, run};
use crate::sanitize::{Confidence, Kind};

fn token68(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'-' | b'.' | b'_' | b'~' | b'+' | b'/')
}

/// The credential after `Bearer ` or `Basic ` at `i` (one space or tab, RFC 9110 token68).
pub(crate) fn at(b: &[u8], i: usize) -> Option<Hit> {
    let (basic, n) = if has_at_ci(b, i, b"bearer") {
        (false, 6)
    } else if has_at_ci(b, i, b"basic") {
        (true, 5)
    } else {
        return None;
    };
    if !matches!(byte(b, i + n), b' ' | b'\t') {
        return None;
    }
    let s = i + n + 1;
    let mut e = run(b, s, token68);
    e = run(b, e, |c| c == b'=');
    let tok = &b[s..e];
    if tok.len() < 8 {
        return None;
    }
    if basic {
        let d = b64_decode(tok)?;
        let ok = d.contains(&b':') && std::str::from_utf8(&d).is_ok_and(|t| !t.chars().any(char::is_control));
        return ok.then(|| Hit::new(s, e, Kind::Authorization, Confidence::High));
    }
    // A bearer token is random: it has a digit or mixed case (prose after "Bearer" does not).
    let digit = tok.iter().any(u8::is_ascii_digit);
    let mixed = tok.iter().any(u8::is_ascii_uppercase) && tok.iter().any(u8::is_ascii_lowercase);
    (digit || mixed).then(|| Hit::new(s, e, Kind::Authorization, Confidence::High))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes() {
        let s = b"Bearer abc123DEF456ghi";
        assert_eq!(at(s, 0).map(|h| h.start), Some(7));
        assert!(at(b"Basic dXNlcjpwYXNzd29yZA==", 0).is_some());
        assert!(at(b"Basic aGVsbG8gd29ybGQ=", 0).is_none(), "no colon");
        assert!(at(b"Bearer authentication", 0).is_none());
    }
}
