//! JSON Web Tokens (JWS compact form): three base64url segments; the header must decode to a
//! JSON object with an `alg` member and the payload to a JSON object.

use crate::sanitize::scan::Hit;
use crate::sanitize::text::{alnum, b64_decode, b64url, byte, has_at, run};
use crate::sanitize::{Confidence, Kind};

/// A JWT at `i` (starts with `eyJ`, the base64url of `{"`).
pub(crate) fn at(b: &[u8], i: usize) -> Option<Hit> {
    if !has_at(b, i, b"eyJ") {
        return None;
    }
    let h_end = run(b, i, b64url);
    if byte(b, h_end) != b'.' {
        return None;
    }
    let p_end = run(b, h_end + 1, b64url);
    if byte(b, p_end) != b'.' || p_end - h_end < 4 {
        return None;
    }
    // The signature may be empty (`alg: none`), which is still a bearer credential.
    let s_end = run(b, p_end + 1, b64url);
    if alnum(byte(b, s_end)) || byte(b, s_end) == b'.' {
        return None;
    }
    let header = b64_decode(&b[i..h_end])?;
    let payload = b64_decode(&b[h_end + 1..p_end])?;
    if !is_object(&header) || !is_object(&payload) || !contains(&header, b"\"alg\"") {
        return None;
    }
    Some(Hit::new(i, s_end, Kind::Jwt, Confidence::High))
}

/// Looks like a JSON object: `{` … `}` around UTF-8 text.
fn is_object(d: &[u8]) -> bool {
    let t = d.trim_ascii();
    t.first() == Some(&b'{') && t.last() == Some(&b'}') && std::str::from_utf8(t).is_ok()
}

fn contains(h: &[u8], n: &[u8]) -> bool {
    h.windows(n.len()).any(|w| w == n)
}

#[cfg(test)]
mod tests {
    use super::*;

    const JWT: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";

    #[test]
    fn decodes_header() {
        assert_eq!(at(JWT.as_bytes(), 0).map(|h| h.end), Some(JWT.len()));
        // header without alg: {"typ":"JWT"}
        assert!(at(b"eyJ0eXAiOiJKV1QifQ.eyJzdWIiOiIxIn0.abc", 0).is_none());
        assert!(at(b"eyJhbGciOiJIUzI1NiJ9", 0).is_none(), "one segment");
    }
}
