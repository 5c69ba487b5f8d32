//! Checks on individual tokens in any directive: IP-address hosts, nonces, plain http://.

use crate::policy::{DirectiveName, is_base64_value};
use crate::validate::finding::Finding;
use crate::validate::rules;

use super::Ctx;

/// The host of a source or URL token (`https://1.2.3.4:8080/x` → `1.2.3.4`), if it has one.
pub fn token_host(token: &str) -> Option<&str> {
    if token.starts_with('\'') {
        return None;
    }
    let scheme_end = token.find(':').filter(|&colon| token[colon + 1..].starts_with("//"));
    let rest = match scheme_end {
        Some(colon) => &token[colon + 3..],
        None if token.ends_with(':') => return None,
        None => token.strip_prefix("//").unwrap_or(token),
    };
    let end = if rest.starts_with('[') {
        rest.find(']').map_or(rest.len(), |close| close + 1)
    } else {
        rest.bytes().position(|b| matches!(b, b':' | b'/' | b'?' | b'#')).unwrap_or(rest.len())
    };
    Some(&rest[..end]).filter(|host| !host.is_empty())
}

/// Whether a host is written as an IPv4 address (four 1–3 digit groups) or a bracketed IPv6 one.
pub fn looks_like_ip(host: &str) -> bool {
    if host.starts_with('[') && host.ends_with(']') {
        return true;
    }
    // Cheap rejection first: almost every host has a letter.
    if !host.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return false;
    }
    let mut groups = 0;
    let well_formed = host.split('.').all(|group| {
        groups += 1;
        (1..=3).contains(&group.len())
    });
    well_formed && groups == 4
}

/// Sources and report URIs whose host is an IP address.
pub fn ip_sources(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    for directive in &ctx.policy.directives {
        for token in &directive.value {
            let Some(host) = token_host(&token.text).filter(|host| looks_like_ip(host)) else { continue };
            let message = if host == "127.0.0.1" {
                format!("{} allows localhost ({}); remove it in production", directive.name, token.text)
            } else {
                format!("{} names an IP address ({host}); sites are rarely served from fixed IPs", directive.name)
            };
            out.push(
                Finding::new(&rules::IP_SOURCE, ctx.index, message, format!("replace {} with a host name", token.text))
                    .directive(&directive.name)
                    .at(&token.text, token.span.clone()),
            );
        }
    }
}

/// Nonces shorter than 8 characters, and nonces outside the base64 charset (browsers ignore those).
pub fn nonces(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    for directive in &ctx.policy.directives {
        for token in &directive.value {
            let Some(value) = nonce_value(&token.text) else { continue };
            if value.len() < 8 {
                out.push(
                    Finding::new(
                        &rules::NONCE_LENGTH,
                        ctx.index,
                        format!("the nonce in {} has {} characters: it can be guessed", directive.name, value.len()),
                        "use a fresh random nonce of at least 128 bits (22 base64 characters) per response",
                    )
                    .directive(&directive.name)
                    .at(&token.text, token.span.clone()),
                );
            }
            if !is_base64_value(value) {
                out.push(
                    Finding::new(
                        &rules::NONCE_CHARSET,
                        ctx.index,
                        format!("the nonce in {} is not base64, so browsers ignore it", directive.name),
                        "encode the nonce with base64 or base64url (A-Z a-z 0-9 + / - _ and up to two '=')",
                    )
                    .directive(&directive.name)
                    .at(&token.text, token.span.clone()),
                );
            }
        }
    }
}

/// The value of a `'nonce-…'` token, if the token is shaped like one.
pub fn nonce_value(token: &str) -> Option<&str> {
    let head = token.get(..7)?;
    if !head.eq_ignore_ascii_case("'nonce-") {
        return None;
    }
    token[7..].strip_suffix('\'').filter(|value| !value.is_empty())
}

/// http:// sources and report URIs.
pub fn http_sources(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    for directive in &ctx.policy.directives {
        let reporting = directive.known == Some(DirectiveName::ReportUri);
        for token in &directive.value {
            if !token.text.get(..7).is_some_and(|head| head.eq_ignore_ascii_case("http://")) {
                continue;
            }
            let (message, fix) = if reporting {
                ("violation reports are sent over plain http://", format!("use https:// in {}", token.text))
            } else {
                (
                    "this source allows resources over plain http://, which a network attacker can replace",
                    format!(
                        "use https://{} (https also matches an http:// source, so only the https form is needed)",
                        &token.text[7..]
                    ),
                )
            };
            out.push(
                Finding::new(
                    &rules::SRC_HTTP,
                    ctx.index,
                    format!("{} in {}: {message}", token.text, directive.name),
                    fix,
                )
                .directive(&directive.name)
                .at(&token.text, token.span.clone()),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_hosts() {
        let cases = [
            ("https://1.2.3.4:8080/x", Some("1.2.3.4")),
            ("//example.com", Some("example.com")),
            ("example.com/path", Some("example.com")),
            ("http://[::1]:80", Some("[::1]")),
            ("'self'", None),
            ("https:", None),
        ];
        for (token, host) in cases {
            assert_eq!(token_host(token), host, "{token}");
        }
        assert!(
            looks_like_ip("10.0.0.1") && looks_like_ip("[::1]") && !looks_like_ip("1.2.3") && !looks_like_ip("a.b.c.d")
        );
    }
}
