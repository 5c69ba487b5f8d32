//! `validate` over every real-world policy in tests/data/real-csp.txt, as enforced headers, report-only
//! headers and `<meta>` policies, under both profiles: no panic, every span inside its policy and
//! on the value it names, every finding's rule in the rule table, and a grade for every policy.
#![cfg(not(target_arch = "wasm32"))]

use csp_tools::validate::{Profile, rules, score::GRADES, validate};
use csp_tools::{Delivery, Disposition, PolicyList};

const CORPUS: &str = include_str!("../../tests/data/real-csp.txt");

#[test]
fn every_real_policy_validates_with_sound_findings() {
    let mut findings = 0;
    for line in CORPUS.lines().filter(|line| !line.trim().is_empty()) {
        for (disposition, delivery, profile) in [
            (Disposition::Enforce, Delivery::Header, Profile::Default),
            (Disposition::Report, Delivery::Header, Profile::Widget),
            (Disposition::Enforce, Delivery::Meta, Profile::Widget),
        ] {
            let mut list = PolicyList::default();
            list.add(line, disposition, delivery);
            let validation = validate(&list, profile);
            assert!(GRADES.iter().any(|(_, grade)| *grade == validation.score.grade));
            for finding in &validation.findings {
                findings += 1;
                let rule = rules::RULES.iter().find(|rule| rule.id == finding.id);
                assert!(rule.is_some_and(|rule| rule.evaluator_type == finding.evaluator_type), "{finding:?}");
                let policy = &list.policies[finding.policy];
                if let Some(span) = &finding.span {
                    let text = policy.text.get(span.clone());
                    assert!(text.is_some(), "span out of bounds or not on a char boundary: {finding:?} in {line}");
                    if let Some(value) = &finding.value {
                        assert_eq!(text, Some(value.as_str()), "{finding:?}");
                    }
                }
            }
        }
    }
    assert!(findings > 10_000, "{findings}");
}
