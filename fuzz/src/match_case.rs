//! The structure-aware input of `source_match`: a page, a request URL and a source list, built
//! from small pools so that sources and URLs collide often (random strings almost never match),
//! plus real-world tokens and hosts and raw tokens over the characters the grammar cares about.

use arbitrary::Arbitrary;
use csp_tools::RequestKind;
use url::Url;

use crate::real_world;

/// One case: is `url`, requested from a document at `page`, matched by `sources` in `directive`?
#[derive(Arbitrary, Debug)]
pub struct MatchCase {
    pub page: PageSpec,
    pub url: UrlSpec,
    pub redirected: bool,
    pub directive: DirectiveChoice,
    pub sources: Vec<SourceSpec>,
}

/// The document's URL. Pages are http(s), or file: (where Chromium has a rule of its own).
#[derive(Arbitrary, Debug)]
pub struct PageSpec {
    scheme: PageScheme,
    host: HostSpec,
    port: PortSpec,
}

#[derive(Arbitrary, Debug, Clone, Copy)]
enum PageScheme {
    Http,
    Https,
    File,
}

/// A request URL.
#[derive(Arbitrary, Debug)]
pub struct UrlSpec {
    scheme: UrlScheme,
    host: HostSpec,
    port: PortSpec,
    path: Vec<PathPiece>,
    trailing_slash: bool,
}

/// URL schemes: the special ones take a host; the others are written without one. (Chromium
/// compares a URL of a non-standard scheme as hostless even when the URL parser finds a host,
/// while the engine reads the host the parser gives; no such URL reaches a network sink, so the
/// divergence is left out here and noted in the README, Fuzzing.)
#[derive(Arbitrary, Debug, Clone, Copy)]
pub enum UrlScheme {
    Http,
    Https,
    Ws,
    Wss,
    Ftp,
    File,
    Data,
    Blob,
    About,
    Javascript,
    Mailto,
    Custom,
}

#[derive(Arbitrary, Debug, Clone, Copy)]
pub enum DirectiveChoice {
    ConnectSrc,
    ImgSrc,
    ScriptSrc,
    FrameAncestors,
}

/// Host names: shared pool entries (so a source and a URL often name the same host), real-world
/// hosts, built labels, and addresses.
#[derive(Arbitrary, Debug)]
enum HostSpec {
    Pool(PoolHost),
    RealWorld(u16),
    Labels(Vec<Label>),
    Ipv4([u8; 4]),
}

#[derive(Arbitrary, Debug, Clone, Copy)]
enum PoolHost {
    Example,
    Sub,
    SubSub,
    Other,
    Localhost,
    Loopback,
    Ipv6,
    LeadingDot,
    TrailingDot,
    Upper,
    International,
    Tld,
}

#[derive(Arbitrary, Debug, Clone, Copy)]
enum Label {
    A,
    B,
    Example,
    Com,
    Digit,
    Dash,
    Punycode,
}

#[derive(Arbitrary, Debug, Clone, Copy)]
enum PortSpec {
    Absent,
    Http,
    Https,
    Ftp,
    Alternate,
    Zero,
    Other(u16),
}

#[derive(Arbitrary, Debug, Clone, Copy)]
enum PathPiece {
    A,
    B,
    Upper,
    EncodedA,
    EncodedSlash,
    EncodedSlashLower,
    EncodedUtf8,
    EncodedLatin1,
    Accented,
    Empty,
    Dot,
    DotDot,
    Percent,
    Space,
}

/// One token of the source list.
#[derive(Arbitrary, Debug)]
pub enum SourceSpec {
    RealWorld(u16),
    Star,
    SelfKeyword,
    NoneKeyword,
    Keyword(KeywordChoice),
    Scheme {
        scheme: UrlScheme,
        upper: bool,
    },
    Host(HostSourceSpec),
    /// Characters the grammar branches on, in any order.
    Raw(Vec<RawChar>),
}

#[derive(Arbitrary, Debug, Clone, Copy)]
pub enum KeywordChoice {
    UnsafeInline,
    StrictDynamic,
    Nonce,
    Hash,
    Unknown,
}

/// A host-source; `upper` writes the whole token in capitals (scheme and host are
/// case-insensitive, the path is not).
#[derive(Arbitrary, Debug)]
pub struct HostSourceSpec {
    scheme: Option<UrlScheme>,
    host: HostPatternSpec,
    port: SourcePortSpec,
    path: Option<(Vec<PathPiece>, bool)>,
    suffix: Option<SuffixChoice>,
    upper: bool,
}

#[derive(Arbitrary, Debug)]
enum HostPatternSpec {
    Any,
    Subdomains(HostSpec),
    Exact(HostSpec),
    /// The request URL's own host, so that the other parts decide.
    UrlHost,
    /// `*.` and the URL's host without its first label (`a.example.com` gives `*.example.com`).
    UrlParent,
}

