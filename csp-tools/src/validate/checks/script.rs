//! Checks on what may run as script: unsafe keywords, bare schemes and wildcards, missing
//! directives, and allow-listed hosts known to serve bypasses.

use crate::policy::{DirectiveName, HostPattern, Keyword, SourceExpression};
use crate::validate::bypass::{self, BypassKind};
use crate::validate::finding::Finding;
use crate::validate::rules;

use super::{Ctx, ScriptContext, governing, has_keyword, live_script_sources, script_directives, sources};

/// 'unsafe-inline', 'unsafe-hashes' and 'unsafe-eval' where they govern scripts.
pub fn unsafe_keywords(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    for directive in script_directives(ctx.policy) {
        for (source, token) in live_script_sources(directive) {
            let SourceExpression::Keyword { keyword } = source.expression else { continue };
            let (rule, message, fix) = match keyword {
                Keyword::UnsafeInline => (
                    &rules::SCRIPT_UNSAFE_INLINE,
                    "'unsafe-inline' allows the execution of injected inline scripts and event handlers",
                    "remove 'unsafe-inline'; allow inline scripts by 'nonce-…' or 'sha256-…' instead",
                ),
                Keyword::UnsafeHashes => (
                    &rules::SCRIPT_UNSAFE_HASHES,
                    "'unsafe-hashes' allows inline event handlers whose hashes are listed",
                    "move event handlers into scripts (addEventListener) and remove 'unsafe-hashes'",
                ),
                Keyword::UnsafeEval => (
                    &rules::SCRIPT_UNSAFE_EVAL,
                    "'unsafe-eval' allows code injected into eval(), Function() and string timers to run",
                    "remove 'unsafe-eval' (use 'wasm-unsafe-eval' if only WebAssembly needs it)",
                ),
                _ => continue,
            };
            out.push(
                Finding::new(rule, ctx.index, format!("{message} ({})", directive.name), fix)
                    .directive(&directive.name)
                    .at(&token.text, token.span.clone()),
            );
        }
    }
}

/// data:, http:, https: and `*` in the directives that can run script: script-src (and its
/// -elem/-attr forms), object-src and base-uri, after fallback.
pub fn plain_schemes_and_wildcards(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let policy = ctx.policy;
    // (directive, governs only scripts): a directive that also governs plugins or <base> keeps
    // the sources 'strict-dynamic' would neutralise for scripts.
    let mut checked = script_directives(policy).into_iter().map(|d| (d, true)).collect::<Vec<_>>();
    for name in [DirectiveName::ObjectSrc, DirectiveName::BaseUri] {
        let Some(directive) = governing(policy, name) else { continue };
        match checked.iter_mut().find(|(d, _)| std::ptr::eq(*d, directive)) {
            Some(entry) => entry.1 = false,
            None => checked.push((directive, false)),
        }
    }
    for (directive, for_scripts) in checked {
        let context = ScriptContext::of(directive);
        for (source, token) in sources(directive) {
            if for_scripts && context.ignores(source).is_some() {
                continue;
            }
            let finding = match &source.expression {
                SourceExpression::Scheme { scheme } if matches!(scheme.as_str(), "data" | "http" | "https") => {
                    Finding::new(
                        &rules::PLAIN_URL_SCHEME,
                        ctx.index,
                        format!("{} in {} allows scripts from any {scheme}: URL", token.text, directive.name),
                        format!(
                            "replace {} with the hosts you load from, or with nonces and 'strict-dynamic'",
                            token.text
                        ),
                    )
                }
                SourceExpression::Star => wildcard(ctx.index, &directive.name, &token.text),
                SourceExpression::Host(host) if host.host == HostPattern::Any && host.path.is_none() => {
                    wildcard(ctx.index, &directive.name, &token.text)
                }
                _ => continue,
            };
            out.push(finding.directive(&directive.name).at(&token.text, token.span.clone()));
        }
    }
}

fn wildcard(index: usize, directive: &str, token: &str) -> Finding {
    Finding::new(
        &rules::PLAIN_WILDCARD,
        index,
        format!("{token} in {directive} allows loading from any host"),
        format!("replace {token} with the hosts you need, or use 'none'"),
    )
}

