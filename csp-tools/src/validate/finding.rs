//! What a check reports: a finding with a stable id, a severity, where it is and how to fix it.

use serde::Serialize;

use crate::policy::Span;

/// How much a finding weakens the policy, from least to most serious (ordered for `--fail-on`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Advice; costs nothing in the score.
    Info,
    /// Hardening that is worth doing, or a risk that depends on what the allowed hosts serve.
    Low,
    /// A policy that does not do what it says (ignored parts) or a real but bounded weakness.
    Medium,
    /// The policy does not stop script injection (XSS) or stops nothing at all.
    High,
}

impl Severity {
    /// Every severity, least serious first.
    pub const ALL: [Severity; 4] = [Severity::Info, Severity::Low, Severity::Medium, Severity::High];

    /// The lowercase name used on the command line and in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
        }
    }
}

impl std::str::FromStr for Severity {
    type Err = String;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        Severity::ALL
            .into_iter()
            .find(|severity| severity.as_str().eq_ignore_ascii_case(name))
            .ok_or_else(|| format!("unknown severity '{name}': use info, low, medium or high"))
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How a check's findings combine over a policy list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scope {
    /// Something wrong in one policy's text (syntax, ignored parts): reported for every policy.
    Policy,
    /// A weakness in what the policies allow: reported only if every enforced policy has it,
    /// because a request must pass all enforced policies (the effective protection is the intersection).
    List,
}

/// A check's fixed facts: its stable id, severity, csp_evaluator counterpart and one-line title.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Rule {
    /// Stable kebab-case id (`script-unsafe-inline`).
    pub id: &'static str,
    /// Default severity of its findings.
    pub severity: Severity,
    /// The csp_evaluator 1.1.8 finding type it corresponds to, when there is one.
    pub evaluator_type: Option<&'static str>,
    /// How findings combine over a policy list.
    pub scope: Scope,
    /// What the check looks for, in one line.
    pub title: &'static str,
}

/// One finding about one policy of a list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The rule's stable id.
    pub id: &'static str,
    /// How serious it is.
    pub severity: Severity,
    /// The csp_evaluator finding type, for line-by-line comparison with Google's tool.
    pub evaluator_type: Option<&'static str>,
    /// Index of the policy in the list (comma-joined and repeated headers give several).
    pub policy: usize,
    /// The directive concerned (it may be a fallback such as default-src, or a missing one).
    pub directive: Option<String>,
    /// The source expression or token concerned, as written.
    pub value: Option<String>,
    /// Byte span in the policy's text; `None` for something missing.
    pub span: Option<Span>,
    /// What is wrong.
    pub message: String,
    /// A concrete change that removes the finding.
    pub fix: String,
    /// Whether `value` tells apart findings of this rule when intersecting over a list (a host, say).
    #[serde(skip)]
    pub keyed: bool,
    /// How the rule's findings combine over a list.
    #[serde(skip)]
    pub scope: Scope,
}

impl Finding {
    /// A finding of `rule` about policy `policy`, with the rule's id, severity and evaluator type.
    pub fn new(rule: &Rule, policy: usize, message: impl Into<String>, fix: impl Into<String>) -> Self {
        Finding {
            id: rule.id,
            severity: rule.severity,
            evaluator_type: rule.evaluator_type,
            policy,
            directive: None,
            value: None,
            span: None,
            message: message.into(),
            fix: fix.into(),
            keyed: false,
            scope: rule.scope,
        }
    }

    /// Names the directive the finding is about.
    pub fn directive(mut self, directive: impl Into<String>) -> Self {
        self.directive = Some(directive.into());
        self
    }

    /// Points at a token: its text and span.
    pub fn at(mut self, value: impl Into<String>, span: Span) -> Self {
        self.value = Some(value.into());
        self.span = Some(span);
        self
    }

    /// Points at a span without naming a value (a whole directive).
    pub fn spanning(mut self, span: Span) -> Self {
        self.span = Some(span);
        self
    }

    /// Overrides the rule's severity (a finding that is worse or milder than usual).
    pub fn severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }

    /// Makes the value part of the key used to intersect findings of one rule over a list.
    pub fn keyed(mut self) -> Self {
        self.keyed = true;
        self
    }

    /// Whether two findings say the same thing (same rule, and same value for keyed rules).
    pub fn same_as(&self, other: &Finding) -> bool {
        self.id == other.id
            && (!self.keyed
                || self.value.as_deref().unwrap_or("").eq_ignore_ascii_case(other.value.as_deref().unwrap_or("")))
    }
}
