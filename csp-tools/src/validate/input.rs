//! Where policies come from: a bare header value, a raw HTTP header block, or `<meta http-equiv>`
//! tags in HTML. Each value keeps its line and column so findings can point into the input.

use crate::decision::PolicyList;
use crate::policy::{Delivery, Disposition};

/// One delivered policy value (a header value or a `<meta>` content), and where it was read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HeaderValue {
    /// The value as delivered (comma-joined policies stay joined).
    pub text: String,
    /// 1-based line of the input on which the value starts.
    pub line: usize,
    /// Byte offset of the value in that line.
    pub column: usize,
    /// Enforced or report-only.
    pub disposition: Disposition,
    /// Header or `<meta>`.
    pub delivery: Delivery,
}

/// Every policy value one document (one response) is delivered with.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Document {
    /// The values in delivery order.
    pub values: Vec<HeaderValue>,
}

/// Input that holds no policy to validate.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum InputError {
    /// A header block without any Content-Security-Policy(-Report-Only) header.
    #[error("no Content-Security-Policy or Content-Security-Policy-Report-Only header found")]
    NoHeader,
    /// HTML without a `<meta http-equiv="Content-Security-Policy">` tag.
    #[error("no <meta http-equiv=\"Content-Security-Policy\" content=\"…\"> tag found")]
    NoMeta,
}

impl Document {
    /// A document with one enforced header value (line 1, column 0).
    pub fn header(text: &str, disposition: Disposition) -> Self {
        let value = HeaderValue { text: text.to_owned(), line: 1, column: 0, disposition, delivery: Delivery::Header };
        Document { values: vec![value] }
    }

    /// The CSP headers of a raw HTTP response header block (a status line and other headers may
    /// be present; header names are case-insensitive; CRLF or LF line ends).
    pub fn from_headers(block: &str) -> Result<Self, InputError> {
        let mut values = Vec::new();
        for (index, line) in block.split('\n').enumerate() {
            let line = line.strip_suffix('\r').unwrap_or(line);
            let Some((name, value)) = line.split_once(':') else { continue };
            let disposition = if name.eq_ignore_ascii_case("content-security-policy") {
                Disposition::Enforce
            } else if name.eq_ignore_ascii_case("content-security-policy-report-only") {
                Disposition::Report
            } else {
                continue;
            };
            let trimmed = value.trim_start_matches([' ', '\t']);
            let column = line.len() - trimmed.len();
            let text = trimmed.trim_end_matches([' ', '\t']).to_owned();
            values.push(HeaderValue { text, line: index + 1, column, disposition, delivery: Delivery::Header });
        }
        if values.is_empty() { Err(InputError::NoHeader) } else { Ok(Document { values }) }
    }

    /// The policies of `<meta http-equiv="Content-Security-Policy" content="…">` tags. Browsers
    /// ignore report-only policies in `<meta>`, and so does this.
    pub fn from_html(html: &str) -> Result<Self, InputError> {
        let mut values = Vec::new();
        let lower = html.to_ascii_lowercase();
        let mut from = 0;
        while let Some(found) = lower[from..].find("<meta") {
            let start = from + found + 5;
            let end = lower[start..].find('>').map_or(html.len(), |close| start + close);
            from = end;
            let attributes = attributes(&html[start..end], start);
            let http_equiv = attributes.iter().find(|(name, ..)| name.eq_ignore_ascii_case("http-equiv"));
            if !http_equiv.is_some_and(|(_, value, _)| value.trim().eq_ignore_ascii_case("content-security-policy")) {
                continue;
            }
            if let Some((_, content, at)) = attributes.iter().find(|(name, ..)| name.eq_ignore_ascii_case("content")) {
                let line_start = html[..*at].rfind('\n').map_or(0, |newline| newline + 1);
                values.push(HeaderValue {
                    text: decode_entities(content),
                    line: html[..*at].matches('\n').count() + 1,
                    column: at - line_start,
                    disposition: Disposition::Enforce,
                    delivery: Delivery::Meta,
                });
            }
        }
        if values.is_empty() { Err(InputError::NoMeta) } else { Ok(Document { values }) }
    }

