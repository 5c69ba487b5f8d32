//! Small text helpers shared by the parser and the matcher.

use std::borrow::Cow;

/// CSP3 §2.2.1 uses "ASCII whitespace": TAB, LF, FF, CR and SPACE.
pub fn is_ascii_whitespace(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\x0c' | '\r' | ' ')
}

/// Percent-decodes `text` the way Chromium's `DecodeURLEscapeSequences(kUTF8OrIsomorphic)` does:
/// the decoded bytes are read as UTF-8 when they are valid UTF-8, byte-per-character otherwise.
/// Malformed escapes (`%zz`, a trailing `%`) stay as they are.
pub fn percent_decode(text: &str) -> Cow<'_, str> {
    if !text.contains('%') {
        return Cow::Borrowed(text);
    }
    let bytes = text.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = (bytes[i] == b'%')
            .then(|| Some((hex_value(*bytes.get(i + 1)?)?, hex_value(*bytes.get(i + 2)?)?)))
            .flatten();
        match escaped {
            Some((high, low)) => {
                decoded.push(high << 4 | low);
                i += 3;
            }
            None => {
                decoded.push(bytes[i]);
                i += 1;
            }
        }
    }
    match String::from_utf8(decoded) {
        Ok(utf8) => Cow::Owned(utf8),
        Err(error) => Cow::Owned(error.into_bytes().iter().map(|&b| char::from(b)).collect()),
    }
}

fn hex_value(digit: u8) -> Option<u8> {
    char::from(digit).to_digit(16).map(|value| value as u8)
}

#[cfg(test)]
mod tests {
    use super::percent_decode;

    #[test]
    fn decodes_utf8_or_isomorphic_and_keeps_malformed_escapes() {
        assert_eq!(percent_decode("/plain"), "/plain");
        assert_eq!(percent_decode("/a%2Fb"), "/a/b");
        assert_eq!(percent_decode("/caf%C3%A9"), "/café");
        assert_eq!(percent_decode("/%FF"), "/\u{ff}");
        assert_eq!(percent_decode("/100%"), "/100%");
        assert_eq!(percent_decode("/%zz%4"), "/%zz%4");
    }
}