/// object-src and script-src, each missing along with default-src (an empty list counts as
/// present: it allows nothing).
pub fn missing_object_and_script_src(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let policy = ctx.policy;
    if governing(policy, DirectiveName::ObjectSrc).is_none() {
        out.push(
            Finding::new(
                &rules::MISSING_OBJECT_SRC,
                ctx.index,
                "neither object-src nor default-src is set, so plugins (<object>, <embed>) can load script",
                "add object-src 'none'",
            )
            .directive("object-src"),
        );
    }
    let covered = |name| policy.directive(name).is_some();
    let script_covered = covered(DirectiveName::ScriptSrc)
        || covered(DirectiveName::DefaultSrc)
        || (covered(DirectiveName::ScriptSrcElem) && covered(DirectiveName::ScriptSrcAttr));
    if !script_covered {
        out.push(
            Finding::new(
                &rules::MISSING_SCRIPT_SRC,
                ctx.index,
                "neither script-src nor default-src is set, so scripts from anywhere can run",
                "add script-src with nonces ('nonce-…' 'strict-dynamic') or the hosts you load scripts from",
            )
            .directive("script-src"),
        );
    }
}

/// Allow-listed script hosts: known JSONP/AngularJS bypasses (high), other hosts and 'self' (low).
pub fn script_allowlist(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let policy = ctx.policy;
    let mut directives: Vec<&crate::policy::Directive> = Vec::with_capacity(2);
    for name in [DirectiveName::ScriptSrc, DirectiveName::ScriptSrcElem] {
        if let Some(directive) = governing(policy, name)
            && !directives.iter().any(|d| std::ptr::eq(*d, directive))
        {
            directives.push(directive);
        }
    }
    for directive in directives {
        if sources(directive).any(|(source, _)| source.expression == SourceExpression::None) {
            continue;
        }
        let eval = has_keyword(directive, Keyword::UnsafeEval);
        for (source, token) in live_script_sources(directive) {
            let finding = match &source.expression {
                SourceExpression::SelfOrigin => Finding::new(
                    &rules::SCRIPT_SELF,
                    ctx.index,
                    format!(
                        "'self' in {} is unsafe if the site hosts JSONP, AngularJS or user uploads",
                        directive.name
                    ),
                    "prefer nonces with 'strict-dynamic'; otherwise make sure the site serves none of these",
                ),
                // Single-label hosts (`localhost`, an unquoted `self`) are reported by other checks.
                SourceExpression::Host(host) if token.text.contains('.') => match bypass::script_bypass(host, eval) {
                    Some((kind, listed)) => Finding::new(
                        &rules::SCRIPT_BYPASS_HOST,
                        ctx.index,
                        format!(
                            "{listed} is known to host {} that bypass this policy",
                            if kind == BypassKind::Jsonp { "JSONP endpoints" } else { "AngularJS libraries" }
                        ),
                        format!("remove {} from {}; load scripts with nonces or hashes", token.text, directive.name),
                    )
                    .keyed(),
                    None => Finding::new(
                        &rules::SCRIPT_HOST_ALLOWLIST,
                        ctx.index,
                        format!(
                            "{} in {}: no bypass is known, but make sure it serves no JSONP or AngularJS",
                            token.text, directive.name
                        ),
                        "prefer nonces with 'strict-dynamic' over host allow-lists",
                    )
                    .keyed(),
                },
                _ => continue,
            };
            out.push(finding.directive(&directive.name).at(&token.text, token.span.clone()));
        }
    }
}

/// object-src allowing hosts: known Flash bypasses (high), anything but 'none' (low).
pub fn object_allowlist(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let Some(directive) = governing(ctx.policy, DirectiveName::ObjectSrc) else { return };
    if sources(directive).any(|(source, _)| source.expression == SourceExpression::None) {
        return;
    }
    let own = directive.known == Some(DirectiveName::ObjectSrc);
    for (source, token) in sources(directive) {
        let flash = match &source.expression {
            SourceExpression::Host(host) => bypass::flash_bypass(host),
            _ => None,
        };
        let finding = match flash {
            Some(listed) => Finding::new(
                &rules::OBJECT_BYPASS_HOST,
                ctx.index,
                format!("{listed} is known to host Flash files that bypass this policy"),
                format!("set object-src 'none' (remove {})", token.text),
            ),
            None if own => Finding::new(
                &rules::OBJECT_ALLOWLIST,
                ctx.index,
                format!("object-src allows {}; plugins are rarely needed", token.text),
                "set object-src 'none'",
            ),
            None => continue,
        };
        out.push(finding.directive(&directive.name).at(&token.text, token.span.clone()));
    }
}
