//! Passwords inside URLs and connection strings: `scheme://user:password@host`.

use crate::sanitize::scan::Hit;
use crate::sanitize::text::{has_at, is_placeholder};
use crate::sanitize::{Confidence, Kind};

/// Schemes whose URLs are database/broker connection strings (High confidence).
const DB_SCHEMES: &[&str] = &[
    "postgres",
    "postgresql",
    "mysql",
    "mariadb",
    "mongodb",
    "mongodb+srv",
    "redis",
    "rediss",
    "amqp",
    "amqps",
    "mssql",
    "sqlserver",
    "jdbc:postgresql",
    "jdbc:mysql",
    "clickhouse",
    "couchdb",
    "neo4j",
    "nats",
    "mqtt",
];

/// The password of a URL whose `://` is at `i`.
pub(crate) fn at(b: &[u8], i: usize) -> Option<Hit> {
    if !has_at(b, i, b"://") {
        return None;
    }
    let mut s = i;
    while s > 0 && i - s < 40 && (b[s - 1].is_ascii_alphanumeric() || matches!(b[s - 1], b'+' | b'.' | b'-' | b':')) {
        s -= 1;
    }
    let scheme = std::str::from_utf8(&b[s..i]).ok()?.to_ascii_lowercase();
    if scheme.is_empty() || !scheme.as_bytes()[0].is_ascii_alphabetic() {
        return None;
    }
    let auth_start = i + 3;
    let auth_end = auth_start
        + b[auth_start..]
            .iter()
            .position(|&c| {
                matches!(c, b'/' | b'?' | b'#' | b'"' | b'\'' | b'<' | b'>' | b'`') || c.is_ascii_whitespace()
            })
            .unwrap_or(b.len() - auth_start);
    let auth = &b[auth_start..auth_end];
    let at_sign = auth.iter().rposition(|&c| c == b'@')?;
    let userinfo = &auth[..at_sign];
    let colon = userinfo.iter().position(|&c| c == b':')?;
    let (ps, pe) = (auth_start + colon + 1, auth_start + at_sign);
    let password = std::str::from_utf8(&b[ps..pe]).ok()?;
    if is_placeholder(password) {
        return None;
    }
    let conf = if DB_SCHEMES.contains(&scheme.as_str()) { Confidence::High } else { Confidence::Medium };
    Some(Hit::new(ps, pe, Kind::UrlCredentials, conf))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pw(s: &str) -> Option<&str> {
        let i = s.find("://")?;
        at(s.as_bytes(), i).map(|h| &s[h.start..h.end])
    }

    #[test]
    fn passwords() {
        assert_eq!(pw("postgres://app:s3cr3t@db.internal:5432/app"), Some("s3cr3t"));
        assert_eq!(pw("mongodb+srv://u:p%40ss@cluster0.example.net/db"), Some("p%40ss"));
        assert_eq!(pw("redis://:hunter22@cache:6379/0"), Some("hunter22"));
        assert_eq!(pw("https://example.com/a@b"), None);
        assert_eq!(pw("https://user@example.com/"), None);
        assert_eq!(pw("postgres://app:${DB_PASSWORD}@db/app"), None);
    }
}
