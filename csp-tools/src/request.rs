//! Request kinds and the directive that governs each (CSP3 §6.8.1 "Get the effective directive
//! for request").

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

use crate::policy::DirectiveName;

/// What kind of request a URL is fetched for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RequestKind {
    Fetch,
    Xhr,
    #[serde(rename = "websocket")]
    WebSocket,
    #[serde(rename = "eventsource")]
    EventSource,
    Beacon,
    Img,
    Script,
    Style,
    Font,
    Media,
    Object,
    Frame,
    Worker,
    Manifest,
    FormAction,
    /// A top-level navigation: no CSP directive governs it (navigate-to was removed from CSP3).
    Navigation,
}

const NAMES: [(RequestKind, &str); 16] = [
    (RequestKind::Fetch, "fetch"),
    (RequestKind::Xhr, "xhr"),
    (RequestKind::WebSocket, "websocket"),
    (RequestKind::EventSource, "eventsource"),
    (RequestKind::Beacon, "beacon"),
    (RequestKind::Img, "img"),
    (RequestKind::Script, "script"),
    (RequestKind::Style, "style"),
    (RequestKind::Font, "font"),
    (RequestKind::Media, "media"),
    (RequestKind::Object, "object"),
    (RequestKind::Frame, "frame"),
    (RequestKind::Worker, "worker"),
    (RequestKind::Manifest, "manifest"),
    (RequestKind::FormAction, "form-action"),
    (RequestKind::Navigation, "navigation"),
];

impl RequestKind {
    /// Every kind's name, for help texts and error messages.
    pub fn names() -> impl Iterator<Item = &'static str> {
        NAMES.iter().map(|(_, name)| *name)
    }

    /// The name used on the command line and in JSON.
    pub fn as_str(self) -> &'static str {
        NAMES.iter().find(|(kind, _)| *kind == self).map_or("", |(_, name)| name)
    }

    /// CSP3 §6.8.1: the directive whose fallback list decides this request; `None` when CSP does
    /// not govern it.
    pub fn effective_directive(self) -> Option<DirectiveName> {
        use RequestKind::*;
        Some(match self {
            Fetch | Xhr | WebSocket | EventSource | Beacon => DirectiveName::ConnectSrc,
            Img => DirectiveName::ImgSrc,
            Script => DirectiveName::ScriptSrcElem,
            Style => DirectiveName::StyleSrcElem,
            Font => DirectiveName::FontSrc,
            Media => DirectiveName::MediaSrc,
            Object => DirectiveName::ObjectSrc,
            Frame => DirectiveName::FrameSrc,
            Worker => DirectiveName::WorkerSrc,
            Manifest => DirectiveName::ManifestSrc,
            FormAction => DirectiveName::FormAction,
            Navigation => return None,
        })
    }
}

/// An unknown request kind name.
#[derive(Debug, thiserror::Error)]
#[error("unknown request kind '{0}' (expected one of: {names})", names = RequestKind::names().collect::<Vec<_>>().join(", "))]
pub struct UnknownRequestKind(pub String);

impl FromStr for RequestKind {
    type Err = UnknownRequestKind;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        NAMES
            .iter()
            .find(|(_, known)| known.eq_ignore_ascii_case(name))
            .map(|(kind, _)| *kind)
            .ok_or_else(|| UnknownRequestKind(name.to_owned()))
    }
}

impl fmt::Display for RequestKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
