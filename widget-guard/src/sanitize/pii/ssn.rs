//! US social security numbers `AAA-GG-SSSS`: area not 000, 666 or 900–999, group not 00,
//! serial not 0000, and not the numbers used in advertising.

use crate::sanitize::scan::Hit;
use crate::sanitize::text::byte;
use crate::sanitize::{Confidence, Kind};

fn num(b: &[u8]) -> Option<u32> {
    b.iter().try_fold(0u32, |a, &c| c.is_ascii_digit().then(|| a * 10 + u32::from(c - b'0')))
}

/// Whether area/group/serial form a number the SSA can issue.
pub(crate) fn valid(area: u32, group: u32, serial: u32) -> bool {
    area != 0
        && area != 666
        && area < 900
        && group != 0
        && serial != 0
        && !matches!((area, group, serial), (78, 5, 1120) | (219, 9, 9999))
}

/// `AAA-GG-SSSS` (or with spaces) starting at `i`.
pub(crate) fn at(b: &[u8], i: usize) -> Option<Hit> {
    let s = b.get(i..i + 11)?;
    let sep = s[3];
    if !(sep == b'-' || sep == b' ') || s[6] != sep {
        return None;
    }
    let next = byte(b, i + 11);
    if next.is_ascii_alphanumeric() || next == b'-' || (i > 0 && matches!(b[i - 1], b'-' | b'.')) {
        return None;
    }
    let (a, g, n) = (num(&s[..3])?, num(&s[4..6])?, num(&s[7..])?);
    valid(a, g, n).then(|| Hit::new(i, i + 11, Kind::Ssn, Confidence::High))
}

/// A bare 9-digit value under an SSN-like key.
pub(crate) fn bare(v: &str) -> bool {
    let b = v.as_bytes();
    b.len() == 9
        && num(b).is_some()
        && valid(num(&b[..3]).unwrap_or(0), num(&b[3..5]).unwrap_or(0), num(&b[5..]).unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ssns() {
        assert!(at(b"123-45-6789", 0).is_some());
        assert!(at(b"000-45-6789", 0).is_none());
        assert!(at(b"666-45-6789", 0).is_none());
        assert!(at(b"912-45-6789", 0).is_none());
        assert!(at(b"123-00-6789", 0).is_none());
        assert!(at(b"123-45-0000", 0).is_none());
        assert!(at(b"078-05-1120", 0).is_none());
        assert!(bare("123456789") && !bare("000456789"));
    }
}
