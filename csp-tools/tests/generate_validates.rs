//! What `generate` prints passes `validate` with no finding of medium severity or above: every
//! preset × every format, each policy the output delivers, with the profile that preset is for
//! (widget presets under `--profile widget`, site presets under the default profile).
#![cfg(feature = "tools")]

use csp_tools::PolicyList;
use csp_tools::generate::{Preset, samples};
use csp_tools::validate::{Profile, Severity, validate};

#[test]
fn every_generated_policy_validates_without_medium_findings() {
    let mut checked = 0;
    for (preset, format, rendered) in samples() {
        let Ok(rendered) = rendered else { continue }; // e.g. a report-only policy in <meta>
        let profile = match preset {
            Preset::AppsSdkWidget | Preset::McpApp => Profile::Widget,
            Preset::StrictDynamic | Preset::StaticSite => Profile::Default,
        };
        let mut list = PolicyList::default();
        for policy in &rendered.policies {
            list.add(&policy.value, policy.disposition, policy.delivery);
        }
        let validation = validate(&list, profile);
        let serious: Vec<_> = validation
            .findings
            .iter()
            .filter(|finding| finding.severity >= Severity::Medium)
            .map(|finding| format!("{} ({:?}): {}", finding.id, finding.severity, finding.message))
            .collect();
        assert!(serious.is_empty(), "{preset:?} as {format:?}:\n{}\n{}", rendered.text, serious.join("\n"));
        checked += 1;
    }
    assert!(checked >= 40, "only {checked} preset × format outputs were checked");
}
