//! `validate`: lint a policy list for weaknesses and mistakes, with findings that point into the
//! policy text, a score and a grade.
//!
//! Every check is a small pure function over one parsed policy ([`checks`]); the findings of the
//! policies of a list are then combined: a weakness counts only if every enforced policy has it,
//! since a request must pass all of them (CSP3 §4.1), while mistakes in a policy's text are
//! reported wherever they are.

mod bypass;
pub mod checks;
pub mod finding;
pub mod input;
pub mod profile;
pub mod rules;
pub mod score;

pub use finding::{Finding, Rule, Scope, Severity};
pub use input::{Document, HeaderValue, InputError};
pub use profile::Profile;
pub use score::Score;

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use crate::decision::PolicyList;
use crate::policy::{Directive, DirectiveName, Disposition};

/// The result of validating one policy list.
#[derive(Clone, Debug, Serialize)]
pub struct Validation {
    /// Findings, ordered by policy and position.
    pub findings: Vec<Finding>,
    /// The score and grade.
    pub score: Score,
}

impl Validation {
    /// The most serious severity among the findings.
    pub fn worst(&self) -> Option<Severity> {
        self.findings.iter().map(|f| f.severity).max()
    }
}

/// Validates a policy list (every policy a document runs under) with a profile's extra checks.
pub fn validate(list: &PolicyList, profile: Profile) -> Validation {
    let policies = &list.policies;
    let mut per_policy: Vec<Vec<Finding>> = Vec::with_capacity(policies.len());
    for (index, policy) in policies.iter().enumerate() {
        let mut found = Vec::new();
        checks::check_policy(index, policy, &mut found);
        profile.check_policy(index, policy, &mut found);
        per_policy.push(found);
    }
    if policies.is_empty() {
        // An empty header value is no policy at all: nothing is restricted.
        let findings = vec![
            Finding::new(
                &rules::MISSING_SCRIPT_SRC,
                0,
                "the policy is empty: scripts are not restricted",
                "add script-src",
            )
            .directive("script-src"),
            Finding::new(
                &rules::MISSING_OBJECT_SRC,
                0,
                "the policy is empty: plugins are not restricted",
                "add object-src 'none'",
            )
            .directive("object-src"),
        ];
        let score = score::score(list, &findings);
        return Validation { findings, score };
    }
    let enforced: Vec<usize> =
        (0..policies.len()).filter(|&i| policies[i].disposition == Disposition::Enforce).collect();
    let mut findings = Vec::new();
    let protecting = if enforced.is_empty() && !policies.is_empty() {
        findings.push(
            Finding::new(
                &rules::REPORT_ONLY_ONLY,
                0,
                "every policy is report-only: violations are reported but nothing is blocked \
                 (the findings below describe the report-only policies)",
                "once the reports are clean, send the policy as Content-Security-Policy",
            )
            .severity(Severity::High),
        );
        (0..policies.len()).collect()
    } else {
        enforced
    };
    if let [only] = protecting[..] {
        // One protecting policy (the usual case): its weaknesses are the list's.
        let mut weaknesses = Vec::new();
        for (index, found) in per_policy.into_iter().enumerate() {
            let (mistakes, list_scope): (Vec<_>, Vec<_>) = found.into_iter().partition(|f| f.scope == Scope::Policy);
            findings.extend(mistakes);
            if index == only {
                weaknesses = list_scope;
            }
        }
        findings.extend(weaknesses);
    } else {
        let list_findings = intersect(list, &per_policy, &protecting);
        for found in per_policy {
            findings.extend(found.into_iter().filter(|f| f.scope == Scope::Policy));
        }
        findings.extend(list_findings);
    }
    missing_base_uri(list, &protecting, &mut findings);
    // List-wide findings (report-only-only) first, then by policy and position.
    findings.sort_by_key(|f| {
        (f.id != rules::REPORT_ONLY_ONLY.id, f.policy, f.span.as_ref().map_or(usize::MAX, |s| s.start))
    });
    let score = score::score(list, &findings);
    Validation { findings, score }
}

