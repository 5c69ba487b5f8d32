//! Static scanners over a built page: HTML through a real HTML5 tokenizer (html5ever), CSS and
//! JavaScript through small lexers that skip comments and strings. Used by `hash` and `infer`.

pub mod css;
pub mod html;
pub mod js;

/// Largest file a scanner reads; a built widget's files are far smaller.
pub const MAX_FILE_BYTES: usize = 16 << 20;

/// A URL without its query and fragment, for printing (they may carry tokens; see DESIGN.md,
/// "Privacy in our own output").
pub fn without_query(url: &str) -> &str {
    url.find(['?', '#']).map_or(url, |at| &url[..at])
}

/// What a referenced URL is loaded as, which decides the directive that governs it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LoadKind {
    /// `<script src>`, static `import`, `import()`.
    Script,
    /// `<link rel=stylesheet>`, CSS `@import`.
    Style,
    /// `<img>`, `srcset`, `poster`, icons, CSS `url()` that is not a font.
    Image,
    /// CSS `url()` of a font file.
    Font,
    /// `<audio>`, `<video>`, `<source>` in media, `<track>`.
    Media,
    /// `<iframe>`, `<frame>`.
    Frame,
    /// `<object data>`, `<embed src>`.
    Object,
    /// fetch, XMLHttpRequest, WebSocket, EventSource, sendBeacon.
    Connect,
    /// `<form action>`, `formaction`.
    FormAction,
    /// `<base href>`.
    BaseUri,
    /// `<link rel=manifest>`.
    Manifest,
    /// `new Worker()`, `new SharedWorker()`, `serviceWorker.register()`.
    Worker,
}

impl LoadKind {
    /// The CSP directive that governs this kind of load.
    pub fn directive(self) -> &'static str {
        match self {
            LoadKind::Script => "script-src",
            LoadKind::Style => "style-src",
            LoadKind::Image => "img-src",
            LoadKind::Font => "font-src",
            LoadKind::Media => "media-src",
            LoadKind::Frame => "frame-src",
            LoadKind::Object => "object-src",
            LoadKind::Connect => "connect-src",
            LoadKind::FormAction => "form-action",
            LoadKind::BaseUri => "base-uri",
            LoadKind::Manifest => "manifest-src",
            LoadKind::Worker => "worker-src",
        }
    }
}

/// A URL a file refers to, as written (entities decoded for HTML attributes).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UrlRef {
    /// The URL text.
    pub url: String,
    /// What it is loaded as.
    pub kind: LoadKind,
    /// 1-based line in the file.
    pub line: u64,
}

/// Something a scanner saw but could not resolve to a URL (a computed URL, a variable).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unresolved {
    /// What was seen, e.g. `fetch(apiBase + "/x")`.
    pub what: String,
    /// 1-based line in the file.
    pub line: u64,
}
