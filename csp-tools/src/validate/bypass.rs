//! Hosts known to serve CSP bypasses (JSONP endpoints, AngularJS builds, Flash files). The lists
//! are data files in `data/`, with their provenance at the top of each file.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::policy::{HostPattern, HostSource};

const JSONP: &str = include_str!("data/jsonp.txt");
const JSONP_NEEDS_EVAL: &str = include_str!("data/jsonp-needs-eval.txt");
const ANGULAR: &str = include_str!("data/angular.txt");
const FLASH: &str = include_str!("data/flash.txt");

/// Which bypass list a host-source matched.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BypassKind {
    /// A JSONP endpoint: the attacker picks the callback, i.e. the script.
    Jsonp,
    /// An AngularJS build: template expressions run without inline script.
    Angular,
}

/// The data lines of a list: `//host/path` entries, comments and blank lines skipped.
fn entries(list: &'static str) -> impl Iterator<Item = (&'static str, &'static str)> {
    list.lines().filter_map(|line| {
        let entry = line.trim().strip_prefix("//")?;
        Some(entry.split_at(entry.find('/').unwrap_or(entry.len())))
    })
}

/// One listed URL, parsed once.
struct Entry {
    host: &'static str,
    path: &'static str,
    kind: BypassKind,
    needs_eval: bool,
}

/// Indices of the entries of each listed host.
type HostIndex = HashMap<&'static str, Vec<usize>>;

/// Every script bypass entry, JSONP first (as csp_evaluator reports them), and the indices of the
/// entries of each host, parsed on first use.
fn script_entries() -> &'static (Vec<Entry>, HostIndex) {
    static ENTRIES: OnceLock<(Vec<Entry>, HostIndex)> = OnceLock::new();
    ENTRIES.get_or_init(|| {
        let needs_eval = |host: &str| JSONP_NEEDS_EVAL.lines().any(|line| line.trim() == host);
        let jsonp = entries(JSONP).map(|(host, path)| Entry {
            host,
            path,
            kind: BypassKind::Jsonp,
            needs_eval: needs_eval(host),
        });
        let angular =
            entries(ANGULAR).map(|(host, path)| Entry { host, path, kind: BypassKind::Angular, needs_eval: false });
        let entries: Vec<Entry> = jsonp.chain(angular).collect();
        let mut by_host: HashMap<&'static str, Vec<usize>> = HashMap::new();
        for (index, entry) in entries.iter().enumerate() {
            by_host.entry(entry.host).or_default().push(index);
        }
        (entries, by_host)
    })
}

/// Whether a listed `host` + `path` is within a host-source (host and path parts; ports and schemes
/// are not compared, since list entries are reachable over https on the default port).
fn source_covers(source: &HostSource, host: &str, path: &str) -> bool {
    let host_matches = match &source.host {
        HostPattern::Any => false,
        HostPattern::Exact(exact) => host.eq_ignore_ascii_case(exact),
        HostPattern::Subdomains(parent) => host
            .len()
            .checked_sub(parent.len() + 1)
            .is_some_and(|cut| host.as_bytes()[cut] == b'.' && host[cut + 1..].eq_ignore_ascii_case(parent)),
    };
    host_matches && path_covers(source.path.as_deref(), path)
}

/// CSP3 §6.7.2.10 in short: a source path ending in `/` is a prefix, any other must be equal.
fn path_covers(source_path: Option<&str>, path: &str) -> bool {
    match source_path {
        None | Some("/") | Some("") => true,
        Some(prefix) if prefix.ends_with('/') => path.starts_with(prefix),
        Some(exact) => path == exact,
    }
}

/// The first listed host a script host-source covers, and which list it is on. JSONP hosts that
/// only work with `'unsafe-eval'` count only when `eval_allowed`. JSONP is preferred over AngularJS.
pub fn script_bypass(source: &HostSource, eval_allowed: bool) -> Option<(BypassKind, &'static str)> {
    let (entries, by_host) = script_entries();
    let usable = |entry: &&Entry| (eval_allowed || !entry.needs_eval) && source_covers(source, entry.host, entry.path);
    let found = match &source.host {
        // Listed hosts are lowercase, and so are parsed hosts.
        HostPattern::Exact(host) => by_host
            .get(host.as_str())
            .and_then(|indices| indices.iter().filter_map(|&index| entries.get(index)).find(usable)),
        _ => entries.iter().find(usable),
    };
    found.map(|entry| (entry.kind, entry.host))
}

/// The first listed Flash host an object-src host-source covers.
pub fn flash_bypass(source: &HostSource) -> Option<&'static str> {
    entries(FLASH).find(|(host, path)| source_covers(source, host, path)).map(|(host, _)| host)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::{DirectiveName, SourceExpression, parse_source_expression};

    fn host(token: &str) -> HostSource {
        match parse_source_expression(token, DirectiveName::ScriptSrc).map(|p| p.expression) {
            Ok(SourceExpression::Host(host)) => host,
            other => panic!("{token} is not a host-source: {other:?}"),
        }
    }

    #[test]
    fn lists_are_loaded() {
        assert!(entries(JSONP).count() > 100);
        assert!(entries(ANGULAR).count() > 30);
        assert_eq!(entries(FLASH).count(), 2);
    }

    #[test]
    fn matches_hosts_wildcards_and_paths() {
        let cases: [(&str, bool, Option<BypassKind>); 9] = [
            ("https://ajax.googleapis.com", false, Some(BypassKind::Jsonp)),
            ("*.googleapis.com", false, Some(BypassKind::Jsonp)),
            ("ajax.googleapis.com/ajax/libs/angularjs/", false, Some(BypassKind::Angular)),
            ("ajax.googleapis.com/nothing/here", false, None),
            ("www.google-analytics.com", false, None),
            ("www.google-analytics.com", true, Some(BypassKind::Jsonp)),
            ("cdn.example.com", false, None),
            ("googleapis.com", false, None),
            ("*.com", false, Some(BypassKind::Jsonp)),
        ];
        for (token, eval, expected) in cases {
            assert_eq!(script_bypass(&host(token), eval).map(|(kind, _)| kind), expected, "{token}");
        }
        assert_eq!(flash_bypass(&host("vk.com")), Some("vk.com"));
        assert_eq!(flash_bypass(&host("example.com")), None);
    }
}
