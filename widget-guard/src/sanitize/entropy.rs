//! Shannon entropy and "looks random" checks for the generic secret rule.

/// Shannon entropy of the bytes, in bits per byte.
pub(crate) fn shannon(s: &[u8]) -> f64 {
    if s.is_empty() {
        return 0.0;
    }
    let mut counts = [0u32; 256];
    for &c in s {
        counts[usize::from(c)] += 1;
    }
    let n = s.len() as f64;
    counts.iter().filter(|&&c| c > 0).map(|&c| f64::from(c) / n).map(|p| -p * p.log2()).sum()
}

/// Whether a value under a token-like key looks like a random credential: 16+ visible ASCII
/// token-charset bytes (no spaces, `;`, `[`, `*`), at least two of lower/upper/digit, entropy >= 3 bits/byte, and not a
/// URL, path, i18n key or sentence.
pub(crate) fn looks_random(v: &str) -> bool {
    let b = v.as_bytes();
    // Token charset only: sentences, lists, connection strings (`;`), redaction markers (`[`, `*`)
    // are structured text, not one random credential.
    let token_char = |c: &u8| c.is_ascii_alphanumeric() || b"+/=_-.~:!@#$%^&?".contains(c);
    if b.len() < 16 || b.len() > 4096 || !b.iter().all(token_char) {
        return false;
    }
    if b.windows(3).any(|w| w == b"://") || b[0] == b'/' {
        return false;
    }
    let lower = b.iter().any(u8::is_ascii_lowercase);
    let upper = b.iter().any(u8::is_ascii_uppercase);
    let digit = b.iter().any(u8::is_ascii_digit);
    if u8::from(lower) + u8::from(upper) + u8::from(digit) < 2 {
        return false;
    }
    shannon(b) >= 3.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entropy_of_uniform_and_constant() {
        assert_eq!(shannon(b"aaaa"), 0.0);
        assert!((shannon(b"abcd") - 2.0).abs() < 1e-9);
    }

    #[test]
    fn random_vs_words() {
        assert!(looks_random("q8Xv2LpR7tZk9WmN4sYb"));
        assert!(!looks_random("checkout.button.label"));
        assert!(!looks_random("Use at least 12 characters"));
        assert!(!looks_random("https://example.com/a"));
    }
}
