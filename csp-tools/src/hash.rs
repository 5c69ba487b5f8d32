//! `csp-tools hash`: hash-sources (`'sha256-…'`) for the inline `<script>` and `<style>` blocks of
//! an HTML document, computed over exactly what the browser hashes (CSP3 §6.7.3.3 "Does element
//! match source list for type and source"): the element's text after HTML tokenization (newlines
//! normalised to LF, no entity decoding in raw text), encoded as UTF-8.

use base64::Engine;
use serde::Serialize;
use sha2::{Digest, Sha256, Sha384, Sha512};

use crate::policy::HashAlgorithm;
use crate::scan::html::{ScriptType, scan_html};

/// The hash-source for some bytes: `'sha256-<base64>'`.
pub fn hash_source(algorithm: HashAlgorithm, bytes: &[u8]) -> String {
    let digest = match algorithm {
        HashAlgorithm::Sha256 => Sha256::digest(bytes).to_vec(),
        HashAlgorithm::Sha384 => Sha384::digest(bytes).to_vec(),
        HashAlgorithm::Sha512 => Sha512::digest(bytes).to_vec(),
    };
    let name = match algorithm {
        HashAlgorithm::Sha256 => "sha256",
        HashAlgorithm::Sha384 => "sha384",
        HashAlgorithm::Sha512 => "sha512",
    };
    format!("'{name}-{}'", base64::engine::general_purpose::STANDARD.encode(digest))
}

/// One hashed inline block.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct HashedBlock {
    /// `script` or `style`.
    pub element: &'static str,
    /// For scripts: classic, module, import-map or speculation-rules.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub script_type: Option<ScriptType>,
    /// The hash-source to add to script-src or style-src.
    pub source: String,
    /// Line of the start tag.
    pub line: u64,
    /// The first characters of the block, on one line (for recognising it).
    pub preview: String,
}

/// Something that a hash does not cover, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SkippedItem {
    /// What it is.
    pub what: String,
    /// Why it was skipped and what to do.
    pub why: String,
    /// Line.
    pub line: u64,
}

/// The hashes of one HTML document.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct HashReport {
    /// Inline scripts, in document order.
    pub scripts: Vec<HashedBlock>,
    /// Inline styles, in document order.
    pub styles: Vec<HashedBlock>,
    /// What was not hashed.
    pub skipped: Vec<SkippedItem>,
}

/// Hashes every inline script and style of an HTML document.
pub fn hash_html(html: &str, algorithm: HashAlgorithm) -> HashReport {
    let scan = scan_html(html);
    let block = |element, b: &crate::scan::html::InlineBlock| HashedBlock {
        element,
        script_type: b.script_type,
        source: hash_source(algorithm, b.text.as_bytes()),
        line: b.line,
        preview: preview(&b.text),
    };
    HashReport {
        scripts: scan.scripts.iter().map(|b| block("script", b)).collect(),
        styles: scan.styles.iter().map(|b| block("style", b)).collect(),
        skipped: scan
            .skipped
            .into_iter()
            .map(|s| SkippedItem { what: s.what, why: s.why.to_owned(), line: s.line })
            .collect(),
    }
}

/// At most 40 characters of the block, whitespace collapsed.
fn preview(text: &str) -> String {
    let collapsed: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match collapsed.char_indices().nth(40) {
        Some((cut, _)) => format!("{}…", &collapsed[..cut]),
        None => collapsed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_digests() {
        // The empty string's SHA-256, and "alert(1)" as the CSP3 spec's example family computes it.
        assert_eq!(hash_source(HashAlgorithm::Sha256, b""), "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='");
        assert_eq!(
            hash_source(HashAlgorithm::Sha256, b"alert('Hello, world.');"),
            "'sha256-qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng='"
        );
        assert!(hash_source(HashAlgorithm::Sha384, b"x").starts_with("'sha384-"));
        assert_eq!(hash_source(HashAlgorithm::Sha512, b"x").len(), "'sha512-'".len() + 88);
    }

    #[test]
    fn hashes_what_the_parser_produces() {
        let html = "<!doctype html><script>\r\nalert('Hello, world.');\r\n</script>\
                    <style>p{color:red}</style><script src=\"https://cdn.example.com/a.js\"></script>\
                    <script type=\"application/ld+json\">{}</script><button onclick=\"go()\">x</button>\
                    <script>if (a &amp;&amp; b) {}</script><script></script>";
        let report = hash_html(html, HashAlgorithm::Sha256);
        // CRLF becomes LF before hashing.
        assert_eq!(report.scripts[0].source, hash_source(HashAlgorithm::Sha256, b"\nalert('Hello, world.');\n"));
        // Raw text: entities are not decoded.
        assert_eq!(report.scripts[1].source, hash_source(HashAlgorithm::Sha256, b"if (a &amp;&amp; b) {}"));
        assert_eq!(report.styles[0].source, hash_source(HashAlgorithm::Sha256, b"p{color:red}"));
        let skipped: Vec<&str> = report.skipped.iter().map(|s| s.what.as_str()).collect();
        assert_eq!(
            skipped,
            [
                "<script src=\"https://cdn.example.com/a.js\">",
                "<script type=\"application/ld+json\">",
                "<button onclick>",
                "empty <script>"
            ]
        );
    }
}
