//! Parser diagnostics (what browsers ignore) as findings.

use crate::policy::DiagnosticKind;
use crate::validate::finding::Finding;
use crate::validate::rules;

use super::Ctx;
use super::directives::RETIRED;
use super::sources::nonce_value;

/// Maps each parse diagnostic of the policy to a finding with a rule, a span and a fix.
pub fn parser_diagnostics(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let text = &ctx.policy.text;
    for diagnostic in &ctx.policy.diagnostics {
        let spanned = text.get(diagnostic.span.clone()).unwrap_or("");
        let name = spanned.split(|c: char| c.is_ascii_whitespace()).next().unwrap_or("").to_ascii_lowercase();
        let (rule, fix) = match diagnostic.kind {
            DiagnosticKind::UnknownDirective if RETIRED.contains(&name.as_str()) => {
                (&rules::DEPRECATED_DIRECTIVE, format!("remove {name}"))
            }
            DiagnosticKind::UnknownDirective => {
                (&rules::UNKNOWN_DIRECTIVE, format!("check the spelling of {name}, or remove it"))
            }
            DiagnosticKind::InvalidDirectiveName => {
                let fix = match name.strip_suffix(':') {
                    Some(bare) => format!("write {bare} without the colon"),
                    None => "use a directive name of letters, digits and '-'".to_owned(),
                };
                (&rules::UNKNOWN_DIRECTIVE, fix)
            }
            DiagnosticKind::DuplicateDirective => {
                (&rules::DUPLICATE_DIRECTIVE, format!("merge this {name} into the first one, then remove it"))
            }
            DiagnosticKind::InvalidCharacters => (
                &rules::INVALID_CHARACTERS,
                "Punycode-encode international host names and percent-encode paths".to_owned(),
            ),
            DiagnosticKind::IgnoredInMeta => {
                (&rules::IGNORED_IN_META, format!("send {name} in a Content-Security-Policy header"))
            }
            DiagnosticKind::IgnoredInReportOnly => {
                (&rules::IGNORED_IN_REPORT_ONLY, format!("move {name} to an enforced policy"))
            }
            // The nonce check reports malformed nonces with their own rule.
            DiagnosticKind::InvalidSource if nonce_value(spanned).is_some() => continue,
            DiagnosticKind::InvalidSource if spanned.starts_with('\'') => {
                (&rules::INVALID_KEYWORD, format!("remove {spanned} or correct the keyword"))
            }
            DiagnosticKind::InvalidSource => (&rules::INVALID_SOURCE, format!("remove {spanned} or correct it")),
            DiagnosticKind::PartlyIgnoredSource => {
                (&rules::IGNORED_PART, "remove the query or fragment from the source".to_owned())
            }
            DiagnosticKind::NoneWithOtherSources => (&rules::IGNORED_PART, "remove 'none'".to_owned()),
            DiagnosticKind::IgnoredValue => (&rules::IGNORED_PART, "remove the value".to_owned()),
            // Reported by the missing-semicolon check, for every directive.
            DiagnosticKind::MissingSemicolon => continue,
        };
        let mut finding = Finding::new(rule, ctx.index, diagnostic.message.clone(), fix);
        finding.span = Some(diagnostic.span.clone());
        finding.directive = directive_at(ctx, diagnostic.span.start);
        if matches!(diagnostic.kind, DiagnosticKind::InvalidSource | DiagnosticKind::PartlyIgnoredSource) {
            finding.value = Some(spanned.to_owned());
        }
        out.push(finding);
    }
}

/// The name of the directive whose text contains byte `at`, read from the policy text.
fn directive_at(ctx: &Ctx<'_>, at: usize) -> Option<String> {
    let text = &ctx.policy.text;
    let start = text.get(..at)?.rfind(';').map_or(0, |semicolon| semicolon + 1);
    let name = text[start..].trim_start_matches(|c: char| c.is_ascii_whitespace());
    let name = name.split(|c: char| c.is_ascii_whitespace() || c == ';').next()?;
    Some(name.to_ascii_lowercase()).filter(|name| !name.is_empty())
}
