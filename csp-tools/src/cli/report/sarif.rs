//! `--format sarif`: SARIF 2.1.0, for code-scanning UIs. One run; the rules are the validate rule
//! table; each finding is a result located by line and column in the input.

use serde::Serialize;

use csp_tools::validate::{Severity, rules};

use super::Checked;

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool,
    column_kind: &'static str,
    results: Vec<SarifResult<'a>>,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: &'static str,
    rules: Vec<RuleOut>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RuleOut {
    id: &'static str,
    short_description: Text<String>,
    default_configuration: Configuration,
    properties: RuleProperties,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct RuleProperties {
    severity: Severity,
    #[serde(skip_serializing_if = "Option::is_none")]
    evaluator_type: Option<&'static str>,
}

#[derive(Serialize)]
struct Text<T> {
    text: T,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'static str,
    rule_index: usize,
    level: &'static str,
    message: Text<String>,
    locations: [LocationOut<'a>; 1],
    properties: ResultProperties<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct LocationOut<'a> {
    physical_location: PhysicalLocation<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation<'a> {
    artifact_location: ArtifactLocation<'a>,
    region: Region,
}

#[derive(Serialize)]
struct ArtifactLocation<'a> {
    uri: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    start_column: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_column: Option<usize>,
}

#[derive(Serialize)]
struct ResultProperties<'a> {
    severity: Severity,
    #[serde(skip_serializing_if = "Option::is_none")]
    evaluator_type: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    directive: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    value: Option<&'a str>,
    fix: &'a str,
    score: u32,
    grade: &'static str,
}

/// The SARIF level for a severity.
fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Info => "note",
    }
}

/// Writes one SARIF log for every validated document.
pub fn render(documents: &[Checked], out: &mut impl std::io::Write) -> serde_json::Result<()> {
    let rules = rules::RULES
        .iter()
        .map(|rule| RuleOut {
            id: rule.id,
            short_description: Text { text: rule.title.to_owned() },
            default_configuration: Configuration { level: level(rule.severity) },
            properties: RuleProperties { severity: rule.severity, evaluator_type: rule.evaluator_type },
        })
        .collect();
    let mut results = Vec::new();
    for checked in documents {
        for finding in &checked.validation.findings {
            let location = checked.locate(finding);
            let region = Region {
                start_line: location.as_ref().map_or_else(|| checked.line_of(finding), |l| l.line),
                start_column: location.as_ref().map(|l| l.start_column()),
                end_column: location.as_ref().map(|l| l.end_column()),
            };
            results.push(SarifResult {
                rule_id: finding.id,
                rule_index: rules::RULES.iter().position(|r| r.id == finding.id).unwrap_or(0),
                level: level(finding.severity),
                message: Text { text: format!("{} Fix: {}.", finding.message, finding.fix) },
                locations: [LocationOut {
                    physical_location: PhysicalLocation {
                        artifact_location: ArtifactLocation { uri: &checked.source },
                        region,
                    },
                }],
                properties: ResultProperties {
                    severity: finding.severity,
                    evaluator_type: finding.evaluator_type,
                    directive: finding.directive.as_deref(),
                    value: finding.value.as_deref(),
                    fix: &finding.fix,
                    score: checked.validation.score.score,
                    grade: checked.validation.score.grade,
                },
            });
        }
    }
    let log = Log {
        schema: "https://json.schemastore.org/sarif-2.1.0.json",
        version: "2.1.0",
        runs: [Run {
            tool: Tool { driver: Driver { name: "csp-tools", version: env!("CARGO_PKG_VERSION"), rules } },
            column_kind: "unicodeCodePoints",
            results,
        }],
    };
    serde_json::to_writer_pretty(&mut *out, &log)?;
    out.write_all(b"\n").map_err(serde_json::Error::io)
}
