//! A deliberately naive reference for CSP3 §6.7.2.6 "Does url match expression in origin with
//! redirect count?" (<https://w3c.github.io/webappsec-csp/#match-url-to-source-expression>), which
//! the `source_match` target checks the engine against.
//!
//! It shares no code with the engine: it reads the expression text itself with the §2.3.1 grammar
//! and works on a `url::Url`, one spec step after the other, favouring plainness over speed. Where
//! the engine deliberately follows Chromium rather than the spec text (its comments in
//! `csp-tools/src/matching/` and `csp-tools/src/policy/source_expression.rs` say so), this follows
//! Chromium too, in a comment starting "Chromium:" (Blink's `csp_source.cc` and
//! `csp_source_list.cc` are the source of those rules).

use url::Url;

/// How a scheme-part matched (Chromium needs to tell an upgrade from an exact match).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum SchemeMatch {
    No,
    Upgrade,
    Exact,
}

/// How a port-part matched.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum PortMatch {
    No,
    Wildcard,
    Upgrade,
    Exact,
}

/// A port-part as written: absent, `*`, or a number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum PortPart {
    Absent,
    Star,
    Number(u32),
}

/// The parts of a host-source (§2.3.1 `host-source`).
#[derive(Debug)]
struct HostSource {
    scheme: Option<String>,
    host: String,
    port: PortPart,
    path: Option<String>,
}

/// CSP3 §6.7.2.6: does `url` match `expression` for a document whose origin is `origin`'s?
pub fn does_url_match_expression(expression: &str, url: &Url, origin: &Url, redirect_count: u32) -> bool {
    // Step 1: "*" matches a URL with an HTTP(S) scheme or the origin's own scheme.
    if expression == "*" {
        // Chromium: ws and wss are covered too (CSPSourceListAllows' AllowedOnlyIfWildcardMatchesWs).
        let network = matches!(url.scheme(), "http" | "https" | "ws" | "wss");
        return network || url.scheme().eq_ignore_ascii_case(origin.scheme());
    }
    // Step 2: a scheme-source matches by its scheme-part alone.
    if let Some(scheme) = parse_scheme_source(expression) {
        return scheme_part_match(&scheme, url.scheme()) != SchemeMatch::No;
    }
    // Step 3: a host-source.
    if let Some(source) = parse_host_source(expression) {
        return host_source_matches(&source, url, origin, redirect_count);
    }
    // Step 4: 'self'.
    if expression.eq_ignore_ascii_case("'self'") {
        return self_matches(url, origin);
    }
    // Step 5: keywords, nonces, hashes and invalid tokens match no URL.
    false
}

/// CSP3 §6.7.2.6 step 3, for a host-source.
fn host_source_matches(source: &HostSource, url: &Url, origin: &Url, redirect_count: u32) -> bool {
    // Steps 3.2 and 3.3: the scheme-part, or without one the origin's scheme, against url's scheme.
    let source_scheme = source.scheme.as_deref().unwrap_or(origin.scheme());
    let scheme = scheme_part_match(source_scheme, url.scheme());
    if scheme == SchemeMatch::No {
        return false;
    }
    // Step 3.1 says a URL with a null host never matches. Chromium: a hostless URL is compared as
    // the empty host, which only the host-part "*" matches.
    let host = url.host_str().unwrap_or("");
    // Step 3.4.
    if !host_part_match(&source.host, host) {
        return false;
    }
    // Steps 3.5 and 3.6.
    let port = port_part_match(source.port, source_scheme, url);
    if port == PortMatch::No {
        return false;
    }
    // Chromium: an upgraded scheme must come with a default or upgraded port, and an upgraded port
    // with an upgraded scheme (`http://a:8080` does not match `https://a:8080`).
    let needs_upgrade = scheme == SchemeMatch::Upgrade || port == PortMatch::Upgrade;
    let can_upgrade = scheme == SchemeMatch::Upgrade && matches!(port, PortMatch::Upgrade | PortMatch::Wildcard);
    if needs_upgrade && !can_upgrade {
        return false;
    }
    // Step 3.7: the path-part, unless the request was redirected.
    if let Some(path) = &source.path
        && redirect_count == 0
        && !path_part_match(path, url.path())
    {
        return false;
    }
    // Step 3.8.
    true
}

