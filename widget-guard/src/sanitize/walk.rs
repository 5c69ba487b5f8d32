//! The JSON walk: a strict JSON reader that copies its input token by token. Keys, numbers,
//! literals, whitespace and strings without a finding are copied byte for byte (so key order,
//! number spelling and escapes survive exactly); a string with a finding is re-encoded with
//! the secret parts replaced. Nesting is bounded by [`MAX_DEPTH`].

use super::keys::{KeyClass, classify};
use super::pii::{phone, ssn};
use super::scan::{self, Hit};
use super::{Confidence, Finding, Kind, Options, SanitizeError, SanitizedJson, secrets};
use std::borrow::Cow;

/// Deepest nesting of arrays/objects accepted; deeper input is refused with
/// [`SanitizeError::TooDeep`] (nothing is returned, so nothing leaks). Same limit as
/// `serde_json`'s parser.
pub const MAX_DEPTH: usize = 128;

/// A step of the current JSON pointer.
enum Seg {
    /// An object member: the raw (still escaped) key text and what it says about its value.
    Key(std::ops::Range<usize>, KeyClass),
    /// An array slot.
    Index(usize),
}

struct Walker<'a> {
    src: &'a str,
    b: &'a [u8],
    pos: usize,
    out: String,
    findings: Vec<Finding>,
    opts: &'a Options,
    extra_keys: Vec<String>,
    path: Vec<Seg>,
}

type R<T> = Result<T, SanitizeError>;

/// Sanitizes a JSON document (options already validated).
pub(crate) fn sanitize_json(src: &str, opts: &Options) -> R<SanitizedJson> {
    let mut w = Walker {
        src,
        b: src.as_bytes(),
        pos: 0,
        out: String::with_capacity(src.len()),
        findings: Vec::new(),
        opts,
        extra_keys: opts.normalized_secret_keys(),
        path: Vec::new(),
    };
    w.ws();
    if w.pos >= w.b.len() {
        return Err(w.err("empty input: expected a JSON value"));
    }
    let kept = w.kept();
    w.value(0, kept)?;
    w.ws();
    if w.pos != w.b.len() {
        return Err(w.err("unexpected data after the JSON value"));
    }
    Ok(SanitizedJson { json: w.out, findings: w.findings })
}

impl<'a> Walker<'a> {
    fn err(&self, reason: &'static str) -> SanitizeError {
        SanitizeError::InvalidJson { offset: self.pos, reason }
    }

    fn peek(&self) -> u8 {
        self.b.get(self.pos).copied().unwrap_or(0)
    }

    /// Copies whitespace.
    fn ws(&mut self) {
        let s = self.pos;
        while matches!(self.peek(), b' ' | b'\t' | b'\n' | b'\r') {
            self.pos += 1;
        }
        self.out.push_str(&self.src[s..self.pos]);
    }

    fn expect(&mut self, c: u8, reason: &'static str) -> R<()> {
        if self.peek() != c {
            return Err(self.err(reason));
        }
        self.out.push(char::from(c));
        self.pos += 1;
        Ok(())
    }

    fn value(&mut self, depth: usize, kept: bool) -> R<()> {
        match self.peek() {
            b'{' => self.object(depth + 1, kept),
            b'[' => self.array(depth + 1, kept),
            b'"' => self.string_value(kept),
            b't' => self.literal("true"),
            b'f' => self.literal("false"),
            b'n' => self.literal("null"),
            b'-' | b'0'..=b'9' => self.number(),
            _ => Err(self.err("expected a JSON value")),
        }
    }

    fn object(&mut self, depth: usize, kept: bool) -> R<()> {
        if depth > MAX_DEPTH {
            return Err(SanitizeError::TooDeep { offset: self.pos });
        }
        self.expect(b'{', "expected '{'")?;
        self.ws();
        if self.peek() == b'}' {
            return self.expect(b'}', "expected '}'");
        }
        loop {
            if self.peek() != b'"' {
                return Err(self.err("expected a string key"));
            }
            let (s, e, key) = self.string_token()?;
            self.out.push_str(&self.src[s..e]);
            let class = classify(&key, &self.extra_keys);
            self.ws();
            self.expect(b':', "expected ':' after a key")?;
            self.ws();
            self.path.push(Seg::Key(s + 1..e - 1, class));
            let child_kept = kept || self.kept();
            let r = self.value(depth, child_kept);
            self.path.pop();
            r?;
            self.ws();
            match self.peek() {
                b',' => {
                    self.expect(b',', "expected ','")?;
                    self.ws();
                }
                b'}' => return self.expect(b'}', "expected '}'"),
                _ => return Err(self.err("expected ',' or '}' in an object")),
            }
        }
    }

