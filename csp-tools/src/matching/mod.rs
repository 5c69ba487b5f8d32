//! CSP3 §6.7.2.5–§6.7.2.6: does a URL match a source list, and if not, why not.

mod parts;

pub use parts::{PartMatch, host_part_match, path_part_match, port_part_match, scheme_part_match};

use serde::Serialize;

use crate::policy::{HostSource, PortPattern, Source, SourceExpression, SourceList};
use crate::url_view::{Origin, UrlView, default_port};

/// Why a URL does not match one source expression: the first part that differs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Mismatch {
    /// `'none'`, keywords, nonces and hashes never match a URL.
    NotAUrlSource,
    /// `*` covers only http, https, ws, wss and the page's own scheme (not data:, blob:…).
    SchemeNotCoveredByStar,
    Scheme,
    Host,
    Port,
    Path,
    /// The scheme was upgraded (http→https) but the port was not, or the reverse.
    InconsistentUpgrade,
}

impl Mismatch {
    /// How close the URL came to matching: later parts of the URL mean more of it matched
    /// (0: the source cannot match any URL).
    pub fn closeness(self) -> u8 {
        match self {
            Mismatch::NotAUrlSource => 0,
            Mismatch::SchemeNotCoveredByStar | Mismatch::Scheme => 1,
            Mismatch::Host => 2,
            Mismatch::Port | Mismatch::InconsistentUpgrade => 3,
            Mismatch::Path => 4,
        }
    }

    /// A few words for a reason text: "host differs".
    pub fn describe(self) -> &'static str {
        match self {
            Mismatch::NotAUrlSource => "not a URL source",
            Mismatch::SchemeNotCoveredByStar => "'*' does not cover this scheme; list it explicitly",
            Mismatch::Scheme => "scheme differs",
            Mismatch::Host => "host differs",
            Mismatch::Port => "port differs",
            Mismatch::Path => "path differs",
            Mismatch::InconsistentUpgrade => "an http source upgrades to https only on default ports",
        }
    }
}

/// CSP3 §6.7.2.5 "Does url match source list in origin with redirect count?": the first source
/// that matches, if any. After a redirect, paths are ignored (CSP3 §6.7.2.6 step 3.6).
pub fn does_url_match_source_list<'l>(
    url: &UrlView<'_>,
    list: &'l SourceList,
    origin: &Origin,
    redirected: bool,
) -> Option<&'l Source> {
    list.sources.iter().find(|source| does_url_match_expression(url, &source.expression, origin, redirected).is_ok())
}

/// CSP3 §6.7.2.6 "Does url match expression in origin with redirect count?", with the reason
/// when it does not.
pub fn does_url_match_expression(
    url: &UrlView<'_>,
    expression: &SourceExpression,
    origin: &Origin,
    redirected: bool,
) -> Result<(), Mismatch> {
    match expression {
        SourceExpression::Star => {
            // Chromium: network schemes (ws and wss included) and the page's own scheme.
            let covered = matches!(url.scheme, "http" | "https" | "ws" | "wss") || url.scheme == origin.scheme;
            if covered { Ok(()) } else { Err(Mismatch::SchemeNotCoveredByStar) }
        }
        SourceExpression::Scheme { scheme } => {
            if scheme_part_match(scheme, url.scheme).matches() {
                Ok(())
            } else {
                Err(Mismatch::Scheme)
            }
        }
        SourceExpression::Host(source) => host_source_match(url, source, origin, redirected),
        SourceExpression::SelfOrigin => self_match(url, origin),
        SourceExpression::None
        | SourceExpression::Keyword { .. }
        | SourceExpression::Nonce { .. }
        | SourceExpression::Hash { .. } => Err(Mismatch::NotAUrlSource),
    }
}

/// CSP3 §6.7.2.6 step 3, for a host-source (Blink's `CSPSourceMatches`).
fn host_source_match(
    url: &UrlView<'_>,
    source: &HostSource,
    origin: &Origin,
    redirected: bool,
) -> Result<(), Mismatch> {
    // A scheme-less source takes the protected resource's scheme.
    let source_scheme = source.scheme.as_deref().unwrap_or(&origin.scheme);
    let scheme = scheme_part_match(source_scheme, url.scheme);
    if !scheme.matches() {
        return Err(Mismatch::Scheme);
    }
    // Chromium compares hostless URLs as an empty host, which only `*` matches.
    if !host_part_match(&source.host, url.host.unwrap_or("")) {
        return Err(Mismatch::Host);
    }
    let port = port_part_match(source.port, source_scheme, url.port, url.scheme);
    if !port.matches() {
        return Err(Mismatch::Port);
    }
    if !parts::upgrades_consistent(scheme, port) {
        return Err(Mismatch::InconsistentUpgrade);
    }
    match &source.path {
        Some(path) if !redirected && !path_part_match(path, url.path) => Err(Mismatch::Path),
        _ => Ok(()),
    }
}

/// CSP3 §6.7.2.6 step 4, `'self'` (Blink's `CSPSourceMatchesAsSelf`): the same origin, or the same
/// host on default (or equal) ports with a secure scheme, or any scheme when the page is http.
fn self_match(url: &UrlView<'_>, origin: &Origin) -> Result<(), Mismatch> {
    // Chromium: in a document delivered from a file: URL, 'self' matches every file: URL (the
    // origin of a file: URL is left to the browser, so Blink does not compare hosts there).
    if origin.scheme == "file" && url.scheme == "file" {
        return Ok(());
    }
    let Some(origin_host) = origin.host.as_deref() else {
        return Err(Mismatch::Host);
    };
    if url.host != Some(origin_host) {
        return Err(Mismatch::Host);
    }
    let scheme = scheme_part_match(&origin.scheme, url.scheme);
    // Chromium's self-source carries the origin's effective port (80 for http://a/), so 'self' on
    // http://a/ matches https://a:80/ as an exact port match.
    let self_port = origin
        .port
        .or_else(|| default_port(&origin.scheme))
        .map_or(PortPattern::Default, |port| PortPattern::Number(port.into()));
    let port = port_part_match(self_port, &origin.scheme, url.port, url.scheme);
    if scheme == PartMatch::Exact && matches!(port, PartMatch::Exact | PartMatch::Wildcard) {
        return Ok(());
    }
    let origin_port_is_default = origin.port.is_none_or(|p| Some(p) == default_port(&origin.scheme));
    let url_port_is_default = url.port.is_none_or(|p| Some(p) == default_port(url.scheme));
    if !(port == PartMatch::Exact || (origin_port_is_default && url_port_is_default)) {
        return Err(Mismatch::Port);
    }
    if matches!(url.scheme, "https" | "wss") || origin.scheme == "http" { Ok(()) } else { Err(Mismatch::Scheme) }
}
