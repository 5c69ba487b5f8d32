//! A small reader for the options JSON (`{categories, keepPaths, secretKeys, mode}`), so the
//! Wasm build does not need `serde_json`'s deserializer (and its float formatting) at all.

use super::walk::unescape;
use super::{Mode, Options, SanitizeError};

struct P<'a> {
    s: &'a str,
    i: usize,
}

fn bad(why: impl Into<String>) -> SanitizeError {
    SanitizeError::InvalidOptions(why.into())
}

impl P<'_> {
    fn ws(&mut self) {
        while self.s.as_bytes().get(self.i).is_some_and(u8::is_ascii_whitespace) {
            self.i += 1;
        }
    }
    fn peek(&mut self) -> u8 {
        self.ws();
        self.s.as_bytes().get(self.i).copied().unwrap_or(0)
    }
    fn eat(&mut self, c: u8) -> Result<(), SanitizeError> {
        if self.peek() != c {
            return Err(bad(format!("expected '{}' at byte {}", char::from(c), self.i)));
        }
        self.i += 1;
        Ok(())
    }
    fn string(&mut self) -> Result<String, SanitizeError> {
        self.eat(b'"')?;
        let b = self.s.as_bytes();
        let start = self.i;
        while self.i < b.len() && b[self.i] != b'"' {
            self.i += if b[self.i] == b'\\' { 2 } else { 1 };
        }
        let raw = self.s.get(start..self.i).ok_or_else(|| bad("unterminated string"))?;
        self.eat(b'"')?;
        unescape(raw).map_err(|_| bad("invalid escape in a string"))
    }
    fn boolean(&mut self) -> Result<bool, SanitizeError> {
        self.ws();
        for (lit, v) in [("true", true), ("false", false)] {
            if self.s[self.i..].starts_with(lit) {
                self.i += lit.len();
                return Ok(v);
            }
        }
        Err(bad(format!("expected true or false at byte {}", self.i)))
    }
    fn strings(&mut self) -> Result<Vec<String>, SanitizeError> {
        let mut v = Vec::new();
        self.eat(b'[')?;
        if self.peek() == b']' {
            self.i += 1;
            return Ok(v);
        }
        loop {
            v.push(self.string()?);
            match self.peek() {
                b',' => self.i += 1,
                b']' => {
                    self.i += 1;
                    return Ok(v);
                }
                _ => return Err(bad("expected ',' or ']' in a list of strings")),
            }
        }
    }
    /// `{ "k": <value read by f>, … }`
    fn object(&mut self, mut f: impl FnMut(&mut Self, &str) -> Result<(), SanitizeError>) -> Result<(), SanitizeError> {
        self.eat(b'{')?;
        if self.peek() == b'}' {
            self.i += 1;
            return Ok(());
        }
        loop {
            let k = self.string()?;
            self.eat(b':')?;
            f(self, &k)?;
            match self.peek() {
                b',' => self.i += 1,
                b'}' => {
                    self.i += 1;
                    return Ok(());
                }
                _ => return Err(bad("expected ',' or '}' in an object")),
            }
        }
    }
}

/// Parses the options object; unknown keys are errors (a typo must not silently disable a rule).
pub(crate) fn parse(json: &str) -> Result<Options, SanitizeError> {
    let mut o = Options::default();
    let mut p = P { s: json, i: 0 };
    p.object(|p, k| {
        match k {
            "categories" => p.object(|p, c| {
                let v = p.boolean()?;
                let cats = &mut o.categories;
                let slot = match c {
                    "secrets" => &mut cats.secrets,
                    "email" => &mut cats.email,
                    "phone" => &mut cats.phone,
                    "card" => &mut cats.card,
                    "iban" => &mut cats.iban,
                    "ssn" => &mut cats.ssn,
                    "ip" => &mut cats.ip,
                    other => {
                        return Err(bad(format!(
                            "unknown category '{other}' (secrets, email, phone, card, iban, ssn, ip)"
                        )));
                    }
                };
                *slot = v;
                Ok(())
            })?,
            "keepPaths" => o.keep_paths = p.strings()?,
            "secretKeys" => o.secret_keys = p.strings()?,
            "mode" => {
                o.mode = match p.string()?.as_str() {
                    "redact" => Mode::Redact,
                    "remove" => Mode::Remove,
                    "mask" => Mode::Mask,
                    other => return Err(bad(format!("unknown mode '{other}' (redact, remove, mask)"))),
                }
            }
            other => return Err(bad(format!("unknown option '{other}' (categories, keepPaths, secretKeys, mode)"))),
        }
        Ok(())
    })?;
    if p.peek() != 0 {
        return Err(bad("unexpected data after the options object"));
    }
    Ok(o)
}
