//! HTML scanning through html5ever's tokenizer: inline `<script>`/`<style>` text exactly as the
//! browser's parser produces it (newlines normalised, script-data escapes honoured, no entity
//! decoding in raw text), and the URLs in src, href, srcset and friends.
//!
//! The tokenizer is driven the way the tree builder drives it: after a `<script>` start tag it is
//! switched to script data, after `<style>`, `<xmp>`, `<iframe>`, `<noembed>`, `<noframes>` and
//! `<noscript>` to raw text, after `<title>`/`<textarea>` to RCDATA. Not modelled: `<script>` in
//! SVG/MathML (foreign content) and `<template>` contents, which are reported like any other.

use std::cell::RefCell;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, CharacterTokens, EndTag, NullCharacterToken, StartTag, Tag, TagToken, Token, TokenSink,
    TokenSinkResult, Tokenizer, TokenizerOpts,
};

use super::{LoadKind, UrlRef, css};

/// What an inline `<script>` is, by its `type` attribute (HTML "prepare the script element").
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ScriptType {
    /// A classic script (no type, or a JavaScript MIME type).
    Classic,
    /// `type="module"`.
    Module,
    /// `type="importmap"` (governed by script-src like any inline script).
    ImportMap,
    /// `type="speculationrules"`.
    SpeculationRules,
}

/// An inline `<script>` or `<style>` block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InlineBlock {
    /// The element's text, as the browser hashes it (before UTF-8 encoding).
    pub text: String,
    /// For scripts, what kind; `None` for styles.
    pub script_type: Option<ScriptType>,
    /// Line of the start tag.
    pub line: u64,
}

/// Something in the HTML that a hash cannot allow, with the reason.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skipped {
    /// What was skipped, e.g. `<script src="…">` or `onclick attribute`.
    pub what: String,
    /// Why and what to do instead.
    pub why: &'static str,
    /// Line.
    pub line: u64,
}

/// Everything the HTML scan found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HtmlScan {
    /// Inline scripts that run (and so need a hash).
    pub scripts: Vec<InlineBlock>,
    /// Inline styles.
    pub styles: Vec<InlineBlock>,
    /// URLs the page loads.
    pub urls: Vec<UrlRef>,
    /// What no hash can allow (or need not).
    pub skipped: Vec<Skipped>,
    /// URLs inside inline `<style>` blocks and `style` attributes (CSS url()).
    pub unresolved: Vec<super::Unresolved>,
}

#[derive(Default)]
struct State {
    scan: HtmlScan,
    /// The open raw-text element whose text is collected: (name, script type or None, line, is data block).
    open: Option<Open>,
    text: String,
    /// Inside `<audio>`/`<video>`: a `<source>` there is media, elsewhere (`<picture>`) an image.
    in_media: bool,
}

struct Open {
    name: &'static str,
    script_type: Option<ScriptType>,
    line: u64,
    /// A script with src, or a data block: its text is not hashed.
    ignore: Option<(String, &'static str)>,
}

struct Sink(RefCell<State>);

/// Scans an HTML document.
pub fn scan_html(text: &str) -> HtmlScan {
    let sink = Sink(RefCell::new(State::default()));
    let tokenizer = Tokenizer::new(sink, TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(text));
    // A TokenSinkResult::Script never comes from this sink, so feed runs to the end of the input.
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    let mut state = tokenizer.sink.0.into_inner();
    if let Some(open) = state.open.take() {
        state.scan.skipped.push(Skipped {
            what: format!("unclosed <{}>", open.name),
            why: "it runs to the end of the file (an unbalanced <!--<script> in it?), and browsers never run it",
            line: open.line,
        });
    }
    state.scan
}

fn attr<'t>(tag: &'t Tag, name: &str) -> Option<&'t str> {
    tag.attrs.iter().find(|a| &*a.name.local == name).map(|a| &*a.value)
}

/// HTML "prepare the script element" step: the type string decides classic, module, import map,
/// speculation rules, or a data block (never executed).
fn script_type(tag: &Tag) -> Option<ScriptType> {
    let Some(value) = attr(tag, "type") else { return Some(ScriptType::Classic) };
    let value = value.trim_matches(|c: char| c.is_ascii_whitespace()).to_ascii_lowercase();
    const JS_TYPES: [&str; 16] = [
        "",
        "application/ecmascript",
        "application/javascript",
        "application/x-ecmascript",
        "application/x-javascript",
        "text/ecmascript",
        "text/javascript",
        "text/javascript1.0",
        "text/javascript1.1",
        "text/javascript1.2",
        "text/javascript1.3",
        "text/javascript1.4",
        "text/javascript1.5",
        "text/jscript",
        "text/livescript",
        "text/x-javascript",
    ];
    match value.as_str() {
        v if JS_TYPES.contains(&v) || v == "text/x-ecmascript" => Some(ScriptType::Classic),
        "module" => Some(ScriptType::Module),
        "importmap" => Some(ScriptType::ImportMap),
        "speculationrules" => Some(ScriptType::SpeculationRules),
        _ => None,
    }
}

