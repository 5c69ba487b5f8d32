//! Comparing two source lists with the engine: a source that appears or disappears is classified
//! by asking the matcher whether the other list already allows the URLs it stands for (probes),
//! and keywords, nonces and hashes by what they switch on or off.

use crate::matching::does_url_match_source_list;
use crate::policy::{Directive, HostPattern, Keyword, PortPattern, SourceExpression, SourceList};
use crate::url_view::{Origin, UrlView};

use super::Effect;

/// The page origin `'self'` is resolved against when diffing (policies are compared in the
/// abstract, so `'self'` is a placeholder origin no host-source names).
pub fn placeholder_origin() -> Origin {
    Origin { scheme: "https".into(), host: Some("self.csp-diff.invalid".into()), port: None }
}

/// An owned URL for probing.
struct Probe {
    scheme: String,
    host: Option<String>,
    port: Option<u16>,
    path: String,
}

impl Probe {
    fn view(&self) -> UrlView<'_> {
        UrlView { scheme: &self.scheme, host: self.host.as_deref(), port: self.port, path: &self.path }
    }
}

/// URLs that a source expression matches, one per way it can match (a `*` matches four schemes).
fn probes(expression: &SourceExpression, origin: &Origin) -> Vec<Probe> {
    let web = |scheme: &str, host: &str| Probe {
        scheme: scheme.into(),
        host: Some(host.into()),
        port: None,
        path: "/".into(),
    };
    match expression {
        SourceExpression::Star => {
            ["https", "http", "wss", "ws"].iter().map(|s| web(s, "any.csp-diff.invalid")).collect()
        }
        SourceExpression::SelfOrigin => {
            vec![Probe {
                scheme: origin.scheme.clone(),
                host: origin.host.clone(),
                port: origin.port,
                path: "/".into(),
            }]
        }
        SourceExpression::Scheme { scheme } if matches!(scheme.as_str(), "http" | "https" | "ws" | "wss") => {
            vec![web(scheme, "any.csp-diff.invalid")]
        }
        SourceExpression::Scheme { scheme } => {
            vec![Probe { scheme: scheme.clone(), host: None, port: None, path: "csp-diff-probe".into() }]
        }
        SourceExpression::Host(host) => {
            // Every combination of the distinct ways the parts can match, so a narrower list that
            // happens to contain one representative URL is not mistaken for an equal one.
            let names: Vec<String> = match &host.host {
                HostPattern::Any => vec!["any.csp-diff.invalid".to_owned()],
                HostPattern::Subdomains(base) => {
                    vec![format!("csp-diff-probe.{base}"), format!("a.csp-diff-probe.{base}")]
                }
                HostPattern::Exact(name) => vec![name.clone()],
            };
            let ports: Vec<Option<u16>> = match host.port {
                PortPattern::Default => vec![None],
                PortPattern::Any => vec![None, Some(8443), Some(9)],
                PortPattern::Number(n) => vec![u16::try_from(n).ok()],
            };
            let paths: Vec<String> = match host.path.as_deref() {
                None => vec!["/".to_owned(), "/csp-diff-probe".to_owned()],
                Some(path) if path.ends_with('/') => vec![path.to_owned(), format!("{path}csp-diff-probe")],
                Some(path) => vec![path.to_owned()],
            };
            let scheme = host.scheme.clone().unwrap_or_else(|| origin.scheme.clone());
            let mut out = Vec::new();
            for name in &names {
                for port in &ports {
                    for path in &paths {
                        out.push(Probe {
                            scheme: scheme.clone(),
                            host: Some(name.clone()),
                            port: *port,
                            path: path.clone(),
                        });
                    }
                }
            }
            out
        }
        _ => Vec::new(),
    }
}

/// Whether `expression` allows some URL that `other` does not (decided by the matcher).
fn allows_more_than(expression: &SourceExpression, other: Option<&SourceList>, origin: &Origin) -> Option<String> {
    let single = SourceList { sources: vec![crate::policy::Source { token: 0, expression: expression.clone() }] };
    probes(expression, origin).into_iter().find_map(|probe| {
        let view = probe.view();
        let mine = does_url_match_source_list(&view, &single, origin, false).is_some();
        let theirs = other.is_some_and(|list| does_url_match_source_list(&view, list, origin, false).is_some());
        (mine && !theirs).then(|| crate::decision::DisplayUrl(&view).to_string())
    })
}

/// Words for what a broad source matches, instead of a probe URL.
fn describe(expression: &SourceExpression) -> Option<String> {
    match expression {
        SourceExpression::SelfOrigin => Some("the page's own origin".into()),
        SourceExpression::Star => Some("every http, https, ws and wss URL".into()),
        SourceExpression::Scheme { scheme } => Some(format!("every {scheme}: URL")),
        SourceExpression::Host(host) if host.host == HostPattern::Any => Some("every host".into()),
        _ => None,
    }
}

/// One source that is in one list and not the other (or a keyword switched on or off).
pub struct SourceChange {
    /// What changed, e.g. "added https://a.example".
    pub change: String,
    /// Its effect.
    pub effect: Effect,
    /// Why.
    pub reason: String,
}

fn has_keyword(directive: Option<&Directive>, keyword: Keyword) -> bool {
    sources(directive).any(|e| *e == SourceExpression::Keyword { keyword })
}

fn sources(directive: Option<&Directive>) -> impl Iterator<Item = &SourceExpression> {
    directive.and_then(|d| d.source_list.as_ref()).into_iter().flat_map(|l| l.sources.iter().map(|s| &s.expression))
}

