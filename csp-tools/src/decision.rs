//! Deciding a request against a policy list (CSP3 §4.1.2 "Should request be blocked by Content
//! Security Policy?"): allowed only if every enforced policy allows it; report-only policies
//! only report.

use serde::Serialize;

use crate::matching::{does_url_match_expression, does_url_match_source_list, Mismatch};
use crate::policy::{
    parse_serialized_policy_list, Delivery, Directive, DirectiveName, Disposition, Policy, Source,
};
use crate::request::RequestKind;
use crate::url_view::{Origin, UrlView};

/// The policies a document runs under (CSP3 "CSP list").
#[derive(Clone, Debug, Default, Serialize)]
pub struct PolicyList {
    pub policies: Vec<Policy>,
}

/// A request to decide: its URL (already parsed), what it is for, and whether it was redirected.
#[derive(Clone, Copy, Debug)]
pub struct Request<'a> {
    pub url: UrlView<'a>,
    pub kind: RequestKind,
    /// After a redirect, source paths are ignored (CSP3 §6.7.2.6 step 3.6).
    pub redirected: bool,
}

/// One policy's say on a request.
#[derive(Clone, Debug)]
pub struct Verdict<'p> {
    /// Index of the policy in the list.
    pub policy: usize,
    pub disposition: Disposition,
    /// The directive that decided: the effective directive or the one it fell back to.
    pub directive: &'p Directive,
    /// The source that allowed the request; `None` when the policy blocks it.
    pub matched: Option<&'p Source>,
}

impl Verdict<'_> {
    /// Whether this policy allows the request.
    pub fn allows(&self) -> bool {
        self.matched.is_some()
    }
}

/// The decision on a request, with every policy's verdict so the reason can be explained.
#[derive(Clone, Debug)]
pub struct Decision<'p> {
    /// The effective directive for the request kind (`None`: CSP does not govern it).
    pub effective: Option<DirectiveName>,
    /// Verdicts of the policies that have a directive governing this request, in list order.
    pub verdicts: Vec<Verdict<'p>>,
}

impl PolicyList {
    /// A list of the policies in one header value (comma-joined policies are split).
    pub fn parse(header_value: &str, disposition: Disposition) -> Self {
        let mut list = PolicyList::default();
        list.add(header_value, disposition, Delivery::Header);
        list
    }

    /// Adds the policies of one header value or `<meta>` content.
    pub fn add(&mut self, value: &str, disposition: Disposition, delivery: Delivery) {
        self.policies.extend(parse_serialized_policy_list(value, disposition, delivery));
    }

    /// Decides a request made by a document whose self-origin is `origin`.
    pub fn check<'p>(&'p self, request: &Request<'_>, origin: &Origin) -> Decision<'p> {
        let effective = request.kind.effective_directive();
        let verdicts = effective
            .map(|effective| {
                self.policies
                    .iter()
                    .enumerate()
                    .filter_map(|(index, policy)| {
                        let directive = policy.governing_directive(effective)?;
                        let list = directive.source_list.as_ref()?;
                        Some(Verdict {
                            policy: index,
                            disposition: policy.disposition,
                            directive,
                            matched: does_url_match_source_list(&request.url, list, origin, request.redirected),
                        })
                    })
                    .collect()
            })
            .unwrap_or_default();
        Decision { effective, verdicts }
    }
}

impl<'p> Decision<'p> {
    /// Whether the browser lets the request through: every enforced policy allows it.
    pub fn allowed(&self) -> bool {
        self.verdicts.iter().all(|v| v.allows() || v.disposition == Disposition::Report)
    }