impl State {
    fn url(&mut self, url: &str, kind: LoadKind, line: u64) {
        let url = url.trim_matches(|c: char| c.is_ascii_whitespace());
        if url.is_empty() {
            return;
        }
        if url.get(..11).is_some_and(|head| head.eq_ignore_ascii_case("javascript:")) {
            let what = format!("javascript: URL ({})", kind.directive());
            self.scan.skipped.push(Skipped {
                what,
                why: "javascript: URLs need 'unsafe-inline'; use an event listener",
                line,
            });
            return;
        }
        self.scan.urls.push(UrlRef { url: url.to_owned(), kind, line });
    }

    fn start_tag(&mut self, tag: &Tag, line: u64) -> TokenSinkResult<()> {
        let name = &*tag.name;
        for a in &tag.attrs {
            let attr_name = &*a.name.local;
            if attr_name.len() > 2 && attr_name.starts_with("on") {
                self.scan.skipped.push(Skipped {
                    what: format!("<{name} {attr_name}>"),
                    why: "event-handler attributes need 'unsafe-hashes' and the attribute's hash; use addEventListener",
                    line,
                });
            } else if attr_name == "style" && !a.value.is_empty() {
                self.scan.skipped.push(Skipped {
                    what: format!("<{name} style>"),
                    why: "style attributes need 'unsafe-hashes' (or 'unsafe-inline') in style-src-attr; use classes",
                    line,
                });
                let found = css::scan_css(&a.value);
                self.scan.urls.extend(found.urls.into_iter().map(|u| UrlRef { line, ..u }));
            }
        }
        let rel = attr(tag, "rel").map(|r| r.to_ascii_lowercase()).unwrap_or_default();
        let rels: Vec<&str> = rel.split_ascii_whitespace().collect();
        match name {
            "script" => {
                let script_type = script_type(tag);
                let ignore = match (attr(tag, "src"), script_type) {
                    (Some(src), _) => {
                        self.url(src, LoadKind::Script, line);
                        Some((
                            format!("<script src=\"{}\">", super::without_query(src)),
                            "external script: allow its origin in script-src (or load it from a nonced script under 'strict-dynamic')",
                        ))
                    }
                    (None, None) => Some((
                        format!("<script type=\"{}\">", attr(tag, "type").unwrap_or("")),
                        "data block: never executed, so no hash is needed",
                    )),
                    (None, Some(_)) => None,
                };
                self.open = Some(Open { name: "script", script_type, line, ignore });
                self.text.clear();
                return TokenSinkResult::RawData(RawKind::ScriptData);
            }
            "style" => {
                self.open = Some(Open { name: "style", script_type: None, line, ignore: None });
                self.text.clear();
                return TokenSinkResult::RawData(RawKind::Rawtext);
            }
            "source" if self.in_media => {
                if let Some(src) = attr(tag, "src") {
                    self.url(src, LoadKind::Media, line);
                }
            }
            "img" | "source" => {
                if let Some(src) = attr(tag, "src") {
                    self.url(src, LoadKind::Image, line);
                }
                for candidate in attr(tag, "srcset").map(srcset_urls).unwrap_or_default() {
                    self.url(&candidate, LoadKind::Image, line);
                }
            }
            "audio" | "video" | "track" => {
                self.in_media |= name != "track";
                if let Some(src) = attr(tag, "src") {
                    self.url(src, LoadKind::Media, line);
                }
                if let Some(poster) = attr(tag, "poster") {
                    self.url(poster, LoadKind::Image, line);
                }
            }
            "iframe" | "frame" => {
                if let Some(src) = attr(tag, "src") {
                    self.url(src, LoadKind::Frame, line);
                }
            }
            "embed" => {
                if let Some(src) = attr(tag, "src") {
                    self.url(src, LoadKind::Object, line);
                }
            }
            "object" => {
                if let Some(data) = attr(tag, "data") {
                    self.url(data, LoadKind::Object, line);
                }
            }
            "input" if attr(tag, "type").is_some_and(|t| t.eq_ignore_ascii_case("image")) => {
                if let Some(src) = attr(tag, "src") {
                    self.url(src, LoadKind::Image, line);
                }
            }
            "form" => {
                if let Some(action) = attr(tag, "action") {
                    self.url(action, LoadKind::FormAction, line);
                }
            }
            "base" => {
                if let Some(href) = attr(tag, "href") {
                    self.url(href, LoadKind::BaseUri, line);
                }
            }
            "link" => {
                let kind = if rels.contains(&"stylesheet") {
                    Some(LoadKind::Style)
                } else if rels.contains(&"modulepreload") {
                    Some(LoadKind::Script)
                } else if rels.contains(&"manifest") {
                    Some(LoadKind::Manifest)
                } else if rels.iter().any(|r| matches!(*r, "icon" | "apple-touch-icon")) {
                    Some(LoadKind::Image)
                } else if rels.contains(&"preload") {
                    preload_kind(attr(tag, "as").unwrap_or(""))
                } else {
                    None
                };
                if let (Some(kind), Some(href)) = (kind, attr(tag, "href")) {
                    self.url(href, kind, line);
                }
                if let Some(srcset) = attr(tag, "imagesrcset") {
                    for candidate in srcset_urls(srcset) {
                        self.url(&candidate, LoadKind::Image, line);
                    }
                }
            }
            _ => {}
        }
        if matches!(name, "button" | "input")
            && let Some(action) = attr(tag, "formaction")
        {
            self.url(action, LoadKind::FormAction, line);
        }
        match name {
            "xmp" | "iframe" | "noembed" | "noframes" | "noscript" => TokenSinkResult::RawData(RawKind::Rawtext),
            "title" | "textarea" => TokenSinkResult::RawData(RawKind::Rcdata),
            "plaintext" => TokenSinkResult::Plaintext,
            _ => TokenSinkResult::Continue,
        }
    }