/// List-scope findings that hold for the whole list: a finding of one protecting policy survives
/// if every other protecting policy has the same finding (same rule, and same value for keyed
/// rules) or leaves its area unrestricted (no directive governs it there). Each surviving finding
/// is kept once, from the first policy that has it. Counting keeps this linear in the number of
/// findings, whatever the number of policies. It is conservative: two different allow-lists whose
/// overlap is still weak (`script-src *` and `script-src 'self'`) are not reported.
fn intersect(list: &PolicyList, per_policy: &[Vec<Finding>], protecting: &[usize]) -> Vec<Finding> {
    type Key = (&'static str, Option<String>);
    let key = |f: &Finding| -> Key { (f.id, f.keyed.then(|| f.value.as_deref().unwrap_or("").to_ascii_lowercase())) };
    let unrestricted = |policy: usize, area: DirectiveName| checks::governing(&list.policies[policy], area).is_none();
    // For each key: how many policies have it, and how many of those also leave its area unrestricted.
    let mut has: HashMap<Key, (usize, usize)> = HashMap::new();
    let mut unrestricted_count: HashMap<DirectiveName, usize> = HashMap::new();
    for &index in protecting {
        let mut seen = HashSet::new();
        for finding in per_policy[index].iter().filter(|f| f.scope == Scope::List) {
            let k = key(finding);
            if seen.insert(k.clone()) {
                let entry = has.entry(k).or_default();
                entry.0 += 1;
                entry.1 += usize::from(area(finding).is_some_and(|area| unrestricted(index, area)));
            }
            if let Some(area) = area(finding) {
                unrestricted_count
                    .entry(area)
                    .or_insert_with(|| protecting.iter().filter(|&&p| unrestricted(p, area)).count());
            }
        }
    }
    let mut kept = Vec::new();
    let mut taken_from: HashMap<Key, usize> = HashMap::new();
    for &index in protecting {
        for finding in per_policy[index].iter().filter(|f| f.scope == Scope::List) {
            let k = key(finding);
            let (with_key, with_key_unrestricted) = has.get(&k).copied().unwrap_or_default();
            let without_key_unrestricted = area(finding)
                .and_then(|area| unrestricted_count.get(&area))
                .map_or(0, |&count| count.saturating_sub(with_key_unrestricted));
            let holds = with_key + without_key_unrestricted == protecting.len();
            if holds && *taken_from.entry(k).or_insert(index) == index {
                kept.push(finding.clone());
            }
        }
    }
    kept
}

/// The directive whose restrictions a list-scope finding is about (after fallback).
fn area(finding: &Finding) -> Option<DirectiveName> {
    let directive = finding.directive.as_deref().and_then(DirectiveName::from_name);
    match finding.id {
        "plain-url-scheme" | "plain-wildcard" => match directive {
            Some(DirectiveName::ObjectSrc) => Some(DirectiveName::ObjectSrc),
            Some(DirectiveName::BaseUri) => Some(DirectiveName::BaseUri),
            _ => Some(DirectiveName::ScriptSrc),
        },
        "object-bypass-host" | "object-allowlist" => Some(DirectiveName::ObjectSrc),
        "widget-connect-src-broad" => Some(DirectiveName::ConnectSrc),
        "widget-nested-frames" => Some(DirectiveName::FrameSrc),
        "require-trusted-types" => Some(DirectiveName::RequireTrustedTypesFor),
        id if id.starts_with("script-") || id == "strict-dynamic" || id == "widget-wasm-blocked" => {
            Some(DirectiveName::ScriptSrc)
        }
        // Missing-directive findings: a policy that sets the directive already restricts it.
        _ => None,
    }
}

/// base-uri matters when a policy relies on nonces (or hashes with 'strict-dynamic'): an injected
/// `<base>` then redirects the nonced scripts' relative URLs. Any protecting policy's base-uri fixes it.
fn missing_base_uri(list: &PolicyList, protecting: &[usize], out: &mut Vec<Finding>) {
    let has_base_uri = protecting.iter().any(|&i| list.policies[i].directive(DirectiveName::BaseUri).is_some());
    if has_base_uri {
        return;
    }
    let needs = |directive: &Directive| {
        checks::sources(directive).any(|(s, _)| matches!(s.expression, crate::policy::SourceExpression::Nonce { .. }))
            || (checks::has_nonce_or_hash(directive)
                && checks::has_keyword(directive, crate::policy::Keyword::StrictDynamic))
    };
    let needing = protecting.iter().find(|&&i| {
        let policy = &list.policies[i];
        checks::governing(policy, DirectiveName::ScriptSrc).is_some_and(needs)
    });
    if let Some(&index) = needing {
        out.push(
            Finding::new(
                &rules::MISSING_BASE_URI,
                index,
                "base-uri is missing: an injected <base> tag can point the relative URLs of nonced scripts \
                 at an attacker's host",
                "add base-uri 'none' (or 'self' if the page uses <base>)",
            )
            .directive("base-uri"),
        );
    }
}
