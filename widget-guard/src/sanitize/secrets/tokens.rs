//! Prefixed API tokens whose format is a fixed prefix plus a charset and length: the table is
//! data, one row per prefix (GitLab, Slack, Stripe, OpenAI, Anthropic, Google, Twilio,
//! SendGrid, PyPI, Shopify).

use crate::sanitize::scan::Hit;
use crate::sanitize::text::{alnum, b64url, byte, has_at, hex_lower, run};
use crate::sanitize::{Confidence, Kind};

/// One token format.
struct Format {
    /// The literal prefix.
    prefix: &'static [u8],
    /// Allowed bytes after the prefix.
    charset: fn(u8) -> bool,
    /// Allowed length of the part after the prefix.
    len: (usize, usize),
    /// What it is.
    kind: Kind,
    /// Extra validation of the part after the prefix; the confidence when it passes.
    check: fn(&[u8]) -> Option<Confidence>,
}

fn b64url_dot(c: u8) -> bool {
    b64url(c) || c == b'.'
}
fn alnum_dash(c: u8) -> bool {
    alnum(c) || c == b'-'
}
fn hex_any(c: u8) -> bool {
    c.is_ascii_hexdigit()
}
fn medium(_: &[u8]) -> Option<Confidence> {
    Some(Confidence::Medium)
}
fn high(_: &[u8]) -> Option<Confidence> {
    Some(Confidence::High)
}
/// Mixed-case base62 with a digit: real keys are random, words and class names are not.
fn random62(t: &[u8]) -> Option<Confidence> {
    let (l, u, d) =
        (t.iter().any(u8::is_ascii_lowercase), t.iter().any(u8::is_ascii_uppercase), t.iter().any(u8::is_ascii_digit));
    (l && u && d).then_some(Confidence::Medium)
}
/// Slack: dash-separated segments, the first one numeric.
fn slack(t: &[u8]) -> Option<Confidence> {
    let first = t.split(|&c| c == b'-').next().unwrap_or_default();
    let segs = t.split(|&c| c == b'-').count();
    (segs >= 2 && !first.is_empty() && first.iter().all(u8::is_ascii_digit)).then_some(Confidence::High).or(random62(t))
}
/// OpenAI: the `T3BlbkFJ` marker (base64 of "OpenAI") makes it certain.
fn openai(t: &[u8]) -> Option<Confidence> {
    if t.windows(8).any(|w| w == b"T3BlbkFJ") { Some(Confidence::High) } else { random62(t) }
}
/// Anthropic: `api03-…AA` style, a versioned type then a long base64url body.
fn anthropic(t: &[u8]) -> Option<Confidence> {
    let dash = t.iter().position(|&c| c == b'-')?;
    let (ty, body) = (&t[..dash], &t[dash + 1..]);
    if ty.is_empty() || !ty.iter().all(u8::is_ascii_alphanumeric) || body.len() < 80 {
        return None;
    }
    Some(if body.ends_with(b"AA") { Confidence::High } else { Confidence::Medium })
}
/// SendGrid: `SG.` + 22 + `.` + 43 base64url.
fn sendgrid(t: &[u8]) -> Option<Confidence> {
    (t.len() == 66 && t[22] == b'.' && t[..22].iter().all(|&c| b64url(c)) && t[23..].iter().all(|&c| b64url(c)))
        .then_some(Confidence::High)
}

const fn f(
    prefix: &'static [u8],
    charset: fn(u8) -> bool,
    len: (usize, usize),
    kind: Kind,
    check: fn(&[u8]) -> Option<Confidence>,
) -> Format {
    Format { prefix, charset, len, kind, check }
}

