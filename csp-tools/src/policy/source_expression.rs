//! CSP3 §2.3.1 source-expression grammar: what one whitespace-separated token of a source list means.
//!
//! Where Chromium's parser accepts or rejects something the ABNF does not, we follow Chromium (it is
//! what users run) and say so next to the rule.

use serde::Serialize;

use super::DirectiveName;
use crate::text::percent_decode;

/// One valid source expression.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum SourceExpression {
    /// `'none'`: matches nothing; ignored when other expressions are present.
    None,
    /// `*`: any URL with a network scheme or the protected resource's own scheme.
    Star,
    /// `'self'`: the protected resource's origin, with secure upgrades.
    SelfOrigin,
    /// `https:`: a scheme-source.
    Scheme { scheme: String },
    /// `https://*.example.com:8443/api/`: a host-source.
    Host(HostSource),
    /// `'unsafe-inline'`, `'strict-dynamic'`…: a keyword-source.
    Keyword { keyword: Keyword },
    /// `'nonce-…'`: a nonce-source (the base64 value, as written).
    Nonce { value: String },
    /// `'sha256-…'`: a hash-source.
    Hash { algorithm: HashAlgorithm, value: String },
}

/// The parts of a host-source; scheme and host are ASCII-lowercased, the path percent-decoded.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct HostSource {
    pub scheme: Option<String>,
    pub host: HostPattern,
    pub port: PortPattern,
    /// Percent-decoded path-part (Chromium decodes at parse time); `None` when absent.
    pub path: Option<String>,
}

/// A host-part: `*`, `*.example.com` or `example.com`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "host", rename_all = "kebab-case")]
pub enum HostPattern {
    Any,
    /// `*.example.com`, stored without the leading `*.`; never matches the apex itself.
    Subdomains(String),
    Exact(String),
}

/// A port-part.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "port", rename_all = "kebab-case")]
pub enum PortPattern {
    /// No port-part: the scheme's default port.
    Default,
    /// `:*`
    Any,
    /// `:8443`. Chromium keeps any value that fits an `int`, so 70000 parses and never matches.
    Number(u32),
}

/// The keyword-sources of CSP3 §2.3.1, plus `'inline-speculation-rules'` (Speculation Rules spec).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Keyword {
    UnsafeInline,
    UnsafeEval,
    WasmUnsafeEval,
    StrictDynamic,
    UnsafeHashes,
    ReportSample,
    UnsafeAllowRedirects,
    TrustedTypesEval,
    ReportSha256,
    ReportSha384,
    ReportSha512,
    UnsafeWebtransportHashes,
    InlineSpeculationRules,
}

const KEYWORDS: [(Keyword, &str); 13] = [
    (Keyword::UnsafeInline, "'unsafe-inline'"),
    (Keyword::UnsafeEval, "'unsafe-eval'"),
    (Keyword::WasmUnsafeEval, "'wasm-unsafe-eval'"),
    (Keyword::StrictDynamic, "'strict-dynamic'"),
    (Keyword::UnsafeHashes, "'unsafe-hashes'"),
    (Keyword::ReportSample, "'report-sample'"),
    (Keyword::UnsafeAllowRedirects, "'unsafe-allow-redirects'"),
    (Keyword::TrustedTypesEval, "'trusted-types-eval'"),
    (Keyword::ReportSha256, "'report-sha256'"),
    (Keyword::ReportSha384, "'report-sha384'"),
    (Keyword::ReportSha512, "'report-sha512'"),
    (Keyword::UnsafeWebtransportHashes, "'unsafe-webtransport-hashes'"),
    (Keyword::InlineSpeculationRules, "'inline-speculation-rules'"),
];

impl Keyword {
    /// The keyword as written in a policy, quotes included.
    pub fn as_str(self) -> &'static str {
        KEYWORDS.iter().find(|(k, _)| *k == self).map_or("", |(_, text)| text)
    }
}

/// The digest algorithm of a hash-source.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum HashAlgorithm {
    Sha256,
    Sha384,
    Sha512,
}

impl HashAlgorithm {
    /// Length in bytes of a digest of this algorithm.
    pub fn digest_len(self) -> usize {
        match self {
            Self::Sha256 => 32,
            Self::Sha384 => 48,
            Self::Sha512 => 64,
        }
    }
}

/// Why a token is not a valid source expression; the token is then ignored, as browsers do.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct InvalidSource {
    pub message: String,
}

fn invalid(message: impl Into<String>) -> InvalidSource {
    InvalidSource { message: message.into() }
}

