//! Deciding a request against a policy list (CSP3 §4.1.2 "Should request be blocked by Content
//! Security Policy?"): allowed only if every enforced policy allows it; report-only policies
//! only report.

use std::fmt::{self, Write};

use serde::Serialize;

use crate::matching::{Mismatch, does_url_match_expression, does_url_match_source_list};
use crate::policy::{Delivery, Directive, DirectiveName, Disposition, Policy, Source, parse_serialized_policy_list};
use crate::request::RequestKind;
use crate::url_view::{Origin, UrlView, default_port};

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

    /// Whether this verdict stops the request: an enforced policy that does not allow it.
    pub fn blocks(&self) -> bool {
        !self.allows() && self.disposition == Disposition::Enforce
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

    /// Decides a request made by a document whose self-origin is `origin`, keeping every
    /// policy's verdict so the decision can be explained.
    pub fn check<'p>(&'p self, request: &Request<'_>, origin: &Origin) -> Decision<'p> {
        let effective = request.kind.effective_directive();
        Decision { effective, verdicts: self.verdicts(effective, request, origin).collect() }
    }

    /// Whether the browser lets the request through; the same decision as [`PolicyList::check`],
    /// without collecting verdicts (the hot path of the widget guard).
    pub fn allows(&self, request: &Request<'_>, origin: &Origin) -> bool {
        !self.verdicts(request.kind.effective_directive(), request, origin).any(|verdict| verdict.blocks())
    }

    /// The verdict of each policy that has a directive governing the request.
    fn verdicts<'p>(
        &'p self,
        effective: Option<DirectiveName>,
        request: &Request<'_>,
        origin: &Origin,
    ) -> impl Iterator<Item = Verdict<'p>> {
        self.policies.iter().enumerate().filter_map(move |(index, policy)| {
            let directive = policy.governing_directive(effective?)?;
            let list = directive.source_list.as_ref()?;
            Some(Verdict {
                policy: index,
                disposition: policy.disposition,
                directive,
                matched: does_url_match_source_list(&request.url, list, origin, request.redirected),
            })
        })
    }
}

impl<'p> Decision<'p> {
    /// Whether the browser lets the request through: every enforced policy allows it.
    pub fn allowed(&self) -> bool {
        !self.verdicts.iter().any(Verdict::blocks)
    }

    /// The verdict that decided: the first enforced block, else the first enforced allow.
    pub fn deciding(&self) -> Option<&Verdict<'p>> {
        let enforced = || self.verdicts.iter().filter(|v| v.disposition == Disposition::Enforce);
        enforced().find(|v| v.blocks()).or_else(|| enforced().next())
    }

    /// Report-only policies that would report this request.
    pub fn reports(&self) -> impl Iterator<Item = &Verdict<'p>> {
        self.verdicts.iter().filter(|v| v.disposition == Disposition::Report && !v.allows())
    }

    /// A sentence a person can act on: which directive decided, which source matched, or why none did.
    pub fn reason(&self, request: &Request<'_>, origin: &Origin) -> String {
        let mut reason = String::with_capacity(160);
        // Writing into a String cannot fail.
        let _ = self.write_reason(&mut reason, request, origin);
        reason
    }

    fn write_reason(&self, out: &mut String, request: &Request<'_>, origin: &Origin) -> fmt::Result {
        let url = DisplayUrl(&request.url);
        let Some(effective) = self.effective else {
            return write!(
                out,
                "allowed: CSP does not govern top-level navigation to {url} (navigate-to was removed \
                 from CSP3); only a navigation allow-list can restrict it"
            );
        };
        let policy = |verdict: &Verdict<'_>| PolicyLabel(self.verdicts.len() > 1, verdict.policy);
        match self.deciding() {
            None => write!(
                out,
                "allowed: no enforced policy has {effective} or a directive it falls back to, so {} \
                 requests are unrestricted",
                request.kind
            )?,
            Some(verdict) if verdict.allows() => write!(
                out,
                "allowed: {url} matches {} in {}{}",
                Quoted(verdict.matched.map_or("", |s| verdict.directive.source_text(s))),
                DirectiveLabel(verdict.directive, effective),
                policy(verdict)
            )?,
            Some(verdict) => {
                write!(out, "blocked: {url}: ")?;
                write_blocked_reason(out, verdict, request, origin, effective, policy(verdict))?;
            }
        }
        for report in self.reports() {
            write!(
                out,
                "; report-only policy #{} would report it ({})",
                report.policy + 1,
                DirectiveLabel(report.directive, effective)
            )?;
        }
        Ok(())
    }
}

