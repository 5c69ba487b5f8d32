//! Score and grade, in the style of Mozilla Observatory: start at 100, subtract a penalty per
//! rule with findings (once per rule, whatever the number of findings), add bonuses for strong
//! settings when nothing high was found, and map the score to a letter grade.

use serde::Serialize;

use crate::decision::PolicyList;
use crate::policy::{DirectiveName, Disposition, Keyword, SourceExpression};

use super::checks::{governing, has_keyword, has_nonce_or_hash, sources};
use super::finding::{Finding, Severity};

/// A score out of 100 (bonuses can lift it above) and its grade.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Score {
    /// 0 and up; 100 is a policy with no penalties.
    pub score: u32,
    /// A+ to F.
    pub grade: &'static str,
    /// Each modifier applied, e.g. `-20 script-unsafe-inline`, `+5 strict-dynamic`.
    pub modifiers: Vec<String>,
}

/// The penalty for a rule whose findings have this (worst) severity.
pub fn penalty(severity: Severity) -> u32 {
    match severity {
        Severity::High => 20,
        Severity::Medium => 10,
        Severity::Low => 5,
        Severity::Info => 0,
    }
}

/// Observatory's grade table: the lowest score for each grade.
pub const GRADES: [(u32, &str); 13] = [
    (100, "A+"),
    (90, "A"),
    (85, "A-"),
    (80, "B+"),
    (70, "B"),
    (65, "B-"),
    (60, "C+"),
    (50, "C"),
    (45, "C-"),
    (40, "D+"),
    (30, "D"),
    (25, "D-"),
    (0, "F"),
];

/// Scores a validated list: penalties per rule, then bonuses.
pub fn score(list: &PolicyList, findings: &[Finding]) -> Score {
    let mut modifiers = Vec::new();
    let mut total: i64 = 100;
    let mut seen: Vec<(&str, Severity)> = Vec::new();
    for finding in findings {
        match seen.iter_mut().find(|(id, _)| *id == finding.id) {
            Some((_, worst)) => *worst = (*worst).max(finding.severity),
            None => seen.push((finding.id, finding.severity)),
        }
    }
    for (id, severity) in &seen {
        let cost = penalty(*severity);
        if cost > 0 {
            total -= i64::from(cost);
            modifiers.push(format!("-{cost} {id}"));
        }
    }
    if list.policies.is_empty() {
        return Score { score: 0, grade: "F", modifiers: vec!["-100 no policy".to_owned()] };
    }
    if !seen.iter().any(|(_, severity)| *severity == Severity::High) {
        for (bonus, name) in bonuses(list) {
            total += i64::from(bonus);
            modifiers.push(format!("+{bonus} {name}"));
        }
    }
    let score = u32::try_from(total.max(0)).unwrap_or(0);
    let grade = GRADES.iter().find(|(min, _)| score >= *min).map_or("F", |(_, grade)| grade);
    Score { score, grade, modifiers }
}

/// Bonuses, each earned by some enforced policy: nonces or hashes with 'strict-dynamic' (+10),
/// default-src 'none' (+5), Trusted Types required (+5), frame-ancestors set (+5).
fn bonuses(list: &PolicyList) -> Vec<(u32, &'static str)> {
    let enforced = || list.policies.iter().filter(|p| p.disposition == Disposition::Enforce);
    let mut earned = Vec::new();
    let strict = enforced().any(|p| {
        governing(p, DirectiveName::ScriptSrc)
            .is_some_and(|d| has_nonce_or_hash(d) && has_keyword(d, Keyword::StrictDynamic))
    });
    if strict {
        earned.push((10, "nonce or hash with 'strict-dynamic'"));
    }
    let default_none = enforced().any(|p| {
        p.directive(DirectiveName::DefaultSrc)
            .is_some_and(|d| sources(d).all(|(s, _)| s.expression == SourceExpression::None))
    });
    if default_none {
        earned.push((5, "default-src 'none'"));
    }
    let trusted_types = enforced().any(|p| {
        p.directive(DirectiveName::RequireTrustedTypesFor).is_some_and(|d| d.value.iter().any(|t| t.text == "'script'"))
    });
    if trusted_types {
        earned.push((5, "require-trusted-types-for 'script'"));
    }
    if enforced().any(|p| p.directive(DirectiveName::FrameAncestors).is_some()) {
        earned.push((5, "frame-ancestors"));
    }
    earned
}