/// Longer prefixes first where one is a prefix of another (`sk-ant-` before `sk-`).
const FORMATS: &[Format] = &[
    f(b"glpat-", b64url_dot, (20, 200), Kind::GitlabToken, medium),
    f(b"gldt-", b64url_dot, (20, 200), Kind::GitlabToken, medium),
    f(b"glrt-", b64url_dot, (20, 200), Kind::GitlabToken, medium),
    f(b"glptt-", b64url_dot, (20, 200), Kind::GitlabToken, medium),
    f(b"gloas-", b64url_dot, (20, 200), Kind::GitlabToken, medium),
    f(b"glcbt-", b64url_dot, (20, 200), Kind::GitlabToken, medium),
    f(b"glimt-", b64url_dot, (20, 200), Kind::GitlabToken, medium),
    f(b"glft-", b64url_dot, (20, 200), Kind::GitlabToken, medium),
    f(b"glsoat-", b64url_dot, (20, 200), Kind::GitlabToken, medium),
    f(b"xoxb-", alnum_dash, (20, 255), Kind::SlackToken, slack),
    f(b"xoxp-", alnum_dash, (20, 255), Kind::SlackToken, slack),
    f(b"xoxa-", alnum_dash, (20, 255), Kind::SlackToken, slack),
    f(b"xoxr-", alnum_dash, (20, 255), Kind::SlackToken, slack),
    f(b"xoxs-", alnum_dash, (20, 255), Kind::SlackToken, slack),
    f(b"xoxe-", alnum_dash, (20, 255), Kind::SlackToken, slack),
    f(b"xoxe.xoxp-", alnum_dash, (20, 255), Kind::SlackToken, slack),
    f(b"xapp-", alnum_dash, (20, 255), Kind::SlackToken, slack),
    f(b"sk_live_", alnum, (20, 255), Kind::StripeKey, high),
    f(b"sk_test_", alnum, (20, 255), Kind::StripeKey, high),
    f(b"rk_live_", alnum, (20, 255), Kind::StripeKey, high),
    f(b"rk_test_", alnum, (20, 255), Kind::StripeKey, high),
    f(b"whsec_", alnum, (32, 128), Kind::StripeKey, random62),
    f(b"sk-ant-", b64url, (80, 300), Kind::AnthropicKey, anthropic),
    f(b"sk-proj-", b64url, (40, 300), Kind::OpenaiKey, openai),
    f(b"sk-svcacct-", b64url, (40, 300), Kind::OpenaiKey, openai),
    f(b"sk-admin-", b64url, (40, 300), Kind::OpenaiKey, openai),
    f(b"sk-None-", b64url, (40, 300), Kind::OpenaiKey, openai),
    f(b"sk-", b64url, (32, 300), Kind::OpenaiKey, openai),
    f(b"AIza", b64url, (35, 35), Kind::GoogleApiKey, high),
    f(b"SK", hex_lower, (32, 32), Kind::TwilioKey, medium),
    f(b"AC", hex_lower, (32, 32), Kind::TwilioKey, medium),
    f(b"SG.", b64url_dot, (66, 66), Kind::SendgridKey, sendgrid),
    f(b"pypi-AgEIcHlwaS5vcmc", b64url, (50, 500), Kind::PypiToken, high),
    f(b"pypi-AgENdGVzdC5weXBpLm9yZw", b64url, (50, 500), Kind::PypiToken, high),
    f(b"shpat_", hex_any, (32, 32), Kind::ShopifyToken, high),
    f(b"shpca_", hex_any, (32, 32), Kind::ShopifyToken, high),
    f(b"shppa_", hex_any, (32, 32), Kind::ShopifyToken, high),
    f(b"shpss_", hex_any, (32, 32), Kind::ShopifyToken, high),
];

/// A prefixed token starting at `i` (a word start).
pub(crate) fn at(b: &[u8], i: usize) -> Option<Hit> {
    let c = b[i];
    // Prefilter: the first bytes of all prefixes.
    if !matches!(c, b'g' | b'x' | b's' | b'r' | b'w' | b'A' | b'S' | b'p') {
        return None;
    }
    for fmt in FORMATS.iter().filter(|f| f.prefix[0] == c) {
        if !has_at(b, i, fmt.prefix) {
            continue;
        }
        let s = i + fmt.prefix.len();
        let e = run(b, s, fmt.charset);
        // The token must end at a word end: a longer alphanumeric run is something else.
        if e - s < fmt.len.0 || e - s > fmt.len.1 || alnum(byte(b, e)) {
            continue;
        }
        if let Some(conf) = (fmt.check)(&b[s..e]) {
            return Some(Hit::new(i, e, fmt.kind, conf));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(s: &str) -> Option<Kind> {
        at(s.as_bytes(), 0).map(|h| h.kind)
    }

    #[test]
    fn table() {
        assert_eq!(kind("glpat-xYz12AbCdEfGhIjKlMnO"), Some(Kind::GitlabToken));
        assert_eq!(kind("xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx"), Some(Kind::SlackToken));
        assert_eq!(kind("sk_live_4eC39HqLyjWDarjtT1zdp7dc"), Some(Kind::StripeKey));
        assert_eq!(kind("pk_live_4eC39HqLyjWDarjtT1zdp7dc"), None, "publishable keys are public");
        assert_eq!(kind("AIzaSyD-abcdefghijklmnopqrstuvwxyz12345"), Some(Kind::GoogleApiKey));
        assert_eq!(kind("AIzaSyD-abcdefghijklmnopqrstuvwxyz1234"), None);
        assert_eq!(kind("SK0123456789abcdef0123456789abcdef"), Some(Kind::TwilioKey));
        assert_eq!(kind("sk-loading-spinner"), None);
        assert_eq!(kind("shpat_0123456789abcdef0123456789abcdef"), Some(Kind::ShopifyToken));
    }
}
