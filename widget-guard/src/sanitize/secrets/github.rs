//! GitHub tokens (classic `ghp_`… with CRC32 checksum, fine-grained `github_pat_`) and npm
//! tokens (`npm_`, same checksum scheme).
//!
//! Classic and npm format: prefix, 30 random base62 characters, then the CRC32 (zlib
//! polynomial) of those 30 characters in base62 (`0-9A-Za-z`), left-padded to 6.

use crate::sanitize::scan::Hit;
use crate::sanitize::text::{alnum, byte, has_at, run};
use crate::sanitize::{Confidence, Kind};

const CLASSIC: &[&[u8]] = &[b"ghp_", b"gho_", b"ghu_", b"ghs_", b"ghr_"];

/// A GitHub token at `i`.
pub(crate) fn at(b: &[u8], i: usize) -> Option<Hit> {
    if CLASSIC.iter().any(|p| has_at(b, i, p)) {
        return checksummed(b, i, 4, Kind::GithubToken);
    }
    if has_at(b, i, b"github_pat_") {
        // github_pat_ + 22 base62 + '_' + 59 base62 (structure only: the checksum is not public).
        let s = i + 11;
        let a = run(b, s, alnum);
        if a - s == 22 && byte(b, a) == b'_' {
            let e = run(b, a + 1, alnum);
            if e - a - 1 == 59 && byte(b, e) != b'_' {
                return Some(Hit::new(i, e, Kind::GithubToken, Confidence::High));
            }
        }
    }
    None
}

/// An npm token at `i`.
pub(crate) fn npm_at(b: &[u8], i: usize) -> Option<Hit> {
    if has_at(b, i, b"npm_") { checksummed(b, i, 4, Kind::NpmToken) } else { None }
}

/// prefix + 36 base62; High when the CRC32 checks, Medium otherwise (prefix and shape alone
/// are specific enough to redact).
fn checksummed(b: &[u8], i: usize, prefix: usize, kind: Kind) -> Option<Hit> {
    let s = i + prefix;
    let e = run(b, s, alnum);
    if e - s != 36 || byte(b, e) == b'_' {
        return None;
    }
    let conf = if crc_ok(&b[s..e]) { Confidence::High } else { Confidence::Medium };
    Some(Hit::new(i, e, kind, conf))
}

/// Whether the last 6 characters are the base62 CRC32 of the first 30.
pub(crate) fn crc_ok(body: &[u8]) -> bool {
    body.len() == 36 && base62_6(crc32(&body[..30])) == body[30..]
}

/// `n` in base62 (`0-9A-Za-z`), left-padded with `0` to 6 digits.
pub(crate) fn base62_6(mut n: u32) -> [u8; 6] {
    const DIGITS: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    let mut out = [b'0'; 6];
    for slot in out.iter_mut().rev() {
        *slot = DIGITS[(n % 62) as usize];
        n /= 62;
    }
    out
}

const CRC_TABLE: [u32; 256] = {
    let mut t = [0u32; 256];
    let mut i = 0;
    while i < 256 {
        let mut c = i as u32;
        let mut k = 0;
        while k < 8 {
            c = if c & 1 != 0 { 0xEDB8_8320 ^ (c >> 1) } else { c >> 1 };
            k += 1;
        }
        t[i] = c;
        i += 1;
    }
    t
};

/// CRC-32 (IEEE 802.3 / zlib).
pub(crate) fn crc32(data: &[u8]) -> u32 {
    let mut c = !0u32;
    for &x in data {
        c = CRC_TABLE[((c ^ u32::from(x)) & 0xFF) as usize] ^ (c >> 8);
    }
    !c
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc32_known_value() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
    }

    #[test]
    fn classic_token_checksum() {
        let body = b"abcdefghijklmnopqrstuvwxyzABCD";
        let mut tok = b"ghp_".to_vec();
        tok.extend_from_slice(body);
        tok.extend_from_slice(&base62_6(crc32(body)));
        let h = at(&tok, 0).unwrap();
        assert_eq!((h.end, h.confidence), (40, Confidence::High));
        let last = tok.len() - 1;
        tok[last] = if tok[last] == b'a' { b'b' } else { b'a' };
        assert_eq!(at(&tok, 0).unwrap().confidence, Confidence::Medium);
    }

    #[test]
    fn fine_grained() {
        let t = format!("github_pat_{}_{}", "A".repeat(22), "b".repeat(59));
        assert!(at(t.as_bytes(), 0).is_some());
        let t = format!("github_pat_{}_{}", "A".repeat(21), "b".repeat(59));
        assert!(at(t.as_bytes(), 0).is_none());
    }
}
