//! A minimal JSON writer for the flat objects the loader reads (outcomes, audit events):
//! serde_json would cost the Wasm about 25 KB gzip for them.

use std::fmt::Write;

/// Writes one JSON object field by field.
pub struct Object<'a> {
    out: &'a mut String,
    empty: bool,
}

impl<'a> Object<'a> {
    /// Opens an object at the end of `out`.
    pub fn new(out: &'a mut String) -> Self {
        out.push('{');
        Object { out, empty: true }
    }

    fn key(&mut self, key: &str) -> &mut String {
        if !self.empty {
            self.out.push(',');
        }
        self.empty = false;
        string(self.out, key);
        self.out.push(':');
        self.out
    }

    /// A string field.
    pub fn str(&mut self, key: &str, value: &str) -> &mut Self {
        string(self.key(key), value);
        self
    }

    /// A boolean field.
    pub fn bool(&mut self, key: &str, value: bool) -> &mut Self {
        self.key(key).push_str(if value { "true" } else { "false" });
        self
    }

    /// A whole-number field.
    pub fn uint(&mut self, key: &str, value: u64) -> &mut Self {
        // Writing into a String cannot fail.
        let _ = write!(self.key(key), "{value}");
        self
    }

    /// A field whose value the caller writes (a nested object).
    pub fn nested(&mut self, key: &str, write: impl FnOnce(&mut String)) -> &mut Self {
        write(self.key(key));
        self
    }

    /// Closes the object.
    pub fn finish(&mut self) {
        self.out.push('}');
    }
}

/// Appends `value` as a JSON string literal (RFC 8259 §7).
pub fn string(out: &mut String, value: &str) {
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c < ' ' || c == '\u{2028}' || c == '\u{2029}' => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_valid_json_for_any_string() {
        let mut out = String::new();
        Object::new(&mut out)
            .str("a", "quote \" backslash \\ nl \n ctl \u{1} ls \u{2028} é")
            .bool("b", true)
            .uint("n", 42)
            .nested("o", |out| Object::new(out).str("k", "v").finish())
            .finish();
        assert_eq!(out, r#"{"a":"quote \" backslash \\ nl \n ctl \u0001 ls \u2028 é","b":true,"n":42,"o":{"k":"v"}}"#);
    }
}