/// CSP3 §6.7.2.6 step 4, `'self'`: the origin's own origin, or the same host on the same or
/// default ports when the URL is secure (https, wss) or the origin is plain http.
fn self_matches(url: &Url, origin: &Url) -> bool {
    // Chromium: the self-source is (origin scheme, origin host, origin port), the port being the
    // origin's effective one (80 for http://a/), and it is matched by CSPSourceMatchesAsSelf.
    let self_scheme = origin.scheme();
    let self_port = origin.port_or_known_default();
    let scheme = scheme_part_match(self_scheme, url.scheme());
    // Chromium: any file: URL matches 'self' in a document delivered from a file: URL.
    if url.scheme() == "file" && scheme == SchemeMatch::Exact {
        return true;
    }
    let Some(self_host) = origin.host_str() else {
        // An origin without a host has nothing for a URL's host to equal.
        return false;
    };
    let same_host = url.host_str() == Some(self_host);
    let self_port_part = self_port.map_or(PortPart::Absent, |port| PortPart::Number(port.into()));
    let port = port_part_match(self_port_part, self_scheme, url);
    // The same origin.
    if scheme == SchemeMatch::Exact && same_host && matches!(port, PortMatch::Exact | PortMatch::Wildcard) {
        return true;
    }
    // The same host, on the same ports or on the default ports of both schemes.
    let self_port_is_default = self_port.is_none() || self_port == default_port(self_scheme);
    let url_port_is_default = url.port().is_none() || url.port() == default_port(url.scheme());
    let ports_ok = port == PortMatch::Exact || (self_port_is_default && url_port_is_default);
    let secure_enough = matches!(url.scheme(), "https" | "wss") || self_scheme == "http";
    same_host && ports_ok && secure_enough
}

/// CSP3 §6.7.2.7 scheme-part match.
fn scheme_part_match(a: &str, b: &str) -> SchemeMatch {
    if a.eq_ignore_ascii_case(b) {
        return SchemeMatch::Exact;
    }
    // The spec also lets "ws" match http(s) and "wss" match https. Chromium: only http→https and
    // ws→wss.
    let is = |text: &str, name: &str| text.eq_ignore_ascii_case(name);
    if (is(a, "http") && is(b, "https")) || (is(a, "ws") && is(b, "wss")) {
        return SchemeMatch::Upgrade;
    }
    SchemeMatch::No
}

/// CSP3 §6.7.2.8 host-part match: "*" matches any host; "*.example.com" any host ending in
/// ".example.com"; anything else the host itself, ASCII case-insensitively.
fn host_part_match(pattern: &str, host: &str) -> bool {
    if pattern == "*" {
        return true;
    }
    if let Some(remaining) = pattern.strip_prefix('*') {
        return host.to_ascii_lowercase().ends_with(&remaining.to_ascii_lowercase());
    }
    // The spec refuses IP addresses here. Chromium: an IP literal is matched like any other host.
    pattern.eq_ignore_ascii_case(host)
}

/// CSP3 §6.7.2.9 port-part match, as Chromium's `PortMatches` does it. `source_scheme` is the
/// source's scheme, or the origin's when the source has none.
fn port_part_match(port: PortPart, source_scheme: &str, url: &Url) -> PortMatch {
    // The URL parser drops a default port, so `url.port()` is None for https://a:443/.
    let url_port = url.port().map(u32::from);
    let url_default = default_port(url.scheme()).map(u32::from);
    let source_port = match port {
        PortPart::Star => return PortMatch::Wildcard,
        PortPart::Absent => None,
        PortPart::Number(number) => Some(number),
    };
    if source_port == url_port {
        return if url_port.is_none() { PortMatch::Wildcard } else { PortMatch::Exact };
    }
    // Chromium: port 80 (or an http source's default or 443) upgrades to 443 or a URL whose
    // scheme defaults to 443.
    let from_insecure = source_port == Some(80) || (source_scheme == "http" && matches!(source_port, None | Some(443)));
    let to_secure = url_port == Some(443) || (url_port.is_none() && url_default == Some(443));
    if from_insecure && to_secure {
        return PortMatch::Upgrade;
    }
    // Step 5 of the spec: a missing port on either side stands for the URL scheme's default port.
    if url_port.is_none() {
        return if source_port == url_default { PortMatch::Exact } else { PortMatch::No };
    }
    if source_port.is_none() {
        return if url_port == url_default { PortMatch::Exact } else { PortMatch::No };
    }
    PortMatch::No
}

/// CSP3 §6.7.2.10 path-part match. The spec splits both paths on "/" and compares decoded
/// segments. Chromium: the source path was decoded when parsed, the whole URL path is decoded
/// (so "%2F" acts as "/"), and a source path ending in "/" is a string prefix, any other exact.
fn path_part_match(source_path: &str, url_path: &str) -> bool {
    if source_path.is_empty() || (source_path == "/" && url_path.is_empty()) {
        return true;
    }
    let url_path = percent_decode(url_path);
    if source_path.ends_with('/') { url_path.starts_with(source_path) } else { url_path == source_path }
}

/// WHATWG URL "default port".
fn default_port(scheme: &str) -> Option<u16> {
    match scheme {
        "http" | "ws" => Some(80),
        "https" | "wss" => Some(443),
        "ftp" => Some(21),
        _ => None,
    }
}

/// §2.3.1 `scheme-source = scheme-part ":"`; the scheme, ASCII-lowercased.
fn parse_scheme_source(token: &str) -> Option<String> {
    let scheme = token.strip_suffix(':')?;
    is_scheme(scheme).then(|| scheme.to_ascii_lowercase())
}

