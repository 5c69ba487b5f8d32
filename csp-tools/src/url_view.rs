//! The already-parsed URL the matcher reads. The engine never parses URLs itself: natively the
//! WHATWG `url` crate fills this view (feature `url`); in a widget, the browser's own URL parser
//! does, so what is checked is exactly what `fetch` will request.

use serde::Serialize;

/// The parts of a URL that CSP matching reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UrlView<'a> {
    /// Lowercase scheme without the `:`.
    pub scheme: &'a str,
    /// Serialized host (lowercase ASCII domain, IPv4, or `[IPv6]`); `None` for hostless URLs.
    pub host: Option<&'a str>,
    /// Explicit port; `None` when absent or equal to the scheme's default (the URL parser drops it).
    pub port: Option<u16>,
    /// Serialized path, still percent-encoded.
    pub path: &'a str,
}

/// The origin that `'self'` and scheme-less sources are resolved against (CSP3 "self-origin").
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Origin {
    pub scheme: String,
    pub host: Option<String>,
    /// `None` when it is the scheme's default port.
    pub port: Option<u16>,
}

impl Origin {
    /// The origin of a URL: its scheme, host and port.
    pub fn of(url: &UrlView<'_>) -> Self {
        Origin {
            scheme: url.scheme.to_owned(),
            host: url.host.map(str::to_owned),
            port: url.port.filter(|&port| Some(port) != default_port(url.scheme)),
        }
    }
}

/// WHATWG URL "default port" for the special schemes.
pub fn default_port(scheme: &str) -> Option<u16> {
    match scheme {
        "http" | "ws" => Some(80),
        "https" | "wss" => Some(443),
        "ftp" => Some(21),
        _ => None,
    }
}

#[cfg(feature = "url")]
impl<'a> From<&'a url::Url> for UrlView<'a> {
    fn from(url: &'a url::Url) -> Self {
        UrlView { scheme: url.scheme(), host: url.host_str(), port: url.port(), path: url.path() }
    }
}
