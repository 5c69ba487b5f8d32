//! Email addresses, found from the `@` outwards: `local@label.label.tld`.

use crate::sanitize::scan::Hit;
use crate::sanitize::{Confidence, Kind};

fn local(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'%' | b'+' | b'-')
}

/// Top-level "domains" that are really file extensions (`icon@2x.png`).
const NOT_TLD: &[&str] = &["png", "jpg", "jpeg", "gif", "svg", "webp", "css", "js", "mjs", "ts", "json", "html", "ico"];

/// The email address around the `@` at `i`.
pub(crate) fn at(b: &[u8], i: usize) -> Option<Hit> {
    let mut s = i;
    while s > 0 && local(b[s - 1]) && i - s < 64 {
        s -= 1;
    }
    while s < i && matches!(b[s], b'.' | b'-' | b'+') {
        s += 1;
    }
    if s == i || b[i - 1] == b'.' || in_url_userinfo(b, i) {
        return None;
    }
    // Domain: labels of [A-Za-z0-9-], not starting/ending with '-', joined by single dots.
    let mut e = i + 1;
    let mut labels = 0;
    let mut last_label;
    loop {
        let ls = e;
        while e < b.len() && (b[e].is_ascii_alphanumeric() || b[e] == b'-') && e - ls < 63 {
            e += 1;
        }
        if e == ls || b[ls] == b'-' || b[e - 1] == b'-' {
            return None;
        }
        labels += 1;
        last_label = (ls, e);
        if e < b.len() && b[e] == b'.' && b.get(e + 1).is_some_and(u8::is_ascii_alphanumeric) {
            e += 1;
        } else {
            break;
        }
    }
    let tld = std::str::from_utf8(&b[last_label.0..last_label.1]).ok()?;
    if labels < 2 || tld.len() < 2 || !tld.bytes().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    if NOT_TLD.iter().any(|x| x.eq_ignore_ascii_case(tld)) {
        return None;
    }
    Some(Hit::new(s, last_label.1, Kind::Email, Confidence::High))
}

/// Whether the `@` at `i` ends the userinfo of a URL (`scheme://user:pw@host`): that is a
/// login, handled by the URL credentials detector, not an email address.
fn in_url_userinfo(b: &[u8], i: usize) -> bool {
    let mut j = i;
    // Bounded, and stops at an earlier `@`, so text full of `@` stays linear.
    while j > 0 && i - j < 256 {
        let c = b[j - 1];
        if c.is_ascii_whitespace() || matches!(c, b'/' | b'"' | b'\'' | b'@') {
            return c == b'/' && j >= 3 && &b[j - 3..j] == b"://";
        }
        j -= 1;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(s: &str) -> Option<&str> {
        let i = s.find('@')?;
        at(s.as_bytes(), i).map(|h| &s[h.start..h.end])
    }

    #[test]
    fn emails() {
        assert_eq!(find("mail jane.doe+x@mail.example.co.uk."), Some("jane.doe+x@mail.example.co.uk"));
        assert_eq!(find("icon@2x.png"), None);
        assert_eq!(find("@media screen"), None);
        assert_eq!(find("user@localhost"), None);
        assert_eq!(find("npm i @scope/pkg"), None);
        assert_eq!(find("redis://u:****x9a@db.example.com:6379"), None);
    }
}