/// CSP3 §6.7.3.2: 'unsafe-inline' is ignored when a nonce or hash (or, for scripts,
/// 'strict-dynamic') is present.
pub fn inline_allowed(directive: Option<&Directive>, script: bool) -> bool {
    has_keyword(directive, Keyword::UnsafeInline)
        && !sources(directive).any(|e| {
            matches!(e, SourceExpression::Nonce { .. } | SourceExpression::Hash { .. })
                || (script && *e == SourceExpression::Keyword { keyword: Keyword::StrictDynamic })
        })
}

/// The changes between the source lists of two governing directives (either may be absent).
/// `inline` says whether the directive governs inline content (script and style families); for
/// the others only URL-matching sources count, and keywords, nonces and hashes are ignored.
pub fn compare(old: Option<&Directive>, new: Option<&Directive>, script: bool, inline: bool) -> Vec<SourceChange> {
    let origin = placeholder_origin();
    let text_of = |d: &Directive| -> Vec<(String, SourceExpression)> {
        d.source_list
            .iter()
            .flat_map(|l| l.sources.iter())
            .map(|s| (d.source_text(s).to_ascii_lowercase(), s.expression.clone()))
            .collect()
    };
    let old_sources = old.map(text_of).unwrap_or_default();
    let new_sources = new.map(text_of).unwrap_or_default();
    let mut changes = Vec::new();
    for (added, mine, theirs, theirs_directive) in
        [(true, &new_sources, &old_sources, old), (false, &old_sources, &new_sources, new)]
    {
        for (text, expression) in mine.iter().filter(|(t, _)| !theirs.iter().any(|(o, _)| o == t)) {
            let url_source = matches!(
                expression,
                SourceExpression::Star
                    | SourceExpression::SelfOrigin
                    | SourceExpression::Scheme { .. }
                    | SourceExpression::Host(_)
            );
            if !inline && !url_source && *expression != SourceExpression::None {
                continue;
            }
            let this_directive = if added { new } else { old };
            let (effect, reason) = if url_source {
                let other_list = theirs_directive.and_then(|d| d.source_list.as_ref());
                match allows_more_than(expression, other_list, &origin) {
                    Some(url) => {
                        let url = describe(expression).unwrap_or(url);
                        let reason =
                            if added { format!("now allows {url}") } else { format!("no longer allows {url}") };
                        (Effect::Loosening, reason)
                    }
                    None => {
                        let other = if added { "the old list" } else { "the new list" };
                        (Effect::Neutral, format!("{other} already allows everything it matches"))
                    }
                }
            } else {
                classify(expression, this_directive, theirs_directive, script)
            };
            let effect = if added { effect } else { effect.inverse() };
            let verb = if added { "added" } else { "removed" };
            changes.push(SourceChange { change: format!("{verb} {text}"), effect, reason });
        }
    }
    let (was, is) = (inline_allowed(old, script), inline_allowed(new, script));
    let had_keyword = has_keyword(old, Keyword::UnsafeInline) && has_keyword(new, Keyword::UnsafeInline);
    if inline && had_keyword && was != is {
        changes.push(SourceChange {
            change: if is { "'unsafe-inline' in effect again" } else { "'unsafe-inline' now ignored" }.into(),
            effect: if is { Effect::Loosening } else { Effect::Tightening },
            reason: if is {
                "'unsafe-inline' takes effect again: no nonce, hash or 'strict-dynamic' is left to disable it".into()
            } else {
                "'unsafe-inline' is now ignored because a nonce, hash or 'strict-dynamic' is present".into()
            },
        });
    }
    changes
}

/// The effect of adding `expression` to a list whose other state is `this` (the list it is in)
/// and `other` (the list it is compared with); removal inverts it.
fn classify(
    expression: &SourceExpression,
    this: Option<&Directive>,
    other: Option<&Directive>,
    script: bool,
) -> (Effect, String) {
    let inline_ignored = |d: Option<&Directive>| has_keyword(d, Keyword::UnsafeInline) && !inline_allowed(d, script);
    match expression {
        SourceExpression::None => (Effect::Neutral, "'none' only matters in an otherwise empty list".into()),
        SourceExpression::Star
        | SourceExpression::SelfOrigin
        | SourceExpression::Scheme { .. }
        | SourceExpression::Host(_) => (Effect::Neutral, "compared by URL".into()),
        SourceExpression::Keyword { keyword: Keyword::UnsafeInline } if inline_ignored(this) => {
            (Effect::Neutral, "ignored: a nonce, hash or 'strict-dynamic' is present".into())
        }
        SourceExpression::Keyword { keyword } => match keyword {
            Keyword::ReportSample | Keyword::ReportSha256 | Keyword::ReportSha384 | Keyword::ReportSha512 => {
                (Effect::Neutral, "affects reports only".into())
            }
            Keyword::UnsafeInline => (Effect::Loosening, "allows every inline script or style".into()),
            Keyword::UnsafeEval => (Effect::Loosening, "allows eval() and new Function()".into()),
            Keyword::WasmUnsafeEval => (Effect::Loosening, "allows compiling WebAssembly".into()),
            Keyword::UnsafeHashes => (Effect::Loosening, "lets hashes allow event-handler attributes".into()),
            Keyword::StrictDynamic => {
                (Effect::Loosening, "trusted scripts may load any script (host lists are then ignored)".into())
            }
            _ => (Effect::Loosening, "allows more inline behaviour".into()),
        },
        SourceExpression::Nonce { .. } | SourceExpression::Hash { .. } => {
            if inline_allowed(other, script) {
                (Effect::Neutral, "inline blocks were all allowed by 'unsafe-inline' anyway".into())
            } else {
                (Effect::Loosening, "allows the inline blocks it names".into())
            }
        }
    }
}
