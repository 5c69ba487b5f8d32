//! Byte-level helpers shared by the detectors (ASCII classes, boundaries, base64).

/// ASCII letter or digit.
pub(crate) fn alnum(c: u8) -> bool {
    c.is_ascii_alphanumeric()
}

/// Base64url alphabet without padding.
pub(crate) fn b64url(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'-' || c == b'_'
}

/// Standard base64 alphabet without padding.
pub(crate) fn b64std(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'+' || c == b'/'
}

/// Lowercase hex digit.
pub(crate) fn hex_lower(c: u8) -> bool {
    c.is_ascii_digit() || (b'a'..=b'f').contains(&c)
}

/// The byte at `i`, or 0 past the end.
pub(crate) fn byte(b: &[u8], i: usize) -> u8 {
    b.get(i).copied().unwrap_or(0)
}

/// True when `i` starts a word: the previous byte is not an ASCII letter or digit, nor the `*`
/// of a masked value (`****1234` followed by more text must not start a new detection).
pub(crate) fn word_start(b: &[u8], i: usize) -> bool {
    i == 0 || !(alnum(b[i - 1]) || b[i - 1] == b'*')
}

/// End of the run of bytes satisfying `f` starting at `i`.
pub(crate) fn run(b: &[u8], i: usize, f: impl Fn(u8) -> bool) -> usize {
    let mut j = i;
    while j < b.len() && f(b[j]) {
        j += 1;
    }
    j
}

/// Whether `pat` occurs at `i`.
pub(crate) fn has_at(b: &[u8], i: usize, pat: &[u8]) -> bool {
    b.get(i..i + pat.len()) == Some(pat)
}

/// Whether `pat` (lowercase ASCII) occurs at `i`, ignoring ASCII case.
pub(crate) fn has_at_ci(b: &[u8], i: usize, pat: &[u8]) -> bool {
    b.get(i..i + pat.len()).is_some_and(|s| s.eq_ignore_ascii_case(pat))
}

/// Decodes base64 (standard or url alphabet, padding optional); `None` if not base64.
pub(crate) fn b64_decode(s: &[u8]) -> Option<Vec<u8>> {
    let s = match s.iter().position(|&c| c == b'=') {
        Some(p) if s[p..].iter().all(|&c| c == b'=') && s.len() - p <= 2 => &s[..p],
        Some(_) => return None,
        None => s,
    };
    if s.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for &c in s {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

/// True for values that are already redacted, masked or obviously placeholders.
pub(crate) fn is_placeholder(v: &str) -> bool {
    let t = v.trim_ascii(); // ASCII whitespace: Unicode's table would cost the Wasm 0.2 KB gzip
    // Already sanitized (by a previous pass, in any mode), wholly or in part.
    let has = |pat: &[u8]| t.as_bytes().windows(pat.len()).any(|w| w == pat); // no StrSearcher in Wasm
    if t.is_empty() || has(b"[REDACTED") || has(b"****") {
        return true;
    }
    let b = t.as_bytes();
    if b.len() >= 3 && b.iter().all(|&c| matches!(c, b'*' | b'x' | b'X' | b'.' | b'#')) {
        return true;
    }
    if t.starts_with("${") || t.starts_with("{{") || (t.starts_with('<') && t.ends_with('>')) || t.starts_with('%') {
        return true;
    }
    const WORDS: &[&str] = &[
        "null",
        "none",
        "undefined",
        "true",
        "false",
        "required",
        "optional",
        "hidden",
        "string",
        "text",
        "password",
        "secret",
        "token",
        "redacted",
        "empty",
        "n/a",
        "yes",
        "no",
        "on",
        "off",
    ];
    WORDS.iter().any(|w| t.eq_ignore_ascii_case(w))
}