    fn end_tag(&mut self, name: &str) {
        if matches!(name, "audio" | "video") {
            self.in_media = false;
        }
        let Some(open) = self.open.take_if(|open| open.name == name) else { return };
        let text = std::mem::take(&mut self.text);
        if let Some((what, why)) = open.ignore {
            self.scan.skipped.push(Skipped { what, why, line: open.line });
            return;
        }
        if text.is_empty() {
            self.scan.skipped.push(Skipped {
                what: format!("empty <{}>", open.name),
                why: "an empty block does nothing, so no hash is needed",
                line: open.line,
            });
            return;
        }
        let block = InlineBlock { text, script_type: open.script_type, line: open.line };
        if open.name == "script" {
            self.scan.scripts.push(block);
        } else {
            let found = css::scan_css(&block.text);
            let line = block.line;
            self.scan.urls.extend(found.urls.into_iter().map(|u| UrlRef { line: line + u.line - 1, ..u }));
            self.scan.unresolved.extend(found.unresolved);
            self.scan.styles.push(block);
        }
    }
}

/// `<link rel=preload as=…>`: the destination decides the directive.
fn preload_kind(destination: &str) -> Option<LoadKind> {
    Some(match destination.to_ascii_lowercase().as_str() {
        "script" => LoadKind::Script,
        "style" => LoadKind::Style,
        "image" => LoadKind::Image,
        "font" => LoadKind::Font,
        "audio" | "video" | "track" => LoadKind::Media,
        "fetch" => LoadKind::Connect,
        "worker" => LoadKind::Worker,
        _ => return None,
    })
}

/// The URLs of a srcset attribute (HTML "parse a srcset attribute", URLs only).
pub fn srcset_urls(srcset: &str) -> Vec<String> {
    let mut urls = Vec::new();
    let mut rest = srcset;
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_ascii_whitespace() || c == ',');
        if rest.is_empty() {
            return urls;
        }
        let end = rest.find(|c: char| c.is_ascii_whitespace()).unwrap_or(rest.len());
        let mut url = &rest[..end];
        rest = &rest[end..];
        // A URL ending in commas ends the candidate; otherwise descriptors follow up to a comma.
        if url.ends_with(',') {
            url = url.trim_end_matches(',');
        } else {
            let next = rest.find(',').unwrap_or(rest.len());
            rest = &rest[next..];
        }
        urls.push(url.to_owned());
    }
}

impl TokenSink for Sink {
    type Handle = ();

    fn process_token(&self, token: Token, line: u64) -> TokenSinkResult<()> {
        let mut state = self.0.borrow_mut();
        match token {
            TagToken(tag) if tag.kind == StartTag => {
                if state.open.is_some() {
                    return TokenSinkResult::Continue;
                }
                return state.start_tag(&tag, line);
            }
            TagToken(tag) if tag.kind == EndTag => state.end_tag(&tag.name),
            CharacterTokens(text) if state.open.is_some() => state.text.push_str(&text),
            NullCharacterToken if state.open.is_some() => state.text.push('\0'),
            _ => {}
        }
        TokenSinkResult::Continue
    }
}
