//! AWS access key ids: a 4-letter resource prefix and 16 base32 characters.

use crate::sanitize::scan::Hit;
use crate::sanitize::text::{alnum, byte};
use crate::sanitize::{Confidence, Kind};

/// Prefixes of AWS unique ids that are credentials (AKIA long-term, ASIA temporary, …).
const PREFIXES: &[&[u8; 4]] = &[b"AKIA", b"ASIA", b"ABIA", b"ACCA"];

/// An AWS access key id at `i`: prefix + exactly 16 of `[A-Z2-7]`, then a word end.
pub(crate) fn access_key_id(b: &[u8], i: usize) -> Option<Hit> {
    let p = b.get(i..i + 4)?;
    if !PREFIXES.iter().any(|x| x.as_slice() == p) {
        return None;
    }
    let body = b.get(i + 4..i + 20)?;
    if !body.iter().all(|&c| c.is_ascii_uppercase() || (b'2'..=b'7').contains(&c)) || alnum(byte(b, i + 20)) {
        return None;
    }
    Some(Hit::new(i, i + 20, Kind::AwsAccessKeyId, Confidence::High))
}

/// Whether `v` has the shape of an AWS secret access key (40 base64 characters).
pub(crate) fn is_secret_key_shape(v: &str) -> bool {
    v.len() == 40 && v.bytes().all(crate::sanitize::text::b64std)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_ids() {
        assert!(access_key_id(b"AKIAIOSFODNN7EXAMPLE", 0).is_some());
        assert!(access_key_id(b"ASIAY34FZKBOKMUTVV7A", 0).is_some());
        assert!(access_key_id(b"AKIAIOSFODNN7EXAMPLEX", 0).is_none(), "too long");
        assert!(access_key_id(b"AKIAIOSFODNN7EXAMPL", 0).is_none(), "too short");
        assert!(access_key_id(b"AKIAiosfodnn7example", 0).is_none(), "lowercase");
        assert!(access_key_id(b"AKIAIOSFODNN1EXAMPLE", 0).is_none(), "1 is not base32");
    }
}