/// A source expression parsed from one token, with a warning when Chromium accepts it only in part.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParsedSource {
    pub expression: SourceExpression,
    pub warning: Option<String>,
}

/// Parses one token of a source list (CSP3 §2.3.1), in the order Chromium tries the alternatives.
pub fn parse_source_expression(token: &str, directive: DirectiveName) -> Result<ParsedSource, InvalidSource> {
    let plain = |expression| Ok(ParsedSource { expression, warning: None });
    if token.eq_ignore_ascii_case("'none'") {
        return plain(SourceExpression::None);
    }
    if token.eq_ignore_ascii_case("'self'") {
        return plain(SourceExpression::SelfOrigin);
    }
    if token == "*" {
        return plain(SourceExpression::Star);
    }
    if let Some(parsed) = parse_scheme_or_host_source(token)? {
        return Ok(parsed);
    }
    if directive == DirectiveName::FrameAncestors {
        return Err(invalid("frame-ancestors accepts only 'self', 'none', schemes and hosts"));
    }
    if let Some((keyword, _)) = KEYWORDS.iter().find(|(_, text)| text.eq_ignore_ascii_case(token)) {
        return keyword_source(*keyword, directive).map(|expression| ParsedSource { expression, warning: None });
    }
    if let Some(value) = strip_prefix_ignore_case(token, "'nonce-").and_then(|v| v.strip_suffix('\'')) {
        return if is_base64_value(value) {
            plain(SourceExpression::Nonce { value: value.to_owned() })
        } else {
            Err(invalid("a nonce must be base64 or base64url characters, with at most two '=' at the end"))
        };
    }
    if let Some(parsed) = parse_hash_source(token)? {
        return plain(parsed);
    }
    if token.starts_with('\'') {
        return Err(invalid(
            "unknown keyword (keywords are 'self', 'unsafe-inline', 'nonce-…', 'sha256-…' and the like)",
        ));
    }
    Err(invalid("not a scheme (https:), a host (api.example.com), a keyword, a nonce or a hash"))
}

fn keyword_source(keyword: Keyword, directive: DirectiveName) -> Result<SourceExpression, InvalidSource> {
    // Chromium honours these two only where they mean something, and ignores them elsewhere.
    let allowed_here = match keyword {
        Keyword::InlineSpeculationRules => {
            matches!(directive, DirectiveName::ScriptSrc | DirectiveName::ScriptSrcElem)
        }
        Keyword::UnsafeAllowRedirects => false,
        _ => true,
    };
    if allowed_here {
        Ok(SourceExpression::Keyword { keyword })
    } else {
        Err(invalid(format!("{} has no effect in {directive}", keyword.as_str())))
    }
}

/// scheme-source / host-source, split the way Chromium's `ParseSource` splits them. Returns
/// `Ok(None)` when the token is not shaped like either (so keywords can be tried next).
fn parse_scheme_or_host_source(token: &str) -> Result<Option<ParsedSource>, InvalidSource> {
    if token.starts_with('\'') {
        return Ok(None);
    }
    let mut rest = token;
    let mut scheme = None;
    if let Some(colon) = rest.find([':', '/']).filter(|&i| rest.as_bytes()[i] == b':') {
        let after = &rest[colon + 1..];
        if after.is_empty() {
            // `https:`: a scheme-source.
            let scheme = parse_scheme(&rest[..colon])?;
            return Ok(Some(ParsedSource { expression: SourceExpression::Scheme { scheme }, warning: None }));
        }
        if after.starts_with('/') {
            let Some(host_and_more) = after.strip_prefix("//") else {
                return Err(invalid("a scheme must be followed by '://' and a host, or by nothing (https:)"));
            };
            scheme = Some(parse_scheme(&rest[..colon])?);
            rest = host_and_more;
        }
    }
    let host_end = rest.find([':', '/']).unwrap_or(rest.len());
    let host = parse_host(&rest[..host_end])?;
    rest = &rest[host_end..];
    let mut port = PortPattern::Default;
    if let Some(after_colon) = rest.strip_prefix(':') {
        let port_end = after_colon.find('/').unwrap_or(after_colon.len());
        port = parse_port(&after_colon[..port_end])?;
        rest = &after_colon[port_end..];
    }
    let mut path = None;
    let mut warning = None;
    if !rest.is_empty() {
        // Chromium drops a query or fragment from a source path with a console warning.
        let path_end = rest.find(['?', '#']).unwrap_or(rest.len());
        if path_end < rest.len() {
            warning = Some(format!(
                "the {} in a source path is ignored by browsers: '{}'",
                if rest.as_bytes()[path_end] == b'?' { "query" } else { "fragment" },
                &rest[path_end..]
            ));
        }
        let raw_path = &rest[..path_end];
        if !raw_path.starts_with('/') {
            return Err(invalid("a path must start with '/'"));
        }
        path = Some(percent_decode(raw_path).into_owned());
    }
    let expression = SourceExpression::Host(HostSource { scheme, host, port, path });
    Ok(Some(ParsedSource { expression, warning }))
}