    /// The policy list, and for each policy the index of the value it came from.
    pub fn policy_list(&self) -> (PolicyList, Vec<usize>) {
        let mut list = PolicyList::default();
        let mut origin = Vec::new();
        for (index, value) in self.values.iter().enumerate() {
            list.add(&value.text, value.disposition, value.delivery);
            origin.resize(list.policies.len(), index);
        }
        (list, origin)
    }
}

/// The attributes of a tag (`name`, raw value, byte offset of the value in the whole input).
fn attributes(tag: &str, offset: usize) -> Vec<(&str, &str, usize)> {
    let mut found = Vec::new();
    let bytes = tag.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
            i += 1;
        }
        let name_start = i;
        while i < bytes.len() && !bytes[i].is_ascii_whitespace() && !matches!(bytes[i], b'=' | b'/') {
            i += 1;
        }
        let name = &tag[name_start..i];
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        if bytes.get(i) != Some(&b'=') {
            if !name.is_empty() {
                found.push((name, "", offset + i));
            } else {
                i += 1;
            }
            continue;
        }
        i += 1;
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let (value_start, value_end, next) = match bytes.get(i) {
            Some(&quote @ (b'"' | b'\'')) => {
                let close = tag[i + 1..].find(char::from(quote)).map_or(tag.len(), |at| i + 1 + at);
                (i + 1, close, close + 1)
            }
            _ => {
                let end = tag[i..].find(|c: char| c.is_ascii_whitespace()).map_or(tag.len(), |at| i + at);
                (i, end, end)
            }
        };
        found.push((name, &tag[value_start..value_end], offset + value_start));
        i = next;
    }
    found
}

/// Decodes the character references that appear in CSP `content` attributes (`&quot;`, `&#39;`…).
/// Spans then index the decoded text, which is what the browser parses.
fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let decoded = rest.find(';').filter(|&semi| semi <= 10).and_then(|semi| {
            let entity = &rest[1..semi];
            let c = match entity {
                "amp" => Some('&'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "lt" => Some('<'),
                "gt" => Some('>'),
                _ => entity
                    .strip_prefix('#')
                    .and_then(|number| match number.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok(),
                        None => number.parse().ok(),
                    })
                    .and_then(char::from_u32),
            }?;
            Some((c, semi + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_blocks() {
        let block = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\ncontent-security-policy:  default-src 'self'\r\n\
                     Content-Security-Policy-Report-Only: script-src 'none'\r\n";
        let doc = Document::from_headers(block).unwrap();
        assert_eq!(doc.values.len(), 2);
        assert_eq!(
            (doc.values[0].text.as_str(), doc.values[0].line, doc.values[0].column),
            ("default-src 'self'", 3, 26)
        );
        assert_eq!(doc.values[1].disposition, Disposition::Report);
        assert_eq!(Document::from_headers("X-Frame-Options: DENY\n"), Err(InputError::NoHeader));
    }

    #[test]
    fn meta_tags() {
        let html = "<html><head>\n<META http-equiv=\"Content-Security-Policy\" content=\"script-src &#39;self&#39;\">\n\
                    <meta http-equiv=content-security-policy-report-only content=\"x\">\
                    <meta name=x content='y'><meta http-equiv='content-security-policy' content='img-src *'></head>";
        let doc = Document::from_html(html).unwrap();
        let texts: Vec<_> = doc.values.iter().map(|v| v.text.as_str()).collect();
        assert_eq!(texts, ["script-src 'self'", "img-src *"]);
        assert_eq!((doc.values[0].line, doc.values[0].column), (2, 52));
        assert_eq!(doc.values[0].delivery, Delivery::Meta);
        assert_eq!(Document::from_html("<p>no policy</p>"), Err(InputError::NoMeta));
    }
}