    fn array(&mut self, depth: usize, kept: bool) -> R<()> {
        if depth > MAX_DEPTH {
            return Err(SanitizeError::TooDeep { offset: self.pos });
        }
        self.expect(b'[', "expected '['")?;
        self.ws();
        if self.peek() == b']' {
            return self.expect(b']', "expected ']'");
        }
        let mut index = 0;
        loop {
            self.path.push(Seg::Index(index));
            let child_kept = kept || self.kept();
            let r = self.value(depth, child_kept);
            self.path.pop();
            r?;
            index += 1;
            self.ws();
            match self.peek() {
                b',' => {
                    self.expect(b',', "expected ','")?;
                    self.ws();
                }
                b']' => return self.expect(b']', "expected ']'"),
                _ => return Err(self.err("expected ',' or ']' in an array")),
            }
        }
    }

    fn literal(&mut self, lit: &'static str) -> R<()> {
        if !self.src[self.pos..].starts_with(lit) {
            return Err(self.err("expected true, false or null"));
        }
        self.out.push_str(lit);
        self.pos += lit.len();
        Ok(())
    }

    fn number(&mut self) -> R<()> {
        let s = self.pos;
        let digits = |w: &mut Self| {
            let d = w.pos;
            while w.peek().is_ascii_digit() {
                w.pos += 1;
            }
            w.pos - d
        };
        if self.peek() == b'-' {
            self.pos += 1;
        }
        if self.peek() == b'0' {
            self.pos += 1;
        } else if digits(self) == 0 {
            return Err(self.err("expected digits in a number"));
        }
        if self.peek() == b'.' {
            self.pos += 1;
            if digits(self) == 0 {
                return Err(self.err("expected digits after '.'"));
            }
        }
        if matches!(self.peek(), b'e' | b'E') {
            self.pos += 1;
            if matches!(self.peek(), b'+' | b'-') {
                self.pos += 1;
            }
            if digits(self) == 0 {
                return Err(self.err("expected digits in an exponent"));
            }
        }
        self.out.push_str(&self.src[s..self.pos]);
        Ok(())
    }

    /// Reads a string token: (start, end) of the raw token including quotes, and its value.
    fn string_token(&mut self) -> R<(usize, usize, Cow<'a, str>)> {
        let src: &'a str = self.src;
        let s = self.pos;
        self.pos += 1;
        let mut escaped = false;
        loop {
            match self.peek() {
                b'"' => break,
                b'\\' => {
                    escaped = true;
                    self.pos += 2;
                }
                0..=0x1F if self.pos < self.b.len() => return Err(self.err("control character in a string")),
                _ if self.pos >= self.b.len() => return Err(self.err("unterminated string")),
                _ => self.pos += 1,
            }
        }
        self.pos += 1;
        let e = self.pos;
        let raw = &src[s + 1..e - 1];
        let value = if escaped {
            Cow::Owned(unescape(raw).map_err(|off| SanitizeError::InvalidJson {
                offset: s + 1 + off,
                reason: "invalid escape in a string",
            })?)
        } else {
            Cow::Borrowed(raw)
        };
        Ok((s, e, value))
    }

    fn string_value(&mut self, kept: bool) -> R<()> {
        let (s, e, value) = self.string_token()?;
        if kept {
            self.out.push_str(&self.src[s..e]);
            return Ok(());
        }
        let class = self.path.iter().rev().find_map(|seg| match seg {
            Seg::Key(_, c) => Some(*c),
            Seg::Index(_) => None,
        });
        let class = class.unwrap_or(KeyClass::Plain);
        let hits = self.detect(&value, class);
        if hits.is_empty() {
            self.out.push_str(&self.src[s..e]);
            return Ok(());
        }
        let pointer = self.pointer();
        let (replaced, found) = scan::apply_until_clean(&value, hits, self.opts.mode, |text| self.detect(text, class));
        for (kind, confidence) in found {
            self.findings.push(Finding { pointer: pointer.clone(), kind, confidence });
        }
        encode_string(&replaced, &mut self.out);
        Ok(())
    }