/// RFC 3986 §3.1 `scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )`.
fn is_scheme(text: &str) -> bool {
    let mut chars = text.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// §2.3.1 `host-source = [ scheme-part "://" ] host-part [ ":" port-part ] [ path-part ]`.
fn parse_host_source(token: &str) -> Option<HostSource> {
    let (scheme, rest) = match token.split_once("://") {
        Some((scheme, rest)) if is_scheme(scheme) => (Some(scheme.to_ascii_lowercase()), rest),
        _ => (None, token),
    };
    // The host-part runs to the first ":" (a port-part) or "/" (a path-part).
    let host_end = rest.find([':', '/']).unwrap_or(rest.len());
    let host = &rest[..host_end];
    if !is_host_part(host) {
        return None;
    }
    let mut rest = &rest[host_end..];
    let mut port = PortPart::Absent;
    if let Some(after_colon) = rest.strip_prefix(':') {
        let port_end = after_colon.find('/').unwrap_or(after_colon.len());
        port = parse_port_part(&after_colon[..port_end])?;
        rest = &after_colon[port_end..];
    }
    let path = if rest.is_empty() {
        None
    } else {
        // `path-part = path-absolute` has no "?" or "#". Chromium: the query or fragment is
        // dropped (with a console warning), any other character is kept, and the path is
        // percent-decoded when the policy is parsed.
        let without_query = &rest[..rest.find(['?', '#']).unwrap_or(rest.len())];
        Some(percent_decode(without_query))
    };
    Some(HostSource { scheme, host: host.to_ascii_lowercase(), port, path })
}

/// `host-part = "*" / [ "*." ] 1*host-char *( "." 1*host-char ) [ "." ]`, host-char being
/// ALPHA / DIGIT / "-". Chromium: the trailing "." is refused.
fn is_host_part(host: &str) -> bool {
    if host == "*" {
        return true;
    }
    let labels = host.strip_prefix("*.").unwrap_or(host);
    !labels.is_empty()
        && labels
            .split('.')
            .all(|label| !label.is_empty() && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
}

/// `port-part = 1*DIGIT / "*"`. Chromium: a number that does not fit an `int` makes the source invalid.
fn parse_port_part(port: &str) -> Option<PortPart> {
    if port == "*" {
        return Some(PortPart::Star);
    }
    if port.is_empty() || !port.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let significant = port.trim_start_matches('0');
    if significant.len() > 10 {
        return None;
    }
    let number: u64 = if significant.is_empty() { 0 } else { significant.parse().ok()? };
    u32::try_from(number).ok().filter(|&n| n <= i32::MAX as u32).map(PortPart::Number)
}

/// Percent-decoding as Chromium's `DecodeURLEscapeSequences(kUTF8OrIsomorphic)`: the decoded bytes
/// as UTF-8 when they are valid UTF-8, otherwise one character per byte; a "%" that does not
/// start two hex digits stays as it is.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut decoded = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let hex = |at: usize| bytes.get(at).and_then(|&b| char::from(b).to_digit(16));
        match (bytes[i], hex(i + 1), hex(i + 2)) {
            (b'%', Some(high), Some(low)) => {
                decoded.push((high * 16 + low) as u8);
                i += 3;
            }
            (byte, _, _) => {
                decoded.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8(decoded.clone()).unwrap_or_else(|_| decoded.into_iter().map(char::from).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(expression: &str, url: &str, page: &str) -> bool {
        let url = Url::parse(url).expect("test URL");
        let page = Url::parse(page).expect("test page");
        does_url_match_expression(expression, &url, &page, 0)
    }

    #[test]
    fn spec_examples() {
        let page = "https://example.com/";
        assert!(matches("https://*.example.com", "https://a.example.com/x", page));
        assert!(!matches("https://*.example.com", "https://example.com/", page));
        assert!(matches("example.com", "https://example.com/", page));
        assert!(matches("http://example.com", "https://example.com/", page), "http upgrades to https");
        assert!(!matches("http://example.com:8080", "https://example.com:8080/", page), "no upgrade off default ports");
        assert!(matches("example.com/a/", "https://example.com/a/b", page));
        assert!(!matches("example.com/a", "https://example.com/a/b", page));
        assert!(matches("example.com/a/b", "https://example.com/a%2Fb", page), "Chromium decodes %2F");
        assert!(matches("'self'", "wss://example.com/", page));
        assert!(!matches("'self'", "ws://example.com/", page));
        assert!(matches("*", "wss://other.example/", page));
        assert!(!matches("*", "data:text/plain,x", page));
        assert!(matches("data:", "data:text/plain,x", page));
        assert!(!matches("'unsafe-inline'", "https://example.com/", page));
        assert!(!matches("example.com.", "https://example.com./", page), "Chromium refuses a trailing dot");
        assert!(!matches("example.com:99999999999", "https://example.com/", page), "port out of int range");
    }
}