#[derive(Arbitrary, Debug, Clone, Copy)]
enum SourcePortSpec {
    Absent,
    Star,
    Port(PortSpec),
    LeadingZeros,
    Huge,
    OutOfIntRange,
}

#[derive(Arbitrary, Debug, Clone, Copy)]
enum SuffixChoice {
    Query,
    Fragment,
}

#[derive(Arbitrary, Debug, Clone, Copy)]
pub struct RawChar(u8);

const RAW_ALPHABET: &[u8] = b"ab9*.:/%'-_?#+=AZ";

impl PageScheme {
    fn as_str(self) -> &'static str {
        match self {
            PageScheme::Http => "http",
            PageScheme::Https => "https",
            PageScheme::File => "file",
        }
    }
}

impl UrlScheme {
    fn as_str(self) -> &'static str {
        match self {
            UrlScheme::Http => "http",
            UrlScheme::Https => "https",
            UrlScheme::Ws => "ws",
            UrlScheme::Wss => "wss",
            UrlScheme::Ftp => "ftp",
            UrlScheme::File => "file",
            UrlScheme::Data => "data",
            UrlScheme::Blob => "blob",
            UrlScheme::About => "about",
            UrlScheme::Javascript => "javascript",
            UrlScheme::Mailto => "mailto",
            UrlScheme::Custom => "web+app",
        }
    }

    /// The URL of this scheme when it has no host (`None` for schemes that take one).
    fn hostless_url(self) -> Option<&'static str> {
        Some(match self {
            UrlScheme::Data => "data:text/plain,hi",
            UrlScheme::Blob => "blob:https://example.com/5a1c",
            UrlScheme::About => "about:blank",
            UrlScheme::Javascript => "javascript:void(0)",
            UrlScheme::Mailto => "mailto:a@example.com",
            UrlScheme::Custom => "web+app:open",
            _ => return None,
        })
    }
}

impl DirectiveChoice {
    /// The directive's name.
    pub fn name(self) -> &'static str {
        match self {
            DirectiveChoice::ConnectSrc => "connect-src",
            DirectiveChoice::ImgSrc => "img-src",
            DirectiveChoice::ScriptSrc => "script-src",
            DirectiveChoice::FrameAncestors => "frame-ancestors",
        }
    }

    /// A request kind whose effective directive this is, when a plain URL match decides it (not
    /// scripts, where 'strict-dynamic' changes the rules, nor frame-ancestors, which is no request).
    pub fn request_kind(self) -> Option<RequestKind> {
        match self {
            DirectiveChoice::ConnectSrc => Some(RequestKind::Fetch),
            DirectiveChoice::ImgSrc => Some(RequestKind::Img),
            DirectiveChoice::ScriptSrc | DirectiveChoice::FrameAncestors => None,
        }
    }
}

impl HostSpec {
    fn render(&self) -> String {
        match self {
            HostSpec::Pool(pool) => pool.as_str().to_owned(),
            HostSpec::RealWorld(index) => real_world::pick(real_world::hosts(), *index).to_owned(),
            HostSpec::Labels(labels) if labels.is_empty() => "example.com".to_owned(),
            HostSpec::Labels(labels) => labels.iter().map(|label| label.as_str()).collect::<Vec<_>>().join("."),
            HostSpec::Ipv4([a, b, c, d]) => format!("{a}.{b}.{c}.{d}"),
        }
    }
}

impl PoolHost {
    fn as_str(self) -> &'static str {
        match self {
            PoolHost::Example => "example.com",
            PoolHost::Sub => "a.example.com",
            PoolHost::SubSub => "b.a.example.com",
            PoolHost::Other => "example.org",
            PoolHost::Localhost => "localhost",
            PoolHost::Loopback => "127.0.0.1",
            PoolHost::Ipv6 => "[::1]",
            PoolHost::LeadingDot => ".example.com",
            PoolHost::TrailingDot => "example.com.",
            PoolHost::Upper => "EXAMPLE.com",
            PoolHost::International => "bücher.example",
            PoolHost::Tld => "com",
        }
    }
}

impl Label {
    fn as_str(self) -> &'static str {
        match self {
            Label::A => "a",
            Label::B => "b",
            Label::Example => "example",
            Label::Com => "com",
            Label::Digit => "1",
            Label::Dash => "a-b",
            Label::Punycode => "xn--bcher-kva",
        }
    }
}

impl PortSpec {
    fn number(self) -> Option<u16> {
        match self {
            PortSpec::Absent => None,
            PortSpec::Http => Some(80),
            PortSpec::Https => Some(443),
            PortSpec::Ftp => Some(21),
            PortSpec::Alternate => Some(8080),
            PortSpec::Zero => Some(0),
            PortSpec::Other(port) => Some(port),
        }
    }

    fn render(self) -> String {
        self.number().map_or_else(String::new, |port| format!(":{port}"))
    }
}

