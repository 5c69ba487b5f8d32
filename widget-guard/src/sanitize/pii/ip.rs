//! IPv4 (dotted quad, no leading zeros) and IPv6 (parsed by `std`) addresses; loopback,
//! unspecified and broadcast addresses are not personal data and are skipped.

use crate::sanitize::scan::Hit;
use crate::sanitize::text::byte;
use crate::sanitize::{Confidence, Kind};

/// A dotted-quad IPv4 address starting at `i`.
pub(crate) fn v4(b: &[u8], i: usize) -> Option<Hit> {
    if i > 0 && matches!(b[i - 1], b'.' | b'-' | b'_' | b'/') {
        return None;
    }
    let mut j = i;
    let mut octets = [0u32; 4];
    for (k, o) in octets.iter_mut().enumerate() {
        let s = j;
        while j < b.len() && b[j].is_ascii_digit() && j - s < 3 {
            j += 1;
        }
        if j == s || (j - s > 1 && b[s] == b'0') {
            return None;
        }
        *o = b[s..j].iter().fold(0, |a, &c| a * 10 + u32::from(c - b'0'));
        if *o > 255 {
            return None;
        }
        if k < 3 {
            if byte(b, j) != b'.' {
                return None;
            }
            j += 1;
        }
    }
    let next = byte(b, j);
    if next.is_ascii_alphanumeric() || (matches!(next, b'.' | b'-') && byte(b, j + 1).is_ascii_digit()) {
        return None;
    }
    if octets[0] == 0 || octets[0] == 127 || octets[0] == 255 {
        return None;
    }
    Some(Hit::new(i, j, Kind::IpAddress, Confidence::Medium))
}

/// An IPv6 address starting at `i`: a run of hex digits, `:` and `.` with at least two
/// colons that `std` parses, not loopback/unspecified.
pub(crate) fn v6(b: &[u8], i: usize) -> Option<Hit> {
    // Cheap prefilter: a group has at most 4 hex digits, so a ':' comes within 5 bytes.
    if (i > 0 && b[i - 1] == b':') || !b.iter().skip(i).take(5).any(|&c| c == b':') {
        return None;
    }
    let mut e = i;
    while e < b.len() && (b[e].is_ascii_hexdigit() || b[e] == b':' || b[e] == b'.') && e - i < 45 {
        e += 1;
    }
    while e > i && matches!(b[e - 1], b'.') {
        e -= 1;
    }
    let s = &b[i..e];
    if s.iter().filter(|&&c| c == b':').count() < 2 || byte(b, e).is_ascii_alphanumeric() || byte(b, e) == b':' {
        return None;
    }
    let groups = ipv6_groups(s)?;
    if groups[..7].iter().all(|&g| g == 0) && groups[7] <= 1 {
        return None; // :: and ::1
    }
    Some(Hit::new(i, e, Kind::IpAddress, Confidence::Medium))
}

/// Parses RFC 4291 text form (with `::` and an optional trailing dotted quad) into 8 groups.
/// Hand-written: `std`'s address parser costs ~3 KB of Wasm.
fn ipv6_groups(s: &[u8]) -> Option<[u16; 8]> {
    let (head, tail): (&[u8], Option<&[u8]>) = match s.windows(2).position(|w| w == b"::") {
        Some(p) => (&s[..p], Some(&s[p + 2..])),
        None => (s, None),
    };
    let parse = |part: &[u8], out: &mut Vec<u16>, last: bool| -> Option<()> {
        if part.is_empty() {
            return Some(());
        }
        let fields: Vec<&[u8]> = part.split(|&c| c == b':').collect();
        for (k, f) in fields.iter().enumerate() {
            if last && k == fields.len() - 1 && f.contains(&b'.') {
                let h = v4(f, 0).filter(|h| h.end == f.len())?;
                let mut o = f[h.start..h.end]
                    .split(|&c| c == b'.')
                    .map(|x| x.iter().fold(0u16, |a, &c| a * 10 + u16::from(c - b'0')));
                let (a, b, c, d) = (o.next()?, o.next()?, o.next()?, o.next()?);
                out.push(a << 8 | b);
                out.push(c << 8 | d);
            } else {
                if f.is_empty() || f.len() > 4 || !f.iter().all(u8::is_ascii_hexdigit) {
                    return None;
                }
                out.push(f.iter().fold(0u16, |a, &c| a << 4 | char::from(c).to_digit(16).unwrap_or(0) as u16));
            }
        }
        Some(())
    };
    let (mut h, mut t) = (Vec::new(), Vec::new());
    parse(head, &mut h, tail.is_none())?;
    let mut g = [0u16; 8];
    match tail {
        None if h.len() == 8 => g.copy_from_slice(&h),
        Some(tl) => {
            parse(tl, &mut t, true)?;
            if h.len() + t.len() > 7 {
                return None;
            }
            g[..h.len()].copy_from_slice(&h);
            g[8 - t.len()..].copy_from_slice(&t);
        }
        None => return None,
    }
    Some(g)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses() {
        assert!(v4(b"203.0.113.42", 0).is_some());
        assert!(v4(b"203.0.113.256", 0).is_none());
        assert!(v4(b"1.2.3", 0).is_none());
        assert!(v4(b"127.0.0.1", 0).is_none());
        assert!(v4(b"01.2.3.4", 0).is_none());
        assert!(v6(b"2001:db8::8a2e:370:7334", 0).is_some());
        assert!(v6(b"fe80::1ff:fe23:4567:890a", 0).is_some());
        assert!(v6(b"12:30:45", 0).is_none());
        assert!(v6(b"00:1a:2b:3c:4d:5e", 0).is_none());
        assert!(v6(b"64:ff9b::203.0.113.9", 0).is_some());
        assert!(v6(b"2001:db8:0:0:0:0:2:1", 0).is_some());
        assert!(v6(b"2001:db8::1::2", 0).is_none());
        assert!(v6(b"2001:db8:0:0:0:0:2:1:5", 0).is_none());
        assert!(v6(b"12345::1", 0).is_none());
    }
}
