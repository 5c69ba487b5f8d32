//! Checks on directive names and non-source-list values: unquoted keywords, Trusted Types values,
//! missing semicolons, reporting.

use crate::policy::DirectiveName;
use crate::validate::finding::Finding;
use crate::validate::rules;

use super::Ctx;

/// Directive names removed from CSP (or never shipped) that still appear in policies.
pub const RETIRED: [&str; 8] = [
    "reflected-xss",
    "referrer",
    "disown-opener",
    "prefetch-src",
    "plugin-types",
    "navigate-to",
    "policy-uri",
    "allow",
];

/// Keywords people write without their quotes; each is a valid host name, so browsers read `self`
/// as the host `self`.
const KEYWORD_NAMES: [&str; 15] = [
    "self",
    "none",
    "unsafe-inline",
    "unsafe-eval",
    "wasm-unsafe-eval",
    "strict-dynamic",
    "unsafe-hashes",
    "report-sample",
    "unsafe-allow-redirects",
    "trusted-types-eval",
    "report-sha256",
    "report-sha384",
    "report-sha512",
    "inline-speculation-rules",
    "unsafe-webtransport-hashes",
];

/// `self`, `unsafe-inline`, `nonce-…`, `sha256-…` written without single quotes in a source list.
pub fn unquoted_keywords(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    for directive in &ctx.policy.directives {
        if directive.source_list.is_none() {
            continue;
        }
        for token in &directive.value {
            let text = token.text.as_str();
            // Hosts, schemes and quoted keywords (almost every token) are ruled out at a glance.
            if text.starts_with('\'') || text.contains(['.', ':', '/']) {
                continue;
            }
            let starts = |prefix: &str| text.get(..prefix.len()).is_some_and(|head| head.eq_ignore_ascii_case(prefix));
            let shaped = KEYWORD_NAMES.iter().any(|name| name.eq_ignore_ascii_case(text))
                || ["nonce-", "sha256-", "sha384-", "sha512-"].into_iter().any(starts);
            if shaped {
                out.push(
                    Finding::new(
                        &rules::INVALID_KEYWORD,
                        ctx.index,
                        format!(
                            "{text} in {} is read as a host name, not a keyword: the quotes are missing",
                            directive.name
                        ),
                        format!("write '{text}'"),
                    )
                    .directive(&directive.name)
                    .at(text, token.span.clone()),
                );
            }
        }
    }
}

/// require-trusted-types-for takes only 'script'; trusted-types takes policy names, `*`, 'none'
/// and 'allow-duplicates'.
pub fn trusted_types_values(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    for directive in &ctx.policy.directives {
        let valid: fn(&str) -> bool = match directive.known {
            Some(DirectiveName::RequireTrustedTypesFor) => |t| t == "'script'",
            Some(DirectiveName::TrustedTypes) => |t| {
                matches!(t, "'none'" | "'allow-duplicates'" | "*")
                    || (!t.starts_with('\'')
                        && t.bytes().all(|b| b.is_ascii_alphanumeric() || b"-#=_/@.%".contains(&b)))
            },
            _ => continue,
        };
        for token in directive.value.iter().filter(|token| !valid(&token.text)) {
            let fix = if directive.known == Some(DirectiveName::RequireTrustedTypesFor) {
                "write require-trusted-types-for 'script'"
            } else {
                "list policy names, '*', 'none' or 'allow-duplicates'"
            };
            out.push(
                Finding::new(
                    &rules::INVALID_KEYWORD,
                    ctx.index,
                    format!("{} is not a valid value of {}; browsers ignore it", token.text, directive.name),
                    fix,
                )
                .directive(&directive.name)
                .at(&token.text, token.span.clone()),
            );
        }
    }
}

/// A directive name among a directive's values: most likely a forgotten `;`.
pub fn missing_semicolons(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    for directive in &ctx.policy.directives {
        for token in &directive.value {
            let text = token.text.as_str();
            if !text.bytes().all(|b| b.is_ascii_alphabetic() || b == b'-') {
                continue;
            }
            if DirectiveName::from_name(text).is_some() || RETIRED.iter().any(|name| name.eq_ignore_ascii_case(text)) {
                out.push(
                    Finding::new(
                        &rules::MISSING_SEMICOLON,
                        ctx.index,
                        format!("{} in {} looks like a directive: is a ';' missing?", token.text, directive.name),
                        format!("insert '; ' before {}", token.text),
                    )
                    .directive(&directive.name)
                    .at(&token.text, token.span.clone()),
                );
            }
        }
    }
}

/// report-uri without report-to: report-uri is deprecated, report-to is what browsers move to.
pub fn report_uri_without_report_to(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let policy = ctx.policy;
    let Some(report_uri) = policy.directive(DirectiveName::ReportUri) else { return };
    if policy.directive(DirectiveName::ReportTo).is_none() {
        out.push(
            Finding::new(
                &rules::REPORT_URI_WITHOUT_REPORT_TO,
                ctx.index,
                "report-uri is deprecated; browsers that support report-to prefer it",
                "add report-to with an endpoint named in a Reporting-Endpoints header, and keep report-uri for older browsers",
            )
            .directive("report-uri")
            .spanning(report_uri.span.clone()),
        );
    }
}
