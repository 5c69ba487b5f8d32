//! Real-world source expressions and hosts, read from the 1,170 policies of
//! `tests/data/real-csp.txt` (a copy of `../shared/data/real-csp.txt`). The structure-aware
//! targets pick from them by index, so every input can use real tokens without seed files.

use std::collections::BTreeSet;
use std::sync::OnceLock;

const REAL_CSP: &str = include_str!("../../tests/data/real-csp.txt");

/// The distinct value tokens of every directive of every policy (directive names left out), kept
/// only when they can sit in one token of a source list: printable ASCII without ',' or ';'.
pub fn source_tokens() -> &'static [String] {
    static TOKENS: OnceLock<Vec<String>> = OnceLock::new();
    TOKENS.get_or_init(|| {
        let mut tokens = BTreeSet::new();
        for directive in REAL_CSP.lines().flat_map(|line| line.split([';', ','])) {
            for token in directive.split_ascii_whitespace().skip(1) {
                if token.bytes().all(|b| b.is_ascii_graphic()) {
                    tokens.insert(token.to_owned());
                }
            }
        }
        tokens.into_iter().collect()
    })
}

/// The distinct host names those tokens name (`https://*.cdn.example.com:443/x` gives
/// `cdn.example.com`), for URLs that real sources can match.
pub fn hosts() -> &'static [String] {
    static HOSTS: OnceLock<Vec<String>> = OnceLock::new();
    HOSTS.get_or_init(|| {
        let mut hosts = BTreeSet::new();
        for token in source_tokens() {
            let rest = token.split_once("://").map_or(token.as_str(), |(_, rest)| rest);
            let host = rest[..rest.find([':', '/']).unwrap_or(rest.len())].trim_start_matches("*.");
            if host.contains('.') && host.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-')) {
                hosts.insert(host.to_ascii_lowercase());
            }
        }
        hosts.into_iter().collect()
    })
}

/// The item at `index`, wrapping around.
pub fn pick(items: &[String], index: u16) -> &str {
    if items.is_empty() { "" } else { &items[usize::from(index) % items.len()] }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_corpus_yields_tokens_and_hosts() {
        assert!(source_tokens().len() > 1000, "{}", source_tokens().len());
        assert!(source_tokens().iter().any(|t| t == "'self'"));
        assert!(hosts().iter().any(|h| h == "www.googletagmanager.com"));
        assert!(hosts().iter().all(|h| !h.starts_with('*')));
    }
}