/// A source in single quotes, unless it is a keyword that already has them ('self').
struct Quoted<'a>(&'a str);

impl fmt::Display for Quoted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.starts_with('\'') { f.write_str(self.0) } else { write!(f, "'{}'", self.0) }
    }
}

/// " of policy #2" when the list has several policies with a say.
struct PolicyLabel(bool, usize);

impl fmt::Display for PolicyLabel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0 { write!(f, " of policy #{}", self.1 + 1) } else { Ok(()) }
    }
}

/// "connect-src" or "default-src (fallback for connect-src)".
struct DirectiveLabel<'a>(&'a Directive, DirectiveName);

impl fmt::Display for DirectiveLabel<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.known {
            Some(known) if known != self.1 => write!(f, "{known} (fallback for {})", self.1),
            _ => f.write_str(&self.0.name),
        }
    }
}

fn write_blocked_reason(
    out: &mut String,
    verdict: &Verdict<'_>,
    request: &Request<'_>,
    origin: &Origin,
    effective: DirectiveName,
    policy: PolicyLabel,
) -> fmt::Result {
    let directive = verdict.directive;
    let label = DirectiveLabel(directive, effective);
    let sources = directive.source_list.as_ref().map_or(&[][..], |list| &list.sources[..]);
    let nearest = sources
        .iter()
        .filter_map(|source| {
            let mismatch =
                does_url_match_expression(&request.url, &source.expression, origin, request.redirected).err()?;
            Some((mismatch.closeness(), mismatch, source))
        })
        .filter(|(rank, _, _)| *rank > 0)
        .max_by_key(|(rank, _, _)| *rank);
    match nearest {
        None if sources.is_empty() => write!(out, "{label}{policy} allows no URLs")?,
        None => write!(out, "{label}{policy} allows no URLs: it lists only 'none', keywords, nonces or hashes")?,
        Some((_, mismatch, source)) => write!(
            out,
            "no source in {label}{policy} matches; nearest is {} ({})",
            Quoted(directive.source_text(source)),
            mismatch.describe()
        )?,
    }
    // Least privilege: when only the path differed, suggest the path, not the whole origin.
    let url = &request.url;
    match (url.host, nearest) {
        (Some(_), Some((_, Mismatch::Path, _))) => write!(out, ". To allow it, add {} to ", DisplayUrl(url))?,
        (Some(_), _) => write!(out, ". To allow it, add {} to ", DisplayOrigin(url))?,
        (None, _) => write!(out, ". To allow it, add {}: to ", url.scheme)?,
    }
    if directive.known == Some(effective) {
        write!(out, "{effective}")
    } else {
        write!(out, "{} or define {effective}", directive.name)
    }
}

/// `scheme://host[:port]` of a URL, without allocating.
pub struct DisplayOrigin<'a, 'u>(pub &'a UrlView<'u>);

impl fmt::Display for DisplayOrigin<'_, '_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let url = self.0;
        write!(f, "{}://{}", url.scheme, url.host.unwrap_or(""))?;
        match url.port.filter(|&port| Some(port) != default_port(url.scheme)) {
            Some(port) => write!(f, ":{port}"),
            None => Ok(()),
        }
    }
}

/// The URL without query or fragment (the view never carries them): safe to print and report.
pub struct DisplayUrl<'a, 'u>(pub &'a UrlView<'u>);

impl fmt::Display for DisplayUrl<'_, '_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.host {
            Some(_) => write!(f, "{}{}", DisplayOrigin(self.0), self.0.path),
            // A hostless URL's path is its content (`data:`, `javascript:`, `blob:`): only the scheme
            // is shown, as browsers report such URLs, so reasons and reports never carry it.
            None => write!(f, "{}:", self.0.scheme),
        }
    }
}
