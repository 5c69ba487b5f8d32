//! `validate`: any text, read as a header value, a raw header block and HTML, validated under
//! every profile. Findings point inside the input on character boundaries, come in the promised
//! order, and the score and grade follow from the findings.

use std::collections::BTreeMap;

use csp_tools::validate::score::{GRADES, penalty};
use csp_tools::validate::{Document, Profile, Severity, Validation, rules, validate};
use csp_tools::{Disposition, PolicyList};

use crate::policy_invariants::assert_span_in;

/// Every profile. The match below stops compiling when a profile is added, until it is listed here.
pub const PROFILES: [Profile; 2] = [Profile::Default, Profile::Widget];

const _: fn(Profile) = |profile| match profile {
    Profile::Default | Profile::Widget => {}
};

/// Runs every check on `text`.
pub fn check(text: &str) {
    let mut documents = vec![Document::header(text, Disposition::Enforce), Document::header(text, Disposition::Report)];
    if let Ok(headers) = Document::from_headers(text) {
        assert_values_locate_in(text, &headers, true);
        documents.push(headers);
    }
    if let Ok(html) = Document::from_html(text) {
        // `<meta>` content is entity-decoded, so only its position can be checked.
        assert_values_locate_in(text, &html, false);
        documents.push(html);
    }
    for document in &documents {
        let (list, sources) = document.policy_list();
        for (policy, &value) in list.policies.iter().zip(&sources) {
            let value = &document.values[value].text;
            let end = policy.offset + policy.text.len();
            assert_eq!(value.get(policy.offset..end), Some(policy.text.as_str()), "a policy locates in its value");
        }
        for profile in PROFILES {
            let validation = validate(&list, profile);
            assert_findings_point_inside(&list, &validation);
            assert_score_follows_findings(&list, &validation);
        }
    }
}

/// Each value read from a header block or HTML starts at its line and column of the input (and
/// is found there as written, when `as_written`).
fn assert_values_locate_in(input: &str, document: &Document, as_written: bool) {
    for value in &document.values {
        let line = value.line.checked_sub(1).and_then(|index| input.split('\n').nth(index));
        let line = line.unwrap_or_else(|| panic!("line {} is not a line of the input", value.line));
        let rest = line.get(value.column..).expect("a value's column is a char boundary of its line");
        if as_written {
            assert!(
                rest.starts_with(&value.text),
                "{:?} is not at line {} column {}",
                value.text,
                value.line,
                value.column
            );
        }
    }
}

/// Every finding names a policy of the list and spans a char-aligned range of that policy's text;
/// findings are ordered list-wide first, then by policy and position.
fn assert_findings_point_inside(list: &PolicyList, validation: &Validation) {
    for finding in &validation.findings {
        assert!(!finding.message.is_empty() && !finding.fix.is_empty(), "{finding:?}");
        if list.policies.is_empty() {
            assert_eq!(finding.policy, 0);
            assert!(finding.span.is_none());
            continue;
        }
        let policy = list.policies.get(finding.policy).expect("a finding names a policy of the list");
        if let Some(span) = &finding.span {
            assert_span_in(&policy.text, span, finding.id);
        }
    }
    let key = |f: &csp_tools::validate::Finding| {
        (f.id != rules::REPORT_ONLY_ONLY.id, f.policy, f.span.as_ref().map_or(usize::MAX, |s| s.start))
    };
    assert!(validation.findings.is_sorted_by_key(key), "findings are out of order");
}

/// The score is 100, minus one penalty per rule at its worst severity, plus bonuses only when no
/// finding is high, floored at 0; the modifiers say exactly that; the grade is the table's.
fn assert_score_follows_findings(list: &PolicyList, validation: &Validation) {
    let score = &validation.score;
    if list.policies.is_empty() {
        assert_eq!((score.score, score.grade), (0, "F"), "no policy scores 0");
        return;
    }
    let mut worst: BTreeMap<&str, Severity> = BTreeMap::new();
    for finding in &validation.findings {
        let entry = worst.entry(finding.id).or_insert(finding.severity);
        *entry = (*entry).max(finding.severity);
    }
    let mut expected_penalties: Vec<String> =
        worst.iter().filter(|(_, s)| penalty(**s) > 0).map(|(id, s)| format!("-{} {id}", penalty(*s))).collect();
    let mut penalties: Vec<String> = score.modifiers.iter().filter(|m| m.starts_with('-')).cloned().collect();
    expected_penalties.sort();
    penalties.sort();
    assert_eq!(penalties, expected_penalties, "penalties do not match the findings");
    let has_high = validation.findings.iter().any(|f| f.severity == Severity::High);
    let bonuses = score.modifiers.iter().filter(|m| m.starts_with('+')).count();
    assert!(!(has_high && bonuses > 0), "a bonus despite a high finding: {:?}", score.modifiers);
    let total: i64 = 100
        + score
            .modifiers
            .iter()
            .map(|m| m.split(' ').next().and_then(|n| n.parse::<i64>().ok()).expect("a modifier starts with ±N"))
            .sum::<i64>();
    assert_eq!(i64::from(score.score), total.max(0), "the score is not the sum of its modifiers");
    let grade = GRADES.iter().find(|(min, _)| score.score >= *min).map(|(_, grade)| *grade);
    assert_eq!(Some(score.grade), grade, "grade of score {}", score.score);
}