impl PathPiece {
    fn as_str(self) -> &'static str {
        match self {
            PathPiece::A => "a",
            PathPiece::B => "b",
            PathPiece::Upper => "A",
            PathPiece::EncodedA => "%61",
            PathPiece::EncodedSlash => "%2F",
            PathPiece::EncodedSlashLower => "%2f",
            PathPiece::EncodedUtf8 => "caf%C3%A9",
            PathPiece::EncodedLatin1 => "%FF",
            PathPiece::Accented => "é",
            PathPiece::Empty => "",
            PathPiece::Dot => ".",
            PathPiece::DotDot => "..",
            PathPiece::Percent => "%",
            PathPiece::Space => "a b",
        }
    }
}

/// "/a/b" (or "/a/b/") from pieces; "/" for none.
fn render_path(pieces: &[PathPiece], trailing_slash: bool) -> String {
    let mut path: String = pieces.iter().map(|piece| format!("/{}", piece.as_str())).collect();
    if trailing_slash || path.is_empty() {
        path.push('/');
    }
    path
}

impl PageSpec {
    /// The page URL, or `None` when the URL parser refuses it.
    pub fn url(&self) -> Option<Url> {
        let text = match self.scheme {
            PageScheme::File => format!("file:///{}", self.host.render()),
            scheme => format!("{}://{}{}/widget", scheme.as_str(), self.host.render(), self.port.render()),
        };
        Url::parse(&text).ok()
    }
}

impl UrlSpec {
    /// The request URL, or `None` when the URL parser refuses it.
    pub fn url(&self) -> Option<Url> {
        let text = match self.scheme.hostless_url() {
            Some(url) => url.to_owned(),
            None => format!(
                "{}://{}{}{}",
                self.scheme.as_str(),
                self.host.render(),
                self.port.render(),
                render_path(&self.path, self.trailing_slash)
            ),
        };
        Url::parse(&text).ok()
    }
}

impl SourceSpec {
    /// The token as written in the policy: possibly invalid, and possibly not even one token
    /// (a path piece with a space or a non-ASCII host); the target drops those. `url_host` is
    /// the request URL's host, which a host-source may be built from.
    pub fn render(&self, url_host: &str) -> String {
        match self {
            SourceSpec::RealWorld(index) => real_world::pick(real_world::source_tokens(), *index).to_owned(),
            SourceSpec::Star => "*".to_owned(),
            SourceSpec::SelfKeyword => "'self'".to_owned(),
            SourceSpec::NoneKeyword => "'none'".to_owned(),
            SourceSpec::Keyword(keyword) => keyword.as_str().to_owned(),
            SourceSpec::Scheme { scheme, upper } => shout(format!("{}:", scheme.as_str()), *upper),
            SourceSpec::Host(host) => host.render(url_host),
            SourceSpec::Raw(chars) => {
                chars.iter().map(|RawChar(c)| char::from(RAW_ALPHABET[usize::from(*c) % RAW_ALPHABET.len()])).collect()
            }
        }
    }
}

impl KeywordChoice {
    fn as_str(self) -> &'static str {
        match self {
            KeywordChoice::UnsafeInline => "'unsafe-inline'",
            KeywordChoice::StrictDynamic => "'strict-dynamic'",
            KeywordChoice::Nonce => "'nonce-abc123'",
            KeywordChoice::Hash => "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='",
            KeywordChoice::Unknown => "'example.com'",
        }
    }
}

impl HostSourceSpec {
    fn render(&self, url_host: &str) -> String {
        let mut token = String::new();
        if let Some(scheme) = self.scheme {
            token.push_str(scheme.as_str());
            token.push_str("://");
        }
        match &self.host {
            HostPatternSpec::Any => token.push('*'),
            HostPatternSpec::Subdomains(host) => {
                token.push_str("*.");
                token.push_str(&host.render());
            }
            HostPatternSpec::Exact(host) => token.push_str(&host.render()),
            HostPatternSpec::UrlHost => token.push_str(url_host),
            HostPatternSpec::UrlParent => {
                token.push_str("*.");
                token.push_str(url_host.split_once('.').map_or(url_host, |(_, parent)| parent));
            }
        }
        match self.port {
            SourcePortSpec::Absent => {}
            SourcePortSpec::Star => token.push_str(":*"),
            SourcePortSpec::Port(port) => token.push_str(&port.render()),
            SourcePortSpec::LeadingZeros => token.push_str(":000443"),
            SourcePortSpec::Huge => token.push_str(":70000"),
            SourcePortSpec::OutOfIntRange => token.push_str(":2147483648"),
        }
        if let Some((pieces, trailing_slash)) = &self.path {
            token.push_str(&render_path(pieces, *trailing_slash));
        }
        match self.suffix {
            Some(SuffixChoice::Query) => token.push_str("?q=1"),
            Some(SuffixChoice::Fragment) => token.push_str("#top"),
            None => {}
        }
        shout(token, self.upper)
    }
}

fn shout(token: String, upper: bool) -> String {
    if upper { token.to_ascii_uppercase() } else { token }
}
