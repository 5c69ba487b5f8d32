//! IBAN: country code, 2 check digits, BBAN of the country's length (optionally in groups of
//! 4 separated by single spaces), and the ISO 13616 mod-97 check equal to 1.

use crate::sanitize::scan::Hit;
use crate::sanitize::text::byte as byte_at;
use crate::sanitize::{Confidence, Kind};

/// (country, total IBAN length) per the SWIFT IBAN registry.
const LENGTHS: &[(&[u8; 2], usize)] = &[
    (b"AD", 24),
    (b"AE", 23),
    (b"AL", 28),
    (b"AT", 20),
    (b"AZ", 28),
    (b"BA", 20),
    (b"BE", 16),
    (b"BG", 22),
    (b"BH", 22),
    (b"BR", 29),
    (b"BY", 28),
    (b"CH", 21),
    (b"CR", 22),
    (b"CY", 28),
    (b"CZ", 24),
    (b"DE", 22),
    (b"DK", 18),
    (b"DO", 28),
    (b"EE", 20),
    (b"EG", 29),
    (b"ES", 24),
    (b"FI", 18),
    (b"FO", 18),
    (b"FR", 27),
    (b"GB", 22),
    (b"GE", 22),
    (b"GI", 23),
    (b"GL", 18),
    (b"GR", 27),
    (b"GT", 28),
    (b"HR", 21),
    (b"HU", 28),
    (b"IE", 22),
    (b"IL", 23),
    (b"IQ", 23),
    (b"IS", 26),
    (b"IT", 27),
    (b"JO", 30),
    (b"KW", 30),
    (b"KZ", 20),
    (b"LB", 28),
    (b"LC", 32),
    (b"LI", 21),
    (b"LT", 20),
    (b"LU", 20),
    (b"LV", 21),
    (b"MC", 27),
    (b"MD", 24),
    (b"ME", 22),
    (b"MK", 19),
    (b"MR", 27),
    (b"MT", 31),
    (b"MU", 30),
    (b"NL", 18),
    (b"NO", 15),
    (b"PK", 24),
    (b"PL", 28),
    (b"PS", 29),
    (b"PT", 25),
    (b"QA", 29),
    (b"RO", 24),
    (b"RS", 22),
    (b"SA", 24),
    (b"SC", 31),
    (b"SE", 24),
    (b"SI", 19),
    (b"SK", 24),
    (b"SM", 27),
    (b"ST", 25),
    (b"SV", 28),
    (b"TL", 23),
    (b"TN", 24),
    (b"TR", 26),
    (b"UA", 29),
    (b"VA", 22),
    (b"VG", 24),
    (b"XK", 20),
];

/// The IBAN starting at `i`.
pub(crate) fn at(b: &[u8], i: usize) -> Option<Hit> {
    let cc = b.get(i..i + 2)?;
    let &(_, len) = LENGTHS.iter().find(|(c, _)| c.as_slice() == cc)?;
    if !(byte_at(b, i + 2).is_ascii_digit() && byte_at(b, i + 3).is_ascii_digit()) {
        return None;
    }
    let mut chars = Vec::with_capacity(len);
    let mut j = i;
    while j < b.len() && chars.len() < len {
        let c = b[j];
        if c.is_ascii_digit() || c.is_ascii_uppercase() {
            chars.push(c);
        } else if c == b' ' && chars.len() % 4 == 0 && byte_at(b, j + 1).is_ascii_alphanumeric() {
            // grouped form: a single space after every 4 characters
        } else {
            break;
        }
        j += 1;
    }
    if chars.len() != len || byte_at(b, j).is_ascii_alphanumeric() {
        return None;
    }
    mod97(&chars).then(|| Hit::new(i, j, Kind::Iban, Confidence::High))
}

/// ISO 13616: move the first 4 characters to the end, letters to 10..35, the number mod 97 is 1.
pub(crate) fn mod97(iban: &[u8]) -> bool {
    let mut r: u32 = 0;
    for &c in iban[4..].iter().chain(&iban[..4]) {
        let v = if c.is_ascii_digit() { u32::from(c - b'0') } else { u32::from(c - b'A') + 10 };
        r = if v < 10 { (r * 10 + v) % 97 } else { (r * 100 + v) % 97 };
    }
    r == 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ibans() {
        assert!(at(b"DE89370400440532013000", 0).is_some());
        assert!(at(b"GB82 WEST 1234 5698 7654 32", 0).is_some());
        assert!(at(b"DE89370400440532013001", 0).is_none(), "mod 97");
        assert!(at(b"DE8937040044053201300", 0).is_none(), "length");
    }
}
