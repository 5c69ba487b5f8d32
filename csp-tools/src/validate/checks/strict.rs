//! Strict-CSP recommendations (nonces or hashes with 'strict-dynamic', fallbacks for old
//! browsers, Trusted Types), and the sources CSP3 browsers ignore.

use crate::policy::{DirectiveName, Keyword, SourceExpression};
use crate::validate::finding::Finding;
use crate::validate::rules;

use super::{Ctx, ScriptContext, governing, has_keyword, has_nonce_or_hash, script_directives, sources};

/// Sources that a CSP3 browser ignores in script directives, so nobody relies on them.
pub fn ignored_sources(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    for directive in script_directives(ctx.policy) {
        let context = ScriptContext::of(directive);
        for (source, token) in sources(directive) {
            if let Some(reason) = context.ignores(source) {
                out.push(
                    Finding::new(
                        &rules::IGNORED_SOURCE,
                        ctx.index,
                        format!("{} in {}: {reason} (kept only for older browsers)", token.text, directive.name),
                        "nothing to do if it is a deliberate fallback for older browsers",
                    )
                    .directive(&directive.name)
                    .at(&token.text, token.span.clone()),
                );
            }
        }
    }
}

/// script-src (or default-src) allow-lists hosts or schemes without 'strict-dynamic'.
pub fn strict_dynamic(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let Some(directive) = governing(ctx.policy, DirectiveName::ScriptSrc) else { return };
    let allowlist = sources(directive).any(|(source, _)| {
        matches!(
            source.expression,
            SourceExpression::Host(_) | SourceExpression::Scheme { .. } | SourceExpression::Star
        )
    });
    if allowlist && !has_keyword(directive, Keyword::StrictDynamic) {
        out.push(
            Finding::new(
                &rules::STRICT_DYNAMIC,
                ctx.index,
                format!("{} relies on a host allow-list, which can often be bypassed", directive.name),
                format!("use nonces or hashes with 'strict-dynamic' in {}", directive.name),
            )
            .directive(&directive.name)
            .spanning(directive.span.clone()),
        );
    }
}

/// 'strict-dynamic' with neither a nonce nor a hash: no script can load at all.
pub fn strict_dynamic_not_standalone(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let Some(directive) = governing(ctx.policy, DirectiveName::ScriptSrc) else { return };
    if has_keyword(directive, Keyword::StrictDynamic) && !has_nonce_or_hash(directive) {
        out.push(
            Finding::new(
                &rules::STRICT_DYNAMIC_NOT_STANDALONE,
                ctx.index,
                format!("'strict-dynamic' in {} without a nonce or a hash blocks every script", directive.name),
                "add a 'nonce-…' (fresh per response) or the 'sha256-…' hashes of your scripts",
            )
            .directive(&directive.name)
            .spanning(directive.span.clone()),
        );
    }
}

/// Nonces or hashes without 'unsafe-inline' for browsers that predate them (CSP1).
pub fn unsafe_inline_fallback(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let Some(directive) = governing(ctx.policy, DirectiveName::ScriptSrc) else { return };
    if has_nonce_or_hash(directive) && !has_keyword(directive, Keyword::UnsafeInline) {
        out.push(
            Finding::new(
                &rules::UNSAFE_INLINE_FALLBACK,
                ctx.index,
                format!("{} has nonces or hashes but no 'unsafe-inline' fallback for CSP1 browsers", directive.name),
                "add 'unsafe-inline' (browsers that support nonces and hashes ignore it)",
            )
            .directive(&directive.name)
            .spanning(directive.span.clone()),
        );
    }
}

/// 'strict-dynamic' without an https: (or host) fallback for CSP2 browsers.
pub fn allowlist_fallback(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let Some(directive) = governing(ctx.policy, DirectiveName::ScriptSrc) else { return };
    if !has_keyword(directive, Keyword::StrictDynamic) {
        return;
    }
    let fallback = sources(directive).any(|(source, token)| match &source.expression {
        SourceExpression::Scheme { scheme } => scheme == "http" || scheme == "https",
        SourceExpression::Star => true,
        SourceExpression::Host(_) => token.text.contains('.'),
        _ => false,
    });
    if !fallback {
        out.push(
            Finding::new(
                &rules::ALLOWLIST_FALLBACK,
                ctx.index,
                format!("{} uses 'strict-dynamic' without an https: fallback for CSP2 browsers", directive.name),
                "add https: (browsers that support 'strict-dynamic' ignore it)",
            )
            .directive(&directive.name)
            .spanning(directive.span.clone()),
        );
    }
}

/// No `require-trusted-types-for 'script'`.
pub fn trusted_types(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let directive = ctx.policy.directive(DirectiveName::RequireTrustedTypesFor);
    if directive.is_some_and(|d| d.value.iter().any(|t| t.text == "'script'")) {
        return;
    }
    out.push(
        Finding::new(
            &rules::TRUSTED_TYPES,
            ctx.index,
            "DOM XSS sinks (innerHTML, eval…) accept plain strings: Trusted Types are not required",
            "add require-trusted-types-for 'script' (try it in a report-only policy first)",
        )
        .directive("require-trusted-types-for"),
    );
}
