//! CSP3 §6.7.2.7–§6.7.2.10: matching one part of a host-source against one part of a URL.
//!
//! Chromium (Blink's `CSPSourceMatches`) differs from the spec text here, and we follow Chromium:
//! - scheme upgrades are only `http`→`https` and `ws`→`wss` (the spec also lets `ws` match
//!   `http(s)` and `wss` match `https`);
//! - a source on port 80 also matches port 443 when the scheme is upgraded too, and an upgraded
//!   scheme is only accepted with a default or upgraded port (`http://a:8080` ≠ `https://a:8080`);
//! - paths compare after percent-decoding the whole URL path (so `%2F` acts as `/`).

use crate::policy::{HostPattern, PortPattern};
use crate::text::percent_decode;
use crate::url_view::default_port;

/// How a scheme or port matched; Chromium needs the distinction to keep upgrades consistent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PartMatch {
    No,
    /// Matched because nothing was specified (default port on both sides, or `*`).
    Wildcard,
    /// Matched by a secure upgrade (http→https, ws→wss, port 80→443).
    Upgrade,
    Exact,
}

impl PartMatch {
    pub fn matches(self) -> bool {
        self != PartMatch::No
    }
}

/// CSP3 §6.7.2.7 scheme-part match (Chromium: only http→https and ws→wss upgrade).
pub fn scheme_part_match(source_scheme: &str, url_scheme: &str) -> PartMatch {
    if source_scheme.eq_ignore_ascii_case(url_scheme) {
        return PartMatch::Exact;
    }
    let upgrade = (source_scheme == "http" && url_scheme == "https") || (source_scheme == "ws" && url_scheme == "wss");
    if upgrade { PartMatch::Upgrade } else { PartMatch::No }
}

/// CSP3 §6.7.2.8 host-part match. Chromium matches IP literals like any other host, exactly.
/// A wildcard matches a host that ends with "." and the parent, so never the apex
/// (`*.example.com` does not match `example.com`), but `.example.com`, which URL parsers keep,
/// as Chromium does.
pub fn host_part_match(pattern: &HostPattern, host: &str) -> bool {
    match pattern {
        HostPattern::Any => true,
        HostPattern::Exact(exact) => exact.eq_ignore_ascii_case(host),
        HostPattern::Subdomains(parent) => {
            let (host, parent) = (host.as_bytes(), parent.as_bytes());
            host.len() > parent.len()
                && host[host.len() - parent.len() - 1] == b'.'
                && host[host.len() - parent.len()..].eq_ignore_ascii_case(parent)
        }
    }
}

/// CSP3 §6.7.2.9 port-part match, as Blink's `PortMatches` implements it. `source_scheme` is the
/// source's scheme, or the protected resource's scheme when the source has none.
pub fn port_part_match(
    source_port: PortPattern,
    source_scheme: &str,
    url_port: Option<u16>,
    url_scheme: &str,
) -> PartMatch {
    let source_number = match source_port {
        PortPattern::Any => return PartMatch::Wildcard,
        PortPattern::Default => None,
        PortPattern::Number(number) => Some(number),
    };
    let url_number = url_port.map(u32::from);
    if source_number == url_number {
        return if url_number.is_none() { PartMatch::Wildcard } else { PartMatch::Exact };
    }
    let url_default = default_port(url_scheme).map(u32::from);
    let source_is_http = source_scheme == "http";
    let from_insecure = source_number == Some(80) || (source_is_http && matches!(source_number, None | Some(443)));
    let to_secure = url_number == Some(443) || (url_number.is_none() && url_default == Some(443));
    if from_insecure && to_secure {
        return PartMatch::Upgrade;
    }
    // One side is the default port written out, the other left implicit.
    let explicit_default = match (source_number, url_number) {
        (Some(source), None) => url_default == Some(source),
        (None, Some(url)) => url_default == Some(url),
        _ => false,
    };
    if explicit_default { PartMatch::Exact } else { PartMatch::No }
}

/// CSP3 §6.7.2.10 path-part match. `source_path` was percent-decoded when the policy was parsed;
/// the URL path is decoded here. A path ending in `/` is a prefix, any other path must be exact.
pub fn path_part_match(source_path: &str, url_path: &str) -> bool {
    if source_path.is_empty() || (source_path == "/" && url_path.is_empty()) {
        return true;
    }
    let url_path = percent_decode(url_path);
    if source_path.ends_with('/') { url_path.starts_with(source_path) } else { *url_path == *source_path }
}

/// Whether a scheme or port upgrade is paired with a compatible other half (Blink's rule: never
/// upgrade the scheme without the port, nor the port without the scheme).
pub fn upgrades_consistent(scheme: PartMatch, port: PartMatch) -> bool {
    let needs_upgrade = scheme == PartMatch::Upgrade || port == PartMatch::Upgrade;
    let can_upgrade = scheme == PartMatch::Upgrade && matches!(port, PartMatch::Upgrade | PartMatch::Wildcard);
    !needs_upgrade || can_upgrade
}
