//! Phone numbers: international `+<country> …` (8–15 digits, E.164) and North American
//! `(AAA) EEE-NNNN` / `AAA-EEE-NNNN` / `AAA.EEE.NNNN` with area and exchange starting 2–9.
//! Unformatted digit runs count only under a phone-like key (they are ids otherwise).

use crate::sanitize::scan::Hit;
use crate::sanitize::text::byte;
use crate::sanitize::{Confidence, Kind};

/// `+` followed by 8–15 digits with single separators (space, dash, dot, parentheses).
pub(crate) fn international(b: &[u8], i: usize) -> Option<Hit> {
    if i > 0 && (b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'+') {
        return None;
    }
    if !matches!(byte(b, i + 1), b'1'..=b'9') {
        return None;
    }
    let (mut j, mut digits, mut last_digit_end) = (i + 1, 0, i + 1);
    let mut prev_sep = false;
    while j < b.len() {
        let c = b[j];
        if c.is_ascii_digit() {
            digits += 1;
            prev_sep = false;
            last_digit_end = j + 1;
        } else if matches!(c, b' ' | b'-' | b'.' | b'(' | b')') && (!prev_sep || c == b'(' || b[j - 1] == b')') {
            prev_sep = true;
        } else {
            break;
        }
        j += 1;
        if digits > 15 {
            return None;
        }
    }
    let next = byte(b, last_digit_end);
    if !(8..=15).contains(&digits) || next.is_ascii_alphanumeric() {
        return None;
    }
    Some(Hit::new(i, last_digit_end, Kind::Phone, Confidence::Medium))
}

/// North American formatted numbers starting at `i` (a digit or `(`).
pub(crate) fn nanp(b: &[u8], i: usize) -> Option<Hit> {
    if i > 0 && (b[i - 1].is_ascii_alphanumeric() || matches!(b[i - 1], b'-' | b'.' | b'/' | b'+' | b'#')) {
        return None;
    }
    let d3 = |j: usize| b.get(j..j + 3).filter(|s| s.iter().all(u8::is_ascii_digit) && s[0] >= b'2');
    let (area_end, sep) = if byte(b, i) == b'(' {
        d3(i + 1)?;
        if byte(b, i + 4) != b')' {
            return None;
        }
        let j = if byte(b, i + 5) == b' ' { i + 6 } else { i + 5 };
        (j, None)
    } else {
        d3(i)?;
        let sep = byte(b, i + 3);
        if !matches!(sep, b'-' | b'.' | b' ') {
            return None;
        }
        (i + 4, Some(sep))
    };
    d3(area_end)?;
    let s2 = byte(b, area_end + 3);
    if !(sep.map_or(s2 == b'-' || s2 == b' ', |s| s == s2)) {
        return None;
    }
    let last = area_end + 4;
    if !b.get(last..last + 4).is_some_and(|s| s.iter().all(u8::is_ascii_digit)) {
        return None;
    }
    let e = last + 4;
    let next = byte(b, e);
    if next.is_ascii_alphanumeric() || (matches!(next, b'-' | b'.') && byte(b, e + 1).is_ascii_digit()) {
        return None;
    }
    Some(Hit::new(i, e, Kind::Phone, Confidence::Medium))
}

/// A value under a phone-like key: 7–15 digits with the usual separators, optional `+`.
pub(crate) fn bare(v: &str) -> bool {
    let t = v.trim_ascii();
    let digits = t.bytes().filter(u8::is_ascii_digit).count();
    (7..=15).contains(&digits)
        && t.bytes().all(|c| c.is_ascii_digit() || matches!(c, b' ' | b'-' | b'.' | b'(' | b')' | b'+'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones() {
        assert!(international(b"+1 (415) 555-0132", 0).is_some());
        assert!(international(b"+44 20 7946 0958", 0).is_some());
        assert!(international(b"+4930123456", 0).is_some());
        assert!(international(b"+05:30", 0).is_none());
        assert!(nanp(b"(415) 555-0132", 0).is_some());
        assert!(nanp(b"415-555-0132", 0).is_some());
        assert!(nanp(b"415.555.0132", 0).is_some());
        assert!(nanp(b"2024-01-15", 0).is_none());
        assert!(nanp(b"415-555-0132-7", 0).is_none());
        assert!(bare("4155550132") && !bare("12345"));
    }
}
