//! `csp-tools diff OLD NEW`: what changed between two policies, directive by directive, and
//! whether each change tightens or loosens what the browser allows, decided by the engine.
//!
//! Fetch directives are compared through their fallback lists (CSP3 §6.8.3): a change to
//! default-src is reported with the directives that inherit it, and setting connect-src where
//! default-src used to govern compares the two lists.

mod sources;

use serde::Serialize;

use crate::policy::{Delivery, Directive, DirectiveName, Disposition, Policy, parse_serialized_policy};

pub use sources::placeholder_origin;

/// What a change does to the set of things the browser allows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Effect {
    /// Allows less.
    Tightening,
    /// Allows more.
    Loosening,
    /// Allows the same.
    Neutral,
}

impl Effect {
    fn inverse(self) -> Effect {
        match self {
            Effect::Tightening => Effect::Loosening,
            Effect::Loosening => Effect::Tightening,
            Effect::Neutral => Effect::Neutral,
        }
    }

    /// The word used in human output.
    pub fn as_str(self) -> &'static str {
        match self {
            Effect::Tightening => "tightening",
            Effect::Loosening => "loosening",
            Effect::Neutral => "neutral",
        }
    }
}

/// One change between the policies.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Change {
    /// The directive whose behaviour changes.
    pub directive: String,
    /// The directive that governs it in the old → new policy, when that is a fallback.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub via: Option<String>,
    /// What changed: "added 'unsafe-inline'", "removed https://a.example", "now set"…
    pub change: String,
    /// Tightening, loosening or neutral.
    pub effect: Effect,
    /// Why, in words.
    pub reason: String,
}

/// The comparison of two policies.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct PolicyDiff {
    /// Every change, directive by directive.
    pub changes: Vec<Change>,
    /// Remarks on the inputs (several comma-joined policies, parse diagnostics).
    pub notes: Vec<String>,
}

impl PolicyDiff {
    /// Whether any change loosens the policy.
    pub fn loosens(&self) -> bool {
        self.changes.iter().any(|c| c.effect == Effect::Loosening)
    }

    /// How many changes have this effect.
    pub fn count(&self, effect: Effect) -> usize {
        self.changes.iter().filter(|c| c.effect == effect).count()
    }
}

/// Fetch directives compared through their fallback lists, in output order.
const FETCH: [DirectiveName; 15] = [
    DirectiveName::ScriptSrc,
    DirectiveName::ScriptSrcElem,
    DirectiveName::ScriptSrcAttr,
    DirectiveName::StyleSrc,
    DirectiveName::StyleSrcElem,
    DirectiveName::StyleSrcAttr,
    DirectiveName::ImgSrc,
    DirectiveName::FontSrc,
    DirectiveName::MediaSrc,
    DirectiveName::ConnectSrc,
    DirectiveName::FrameSrc,
    DirectiveName::ChildSrc,
    DirectiveName::WorkerSrc,
    DirectiveName::ManifestSrc,
    DirectiveName::ObjectSrc,
];

/// The fetch directives always shown when their governing list changes, even if neither policy
/// names them (the -elem/-attr and child-src variants are shown only when named).
fn always_shown(name: DirectiveName) -> bool {
    !matches!(
        name,
        DirectiveName::ScriptSrcElem
            | DirectiveName::ScriptSrcAttr
            | DirectiveName::StyleSrcElem
            | DirectiveName::StyleSrcAttr
            | DirectiveName::ChildSrc
    )
}

/// Directives that never fall back and restrict something once present.
const STANDALONE: [DirectiveName; 3] =
    [DirectiveName::BaseUri, DirectiveName::FormAction, DirectiveName::FrameAncestors];

/// Valueless or token directives: present restricts more (sandbox flags and trusted-types names
/// allow more as they are added).
const SWITCHES: [DirectiveName; 5] = [
    DirectiveName::Sandbox,
    DirectiveName::UpgradeInsecureRequests,
    DirectiveName::BlockAllMixedContent,
    DirectiveName::RequireTrustedTypesFor,
    DirectiveName::TrustedTypes,
];

/// Compares two serialized policies (the first policy of each comma-joined list).
pub fn diff_policies(old: &str, new: &str) -> PolicyDiff {
    let mut diff = PolicyDiff::default();
    let parse = |text: &str, label: &str, notes: &mut Vec<String>| -> Policy {
        let list = crate::PolicyList::parse(text, Disposition::Enforce);
        if list.policies.len() > 1 {
            notes.push(format!(
                "{label} joins {} policies with commas; only the first is compared",
                list.policies.len()
            ));
        }
        let policy = list.policies.into_iter().next();
        let policy = policy.unwrap_or_else(|| parse_serialized_policy("", Disposition::Enforce, Delivery::Header));
        for d in &policy.diagnostics {
            notes.push(format!("{label}: {}", d.message));
        }
        policy
    };
    let old = parse(old, "OLD", &mut diff.notes);
    let new = parse(new, "NEW", &mut diff.notes);
    for name in FETCH {
        fetch_changes(&mut diff, &old, &new, name);
    }
    for name in STANDALONE {
        let (o, n) = (old.directive(name), new.directive(name));
        match (o, n) {
            (None, None) => {}
            (None, Some(_)) => push(&mut diff, name, None, "now set".into(), Effect::Tightening, "it was unrestricted"),
            (Some(_), None) => {
                push(&mut diff, name, None, "removed".into(), Effect::Loosening, "it is now unrestricted (no fallback)")
            }
            (Some(_), Some(_)) => source_changes(&mut diff, name, None, o, n, false, false),
        }
    }
    for name in SWITCHES {
        switch_changes(&mut diff, name, old.directive(name), new.directive(name));
    }
    for (label, from, to) in [("added", &new, &old), ("removed", &old, &new)] {
        for d in from.directives.iter().filter(|d| d.known.is_none() || is_reporting(d)) {
            if !to.directives.iter().any(|o| o.name == d.name && tokens(o) == tokens(d)) {
                let why = if d.known.is_none() { "browsers ignore unknown directives" } else { "affects reports only" };
                diff.changes.push(Change {
                    directive: d.name.clone(),
                    via: None,
                    change: format!("{label} {}", tokens(d).join(" ")).trim_end().to_owned(),
                    effect: Effect::Neutral,
                    reason: why.into(),
                });
            }
        }
    }
    diff
}

