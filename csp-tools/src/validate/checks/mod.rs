//! The checks: each is a small pure function from one parsed policy to findings.

mod directives;
mod parse;
mod script;
mod sources;
mod strict;

use crate::policy::{Directive, DirectiveName, Keyword, Policy, Source, SourceExpression, Token};

use super::finding::Finding;

/// What a check sees: one policy and its index in the list.
pub struct Ctx<'a> {
    /// Index of the policy in its list (findings carry it).
    pub index: usize,
    /// The parsed policy.
    pub policy: &'a Policy,
}

/// A check over one policy, appending its findings.
pub type Check = fn(&Ctx<'_>, &mut Vec<Finding>);

/// Every per-policy check, in report order.
pub const CHECKS: &[Check] = &[
    parse::parser_diagnostics,
    script::unsafe_keywords,
    script::plain_schemes_and_wildcards,
    script::missing_object_and_script_src,
    script::script_allowlist,
    script::object_allowlist,
    sources::ip_sources,
    sources::nonces,
    sources::http_sources,
    directives::unquoted_keywords,
    directives::trusted_types_values,
    directives::missing_semicolons,
    directives::report_uri_without_report_to,
    strict::ignored_sources,
    strict::strict_dynamic,
    strict::strict_dynamic_not_standalone,
    strict::unsafe_inline_fallback,
    strict::allowlist_fallback,
    strict::trusted_types,
];

/// Runs every per-policy check on one policy.
pub fn check_policy(index: usize, policy: &Policy, out: &mut Vec<Finding>) {
    let ctx = Ctx { index, policy };
    for check in CHECKS {
        check(&ctx, out);
    }
}

/// CSP3 §6.8.3: the directive of a policy that governs `name`, after fallback. Unlike the
/// engine's request-time lists, this also answers for script-src, style-src and child-src (each
/// falls back to default-src), which validation asks about.
pub fn governing(policy: &Policy, name: DirectiveName) -> Option<&Directive> {
    match name {
        DirectiveName::ScriptSrc | DirectiveName::StyleSrc | DirectiveName::ChildSrc => {
            policy.directive(name).or_else(|| policy.directive(DirectiveName::DefaultSrc))
        }
        _ if name.fallback_list().is_empty() => policy.directive(name),
        _ => policy.governing_directive(name),
    }
}

/// The directives that govern scripts (CSP3 §6.8.3 fallback for script-src, -elem and -attr),
/// without repeats, in that order.
pub fn script_directives(policy: &Policy) -> Vec<&Directive> {
    let mut found: Vec<&Directive> = Vec::with_capacity(3);
    for name in [DirectiveName::ScriptSrc, DirectiveName::ScriptSrcAttr, DirectiveName::ScriptSrcElem] {
        if let Some(directive) = governing(policy, name)
            && !found.iter().any(|d| std::ptr::eq(*d, directive))
        {
            found.push(directive);
        }
    }
    found
}

/// A directive's valid sources with the token each came from.
pub fn sources(directive: &Directive) -> impl Iterator<Item = (&Source, &Token)> {
    directive
        .source_list
        .iter()
        .flat_map(|list| list.sources.iter())
        .filter_map(|source| Some((source, directive.value.get(source.token)?)))
}

/// Whether a directive's source list holds this keyword.
pub fn has_keyword(directive: &Directive, keyword: Keyword) -> bool {
    sources(directive).any(|(source, _)| source.expression == SourceExpression::Keyword { keyword })
}

/// Whether a directive's source list holds a nonce or a hash.
pub fn has_nonce_or_hash(directive: &Directive) -> bool {
    sources(directive)
        .any(|(source, _)| matches!(source.expression, SourceExpression::Nonce { .. } | SourceExpression::Hash { .. }))
}

/// What in a script-governing directive makes CSP3 browsers ignore some of its sources.
#[derive(Clone, Copy)]
pub struct ScriptContext {
    strict_dynamic: bool,
    nonce_or_hash: bool,
}

impl ScriptContext {
    /// Reads the directive's source list once.
    pub fn of(directive: &Directive) -> Self {
        let mut context = ScriptContext { strict_dynamic: false, nonce_or_hash: false };
        for (source, _) in sources(directive) {
            match source.expression {
                SourceExpression::Keyword { keyword: Keyword::StrictDynamic } => context.strict_dynamic = true,
                SourceExpression::Nonce { .. } | SourceExpression::Hash { .. } => context.nonce_or_hash = true,
                _ => {}
            }
        }
        context
    }

    /// CSP3 §6.7.3.3 and §8.2: why a browser ignores a source when it governs scripts, if it does:
    /// 'unsafe-inline' next to a nonce, hash or 'strict-dynamic', and host, scheme, `*` and 'self'
    /// next to 'strict-dynamic'.
    pub fn ignores(self, source: &Source) -> Option<&'static str> {
        match &source.expression {
            SourceExpression::Keyword { keyword: Keyword::UnsafeInline } if self.nonce_or_hash => {
                Some("'unsafe-inline' is ignored when a nonce or a hash is present")
            }
            SourceExpression::Keyword { keyword: Keyword::UnsafeInline } if self.strict_dynamic => {
                Some("'unsafe-inline' is ignored next to 'strict-dynamic'")
            }
            SourceExpression::Host(_)
            | SourceExpression::Scheme { .. }
            | SourceExpression::Star
            | SourceExpression::SelfOrigin
                if self.strict_dynamic =>
            {
                Some("hosts, schemes and 'self' are ignored next to 'strict-dynamic'")
            }
            _ => None,
        }
    }
}

/// The sources of a script-governing directive that a CSP3 browser honours.
pub fn live_script_sources(directive: &Directive) -> impl Iterator<Item = (&Source, &Token)> {
    let context = ScriptContext::of(directive);
    sources(directive).filter(move |(source, _)| context.ignores(source).is_none())
}