    /// The verdict that decided: the first enforced block, else the first enforced allow.
    pub fn deciding(&self) -> Option<&Verdict<'p>> {
        let enforced = || self.verdicts.iter().filter(|v| v.disposition == Disposition::Enforce);
        enforced().find(|v| !v.allows()).or_else(|| enforced().next())
    }

    /// Report-only policies that would report this request.
    pub fn reports(&self) -> impl Iterator<Item = &Verdict<'p>> {
        self.verdicts.iter().filter(|v| v.disposition == Disposition::Report && !v.allows())
    }

    /// A sentence a person can act on: which directive decided, which source matched, or why none did.
    pub fn reason(&self, request: &Request<'_>, origin: &Origin) -> String {
        let url = display_url(&request.url);
        let Some(effective) = self.effective else {
            return format!(
                "allowed: CSP does not govern top-level navigation to {url} (navigate-to was removed \
                 from CSP3); only a navigation allow-list can restrict it"
            );
        };
        let mut reason = match self.deciding() {
            None => format!(
                "allowed: no enforced policy has {} or a directive it falls back to, so {} requests \
                 are unrestricted",
                effective,
                request.kind
            ),
            Some(verdict) if verdict.allows() => {
                let source = verdict.matched.map_or("", |s| verdict.directive.source_text(s));
                format!(
                    "allowed: {url} matches '{source}' in {}{}",
                    directive_label(verdict.directive, effective),
                    self.policy_label(verdict)
                )
            }
            Some(verdict) => blocked_reason(verdict, request, origin, effective, &url, &self.policy_label(verdict)),
        };
        for report in self.reports() {
            reason.push_str(&format!(
                "; report-only policy #{} would report it ({})",
                report.policy + 1,
                directive_label(report.directive, effective)
            ));
        }
        reason
    }

    fn policy_label(&self, verdict: &Verdict<'_>) -> String {
        if self.verdicts.len() > 1 { format!(" of policy #{}", verdict.policy + 1) } else { String::new() }
    }
}

/// "connect-src" or "default-src (fallback for connect-src)".
fn directive_label(directive: &Directive, effective: DirectiveName) -> String {
    match directive.known {
        Some(known) if known != effective => format!("{known} (fallback for {effective})"),
        _ => directive.name.clone(),
    }
}

fn blocked_reason(
    verdict: &Verdict<'_>,
    request: &Request<'_>,
    origin: &Origin,
    effective: DirectiveName,
    url: &str,
    policy_label: &str,
) -> String {
    let directive = verdict.directive;
    let label = directive_label(directive, effective);
    let sources = directive.source_list.as_ref().map_or(&[][..], |list| &list.sources[..]);
    let nearest = sources
        .iter()
        .filter_map(|source| {
            let mismatch = does_url_match_expression(&request.url, &source.expression, origin, request.redirected)
                .err()?;
            Some((mismatch_rank(mismatch), mismatch, source))
        })
        .filter(|(rank, _, _)| *rank > 0)
        .max_by_key(|(rank, _, _)| *rank);
    let why = match nearest {
        None if sources.is_empty() => format!("{label}{policy_label} allows no URLs"),
        None => format!("no source in {label}{policy_label} is a URL source"),
        Some((_, mismatch, source)) => format!(
            "no source in {label}{policy_label} matches; nearest is '{}' ({})",
            directive.source_text(source),
            mismatch_text(mismatch)
        ),
    };
    let target = if directive.known == Some(effective) {
        effective.to_string()
    } else {
        format!("{} or define {effective}", directive.name)
    };
    let allow = request.url.host.map_or_else(|| format!("{}:", request.url.scheme), |_| origin_of(&request.url));
    format!("blocked: {url}: {why}. To allow it, add {allow} to {target}")
}

/// How close a mismatch came: later parts of the URL mean more of it matched.
fn mismatch_rank(mismatch: Mismatch) -> u8 {
    match mismatch {
        Mismatch::NotAUrlSource => 0,
        Mismatch::SchemeNotCoveredByStar | Mismatch::Scheme => 1,
        Mismatch::Host => 2,
        Mismatch::Port | Mismatch::InconsistentUpgrade => 3,
        Mismatch::Path => 4,
    }
}

fn mismatch_text(mismatch: Mismatch) -> &'static str {
    match mismatch {
        Mismatch::NotAUrlSource => "not a URL source",
        Mismatch::SchemeNotCoveredByStar => "'*' does not cover this scheme; list it explicitly",
        Mismatch::Scheme => "scheme differs",
        Mismatch::Host => "host differs",
        Mismatch::Port => "port differs",
        Mismatch::Path => "path differs",
        Mismatch::InconsistentUpgrade => "an http source upgrades to https only on default ports",
    }
}

fn origin_of(url: &UrlView<'_>) -> String {
    Origin::of(url).serialize()
}

/// The URL without query or fragment (the view never carries them): safe to print and report.
pub fn display_url(url: &UrlView<'_>) -> String {
    match url.host {
        Some(_) => format!("{}{}", origin_of(url), url.path),
        None => format!("{}:{}", url.scheme, url.path),
    }
}