fn is_reporting(d: &Directive) -> bool {
    matches!(d.known, Some(DirectiveName::ReportUri | DirectiveName::ReportTo))
}

fn tokens(d: &Directive) -> Vec<String> {
    d.value.iter().map(|t| t.text.to_ascii_lowercase()).collect()
}

fn push(diff: &mut PolicyDiff, name: DirectiveName, via: Option<String>, change: String, effect: Effect, reason: &str) {
    diff.changes.push(Change { directive: name.as_str().into(), via, change, effect, reason: reason.into() });
}

/// The directive governing `name` in a policy. script-src, style-src and child-src are not
/// effective directives of any request, so the engine has no fallback list for them; they fall
/// back to default-src when the -elem/-attr/frame/worker directives consult them.
fn governing(policy: &Policy, name: DirectiveName) -> Option<&Directive> {
    match name {
        DirectiveName::ScriptSrc | DirectiveName::StyleSrc | DirectiveName::ChildSrc => {
            policy.directive(name).or_else(|| policy.directive(DirectiveName::DefaultSrc))
        }
        _ => policy.governing_directive(name),
    }
}

fn fetch_changes(diff: &mut PolicyDiff, old: &Policy, new: &Policy, name: DirectiveName) {
    let (o, n) = (governing(old, name), governing(new, name));
    let named = old.directive(name).is_some() || new.directive(name).is_some();
    if !named && !always_shown(name) {
        return;
    }
    let label = |d: Option<&Directive>| d.map_or("nothing".to_owned(), |d| d.name.clone());
    let via = match (o.map(|d| d.known), n.map(|d| d.known)) {
        (Some(a), Some(b)) if a == b && a != Some(name) => Some(label(o)),
        (a, b) if a == b => None,
        _ => Some(format!("{} → {}", label(o), label(n))),
    };
    match (o, n) {
        (None, None) => {}
        (None, Some(_)) => {
            push(diff, name, via, "now restricted".into(), Effect::Tightening, "nothing restricted it before")
        }
        (Some(_), None) => {
            push(diff, name, via, "no longer restricted".into(), Effect::Loosening, "nothing restricts it now")
        }
        (Some(_), Some(_)) => {
            let script =
                matches!(name, DirectiveName::ScriptSrc | DirectiveName::ScriptSrcElem | DirectiveName::ScriptSrcAttr);
            let style =
                matches!(name, DirectiveName::StyleSrc | DirectiveName::StyleSrcElem | DirectiveName::StyleSrcAttr);
            source_changes(diff, name, via, o, n, script, script || style)
        }
    }
}

fn source_changes(
    diff: &mut PolicyDiff,
    name: DirectiveName,
    via: Option<String>,
    old: Option<&Directive>,
    new: Option<&Directive>,
    script: bool,
    inline: bool,
) {
    for change in sources::compare(old, new, script, inline) {
        diff.changes.push(Change {
            directive: name.as_str().into(),
            via: via.clone(),
            change: change.change,
            effect: change.effect,
            reason: change.reason,
        });
    }
}

fn switch_changes(diff: &mut PolicyDiff, name: DirectiveName, old: Option<&Directive>, new: Option<&Directive>) {
    // For sandbox, each allow-* token lifts a restriction; for trusted-types each name (and
    // 'allow-duplicates') allows more. For the others, presence is the whole meaning.
    let tokens_allow_more = matches!(name, DirectiveName::Sandbox | DirectiveName::TrustedTypes);
    match (old, new) {
        (None, None) => {}
        (None, Some(_)) => push(diff, name, None, "now set".into(), Effect::Tightening, "adds a restriction"),
        (Some(_), None) => push(diff, name, None, "removed".into(), Effect::Loosening, "drops a restriction"),
        (Some(o), Some(n)) if tokens_allow_more => {
            let (ot, nt) = (tokens(o), tokens(n));
            for t in nt.iter().filter(|t| !ot.contains(t)) {
                push(diff, name, None, format!("added {t}"), Effect::Loosening, "allows more");
            }
            for t in ot.iter().filter(|t| !nt.contains(t)) {
                push(diff, name, None, format!("removed {t}"), Effect::Tightening, "allows less");
            }
        }
        (Some(o), Some(n)) if tokens(o) != tokens(n) => push(
            diff,
            name,
            None,
            format!("value {} → {}", tokens(o).join(" "), tokens(n).join(" ")),
            Effect::Neutral,
            "review by hand",
        ),
        _ => {}
    }
}