/// RFC 3986 §3.1 scheme: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ), lowercased.
fn parse_scheme(scheme: &str) -> Result<String, InvalidSource> {
    let mut chars = scheme.chars();
    let valid = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    if valid { Ok(scheme.to_ascii_lowercase()) } else { Err(invalid(format!("'{scheme}' is not a valid scheme"))) }
}

/// host-part = "*" / [ "*." ] 1*host-char *( "." 1*host-char ). Chromium rejects the trailing "."
/// that the CSP3 grammar allows, and so do we.
fn parse_host(host: &str) -> Result<HostPattern, InvalidSource> {
    if host == "*" {
        return Ok(HostPattern::Any);
    }
    let (labels, wildcard) = match host.strip_prefix("*.") {
        Some(rest) => (rest, true),
        None => (host, false),
    };
    if labels.is_empty() {
        return Err(invalid("a source needs a host"));
    }
    let valid_label = |label: &str| !label.is_empty() && label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    if !labels.split('.').all(valid_label) {
        return Err(invalid(format!(
            "'{host}' is not a valid host: use letters, digits and '-' between dots, \
             a leading '*.' for subdomains, and Punycode for international names"
        )));
    }
    let labels = labels.to_ascii_lowercase();
    Ok(if wildcard { HostPattern::Subdomains(labels) } else { HostPattern::Exact(labels) })
}

/// port-part = 1*DIGIT / "*"
fn parse_port(port: &str) -> Result<PortPattern, InvalidSource> {
    if port == "*" {
        return Ok(PortPattern::Any);
    }
    if port.is_empty() || !port.bytes().all(|b| b.is_ascii_digit()) {
        return Err(invalid(format!("'{port}' is not a port: use digits or '*'")));
    }
    // Chromium parses the digits as an int; what does not fit is invalid.
    match port.parse::<u32>() {
        Ok(number) if number <= i32::MAX as u32 => Ok(PortPattern::Number(number)),
        _ => Err(invalid(format!("port {port} is out of range"))),
    }
}

/// hash-source = "'" hash-algorithm "-" base64-value "'". Chromium also accepts `sha-256` and
/// requires the value to decode.
fn parse_hash_source(token: &str) -> Result<Option<SourceExpression>, InvalidSource> {
    const PREFIXES: [(&str, HashAlgorithm); 6] = [
        ("'sha256-", HashAlgorithm::Sha256),
        ("'sha384-", HashAlgorithm::Sha384),
        ("'sha512-", HashAlgorithm::Sha512),
        ("'sha-256-", HashAlgorithm::Sha256),
        ("'sha-384-", HashAlgorithm::Sha384),
        ("'sha-512-", HashAlgorithm::Sha512),
    ];
    for (prefix, algorithm) in PREFIXES {
        let Some(rest) = strip_prefix_ignore_case(token, prefix) else {
            continue;
        };
        let Some(value) = rest.strip_suffix('\'') else {
            return Err(invalid("a hash source must end with a quote"));
        };
        if !is_base64_value(value) || base64_decoded_len(value).is_none() {
            return Err(invalid("a hash must be a base64 or base64url digest"));
        }
        return Ok(Some(SourceExpression::Hash { algorithm, value: value.to_owned() }));
    }
    Ok(None)
}

/// base64-value = 1*( ALPHA / DIGIT / "+" / "/" / "-" / "_" )*2( "=" )
pub fn is_base64_value(value: &str) -> bool {
    let body = value.trim_end_matches('=');
    let padding = value.len() - body.len();
    !body.is_empty()
        && padding <= 2
        && body.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'-' | b'_'))
}

/// Number of bytes a base64/base64url value decodes to, or `None` if its length cannot decode.
pub fn base64_decoded_len(value: &str) -> Option<usize> {
    let body = value.trim_end_matches('=').len();
    match body % 4 {
        1 => None,
        rem => Some(body / 4 * 3 + rem.saturating_sub(1)),
    }
}

fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix).then(|| &text[prefix.len()..])
}
