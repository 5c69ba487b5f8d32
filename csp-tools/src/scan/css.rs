//! CSS scanning: `url()` and `@import` targets, skipping comments and strings. URLs inside an
//! `@font-face` block are fonts, the rest images; `image-set()` strings are images. A `url()`
//! holding an escape or `var()` cannot be resolved statically and is listed as unresolved.

use super::{LoadKind, Unresolved, UrlRef};

/// What a stylesheet refers to.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CssScan {
    /// The URLs it loads.
    pub urls: Vec<UrlRef>,
    /// What could not be resolved.
    pub unresolved: Vec<Unresolved>,
}

/// Scans a stylesheet (or a `style` attribute's declarations).
pub fn scan_css(text: &str) -> CssScan {
    let mut scan = CssScan::default();
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut line = 1u64;
    // Brace depth at which the current @font-face block was opened.
    let mut font_face: Option<usize> = None;
    let mut depth = 0usize;
    let mut pending_font_face = false;
    let mut image_set_depth: Option<usize> = None;
    let mut paren_depth = 0usize;
    let mut pending_import = false;
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b'\n' => {
                line += 1;
                i += 1;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                let end = text[i + 2..].find("*/").map_or(bytes.len(), |at| i + 2 + at + 2);
                line += count_lines(&text[i..end]);
                i = end;
            }
            b'"' | b'\'' => {
                let (value, end) = css_string(text, i);
                line += count_lines(&text[i..end]);
                if pending_import {
                    scan.urls.push(UrlRef { url: value, kind: LoadKind::Style, line });
                    pending_import = false;
                } else if image_set_depth.is_some() {
                    scan.urls.push(UrlRef { url: value, kind: LoadKind::Image, line });
                }
                i = end;
            }
            b'{' => {
                depth += 1;
                if pending_font_face {
                    font_face = Some(depth);
                    pending_font_face = false;
                }
                i += 1;
            }
            b'}' => {
                if font_face == Some(depth) {
                    font_face = None;
                }
                depth = depth.saturating_sub(1);
                i += 1;
            }
            b'(' => {
                paren_depth += 1;
                i += 1;
            }
            b')' => {
                if image_set_depth == Some(paren_depth) {
                    image_set_depth = None;
                }
                paren_depth = paren_depth.saturating_sub(1);
                i += 1;
            }
            b';' => {
                pending_import = false;
                i += 1;
            }
            _ if b == b'@' || b.is_ascii_alphabetic() || b == b'-' => {
                let start = i;
                i += 1;
                while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'-' || bytes[i] == b'_') {
                    i += 1;
                }
                let word = text[start..i].to_ascii_lowercase();
                match word.as_str() {
                    "@import" => pending_import = true,
                    "@font-face" => pending_font_face = true,
                    "image-set" | "-webkit-image-set" if bytes.get(i) == Some(&b'(') => {
                        image_set_depth = Some(paren_depth + 1);
                    }
                    "url" if bytes.get(i) == Some(&b'(') => {
                        let (value, raw, end) = url_token(text, i + 1);
                        let kind = if pending_import {
                            LoadKind::Style
                        } else if font_face.is_some() {
                            LoadKind::Font
                        } else {
                            LoadKind::Image
                        };
                        pending_import = false;
                        match value {
                            Some(url) => scan.urls.push(UrlRef { url, kind, line }),
                            None => scan.unresolved.push(Unresolved { what: format!("url({raw})"), line }),
                        }
                        line += count_lines(&text[i..end]);
                        i = end;
                    }
                    _ => {}
                }
            }
            _ => i += 1,
        }
    }
    scan
}

fn count_lines(text: &str) -> u64 {
    text.bytes().filter(|&b| b == b'\n').count() as u64
}

/// A quoted CSS string starting at `start`; returns its value and the index after it.
fn css_string(text: &str, start: usize) -> (String, usize) {
    let quote = text.as_bytes()[start];
    let mut value = String::new();
    let mut chars = text[start + 1..].char_indices();
    while let Some((at, c)) = chars.next() {
        match c {
            c if c as u32 == u32::from(quote) => return (value, start + 1 + at + 1),
            '\\' => {
                if let Some((_, escaped)) = chars.next() {
                    value.push(escaped);
                }
            }
            '\n' => return (value, start + 1 + at),
            c => value.push(c),
        }
    }
    (value, text.len())
}

/// The inside of `url(` starting after the parenthesis: `Some(url)` when it is a plain URL,
/// `None` when it uses escapes or functions; and the index after the closing `)`.
fn url_token(text: &str, start: usize) -> (Option<String>, String, usize) {
    let rest = &text[start..];
    let trimmed = rest.trim_start();
    let offset = start + (rest.len() - trimmed.len());
    if trimmed.starts_with(['"', '\'']) {
        let (value, end) = css_string(text, offset);
        let close = text[end..].find(')').map_or(text.len(), |at| end + at + 1);
        let raw = text[offset..end].to_owned();
        let resolved = !raw.contains('\\');
        return (resolved.then_some(value), raw, close);
    }
    // Balanced parentheses, so `url(var(--x))` is read whole.
    let mut depth = 1usize;
    let (mut inner_end, mut close) = (text.len(), text.len());
    for (at, c) in rest.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            _ => {}
        }
        if depth == 0 {
            (inner_end, close) = (start + at, start + at + 1);
            break;
        }
    }
    let inner = text[start..inner_end].trim();
    let plain = !inner.contains(['\\', '(', '"', '\'']) && !inner.is_empty();
    (plain.then(|| inner.to_owned()), inner.to_owned(), close)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn urls(css: &str) -> Vec<(String, LoadKind)> {
        scan_css(css).urls.into_iter().map(|u| (u.url, u.kind)).collect()
    }

    #[test]
    fn finds_imports_images_fonts_and_skips_comments() {
        let css = "@import \"https://fonts.example.com/a.css\";\n@import url(theme.css);\n\
                   /* url(https://commented.example/x.png) */\n\
                   .a { background: url( 'https://img.example.com/bg.png' ) }\n\
                   @font-face { font-family: X; src: url(https://fonts.example.com/x.woff2) format('woff2'); }\n\
                   .b { background-image: image-set(\"a.png\" 1x, \"https://img2.example.com/b.png\" 2x); }\n";
        assert_eq!(
            urls(css),
            [
                ("https://fonts.example.com/a.css".into(), LoadKind::Style),
                ("theme.css".into(), LoadKind::Style),
                ("https://img.example.com/bg.png".into(), LoadKind::Image),
                ("https://fonts.example.com/x.woff2".into(), LoadKind::Font),
                ("a.png".into(), LoadKind::Image),
                ("https://img2.example.com/b.png".into(), LoadKind::Image),
            ]
        );
        let scan = scan_css(".c { background: url(var(--bg)) }");
        assert!(scan.urls.is_empty());
        assert_eq!(scan.unresolved[0].what, "url(var(--bg))");
    }
}