    /// Hits in one string value: the text scan, else the rule for its key.
    fn detect(&self, value: &str, class: KeyClass) -> Vec<Hit> {
        let cats = &self.opts.categories;
        // Under a password or user-named key the whole value is the secret, whatever it contains.
        if cats.secrets
            && matches!(class, KeyClass::Password | KeyClass::UserSecret)
            && let Some((k, conf)) = secrets::value_rule(class, value)
        {
            return vec![Hit::new(0, value.len(), k, conf)];
        }
        let hits = scan::scan(value, cats, &self.extra_keys);
        if !hits.is_empty() {
            return hits;
        }
        let whole = |kind: Kind, confidence: Confidence| vec![Hit::new(0, value.len(), kind, confidence)];
        match class {
            KeyClass::Plain => Vec::new(),
            KeyClass::Phone if cats.phone && phone::bare(value) => whole(Kind::Phone, Confidence::Medium),
            KeyClass::Ssn if cats.ssn && ssn::bare(value) => whole(Kind::Ssn, Confidence::Medium),
            KeyClass::Phone | KeyClass::Ssn => Vec::new(),
            _ if !cats.secrets => Vec::new(),
            c => secrets::value_rule(c, value).map_or_else(Vec::new, |(k, conf)| whole(k, conf)),
        }
    }

    /// The RFC 6901 pointer of the current position.
    fn pointer(&self) -> String {
        let mut p = String::new();
        for seg in &self.path {
            p.push('/');
            match seg {
                Seg::Key(raw, _) => {
                    let raw = &self.src[raw.clone()];
                    let k = if raw.contains('\\') {
                        Cow::Owned(unescape(raw).unwrap_or_default())
                    } else {
                        Cow::Borrowed(raw)
                    };
                    for ch in k.chars() {
                        match ch {
                            '~' => p.push_str("~0"),
                            '/' => p.push_str("~1"),
                            c => p.push(c),
                        }
                    }
                }
                Seg::Index(i) => p.push_str(&i.to_string()),
            }
        }
        p
    }

    /// Whether the current position is one of the keep-paths.
    fn kept(&self) -> bool {
        !self.opts.keep_paths.is_empty() && {
            let p = self.pointer();
            self.opts.keep_paths.contains(&p)
        }
    }
}

/// Decodes JSON string escapes; lone surrogates become U+FFFD. Err = byte offset of the problem.
fn unescape(raw: &str) -> Result<String, usize> {
    let b = raw.as_bytes();
    let mut out = String::with_capacity(raw.len());
    let mut i = 0;
    let mut lit = 0;
    while i < b.len() {
        if b[i] != b'\\' {
            i += 1;
            continue;
        }
        out.push_str(&raw[lit..i]);
        let c = *b.get(i + 1).ok_or(i)?;
        i += 2;
        match c {
            b'"' => out.push('"'),
            b'\\' => out.push('\\'),
            b'/' => out.push('/'),
            b'b' => out.push('\u{8}'),
            b'f' => out.push('\u{c}'),
            b'n' => out.push('\n'),
            b'r' => out.push('\r'),
            b't' => out.push('\t'),
            b'u' => {
                let hi = hex4(b, i).ok_or(i)?;
                i += 4;
                let cp = if (0xD800..0xDC00).contains(&hi) && b.get(i) == Some(&b'\\') && b.get(i + 1) == Some(&b'u') {
                    match hex4(b, i + 2) {
                        Some(lo) if (0xDC00..0xE000).contains(&lo) => {
                            i += 6;
                            0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                        }
                        _ => 0xFFFD,
                    }
                } else {
                    hi
                };
                out.push(char::from_u32(cp).unwrap_or('\u{FFFD}'));
            }
            _ => return Err(i - 1),
        }
        lit = i;
    }
    out.push_str(&raw[lit..]);
    Ok(out)
}

fn hex4(b: &[u8], i: usize) -> Option<u32> {
    let s = b.get(i..i + 4)?;
    s.iter().try_fold(0u32, |a, &c| Some(a * 16 + char::from(c).to_digit(16)?))
}

/// Writes `s` as a JSON string literal (as `JSON.stringify` would).
pub(crate) fn encode_string(s: &str, out: &mut String) {
    out.push('"');
    for ch in s.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 => {
                out.push_str(&format!("\\u{:04x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}
