//! Payment card numbers: 13–19 digits (optionally grouped by single spaces or dashes), Luhn
//! valid, in a known issuer range with a length that issuer uses.

use crate::sanitize::scan::Hit;
use crate::sanitize::text::byte as byte_at;
use crate::sanitize::{Confidence, Kind};

/// The card number starting at `i`.
pub(crate) fn at(b: &[u8], i: usize) -> Option<Hit> {
    let mut digits = [0u8; 19];
    let mut n = 0;
    let mut sep = 0u8;
    let mut j = i;
    while j < b.len() {
        let c = b[j];
        if c.is_ascii_digit() {
            if n == 19 {
                return None;
            }
            digits[n] = c - b'0';
            n += 1;
            j += 1;
        } else if (c == b' ' || c == b'-') && (sep == 0 || sep == c) && at_digit(b, j + 1) && n > 0 {
            sep = c;
            j += 1;
        } else {
            break;
        }
    }
    let next = byte_at(b, j);
    if n < 13 || next.is_ascii_alphanumeric() || (next == b'.' && at_digit(b, j + 1)) {
        return None;
    }
    let d = &digits[..n];
    (luhn(d) && issuer_ok(d)).then(|| Hit::new(i, j, Kind::Card, Confidence::High))
}

fn at_digit(b: &[u8], j: usize) -> bool {
    b.get(j).is_some_and(u8::is_ascii_digit)
}

/// The Luhn (mod 10) check.
pub(crate) fn luhn(d: &[u8]) -> bool {
    let sum: u32 = d
        .iter()
        .rev()
        .enumerate()
        .map(|(k, &x)| {
            let x = u32::from(x);
            if k % 2 == 1 { if x * 2 > 9 { x * 2 - 9 } else { x * 2 } } else { x }
        })
        .sum();
    sum.is_multiple_of(10)
}

fn prefix(d: &[u8], len: usize) -> u32 {
    d.iter().take(len).fold(0, |a, &x| a * 10 + u32::from(x))
}

/// Issuer identification ranges and the lengths each issuer uses.
pub(crate) fn issuer_ok(d: &[u8]) -> bool {
    let n = d.len();
    let (p1, p2, p3, p4, p6) = (prefix(d, 1), prefix(d, 2), prefix(d, 3), prefix(d, 4), prefix(d, 6));
    match () {
        _ if p1 == 4 => matches!(n, 13 | 16 | 19),                              // Visa
        _ if (51..=55).contains(&p2) || (2221..=2720).contains(&p4) => n == 16, // Mastercard
        _ if p2 == 34 || p2 == 37 => n == 15,                                   // Amex
        _ if p4 == 6011 || (644..=649).contains(&p3) || p2 == 65 => (16..=19).contains(&n), // Discover
        _ if (622_126..=622_925).contains(&p6) || p2 == 62 => (16..=19).contains(&n), // UnionPay
        _ if (3528..=3589).contains(&p4) => (16..=19).contains(&n),             // JCB
        _ if (300..=305).contains(&p3) || p2 == 36 || p2 == 38 || p2 == 39 => (14..=19).contains(&n), // Diners
        _ if matches!(p4, 5018 | 5020 | 5038 | 5893 | 6304 | 6759 | 6761 | 6762 | 6763) => (12..=19).contains(&n), // Maestro
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cards() {
        assert!(at(b"4111111111111111", 0).is_some());
        assert!(at(b"4111 1111 1111 1111", 0).is_some());
        assert!(at(b"378282246310005", 0).is_some());
        assert!(at(b"5555-5555-5555-4444", 0).is_some());
        assert!(at(b"4111111111111112", 0).is_none(), "Luhn");
        assert!(at(b"1234567812345670", 0).is_none(), "no issuer starts with 1");
        assert!(at(b"4111 1111-1111 1111", 0).is_none(), "mixed separators");
        assert!(at(b"4111111111111111a", 0).is_none());
    }
}
