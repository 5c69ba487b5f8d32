//! `--format json`: one JSON object per validated document, one per line (JSON Lines).

use serde::Serialize;

use csp_tools::validate::{Finding, Severity};

use super::Checked;

/// A document's report.
#[derive(Serialize)]
struct DocumentOut<'a> {
    source: &'a str,
    /// Input line of the (first) policy value.
    line: usize,
    score: u32,
    grade: &'static str,
    modifiers: &'a [String],
    findings: Vec<FindingOut<'a>>,
}

/// One finding, with its place in the input.
#[derive(Serialize)]
struct FindingOut<'a> {
    id: &'static str,
    severity: Severity,
    #[serde(skip_serializing_if = "Option::is_none")]
    evaluator_type: Option<&'static str>,
    /// Index of the policy in the list (comma-joined and repeated headers give several).
    policy: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    directive: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    value: Option<&'a str>,
    /// 1-based input line.
    line: usize,
    /// 1-based column (characters) of the start, when the finding points at text.
    #[serde(skip_serializing_if = "Option::is_none")]
    column: Option<usize>,
    /// Byte range in the delivered value (the header value or meta content).
    #[serde(skip_serializing_if = "Option::is_none")]
    span: Option<[usize; 2]>,
    message: &'a str,
    fix: &'a str,
}

/// A line-shaped error for a batch line that could not be validated.
#[derive(Serialize)]
struct ErrorOut<'a> {
    source: &'a str,
    line: usize,
    error: &'a str,
}

/// Renders one document as a JSON line (newline included).
pub fn render(checked: &Checked, out: &mut Vec<u8>) -> serde_json::Result<()> {
    let findings = checked.validation.findings.iter().map(|finding| finding_out(checked, finding)).collect();
    let document = DocumentOut {
        source: &checked.source,
        line: checked.document.values.first().map_or(1, |v| v.line),
        score: checked.validation.score.score,
        grade: checked.validation.score.grade,
        modifiers: &checked.validation.score.modifiers,
        findings,
    };
    serde_json::to_writer(&mut *out, &document)?;
    out.push(b'\n');
    Ok(())
}

/// Renders a batch line's error as a JSON line.
pub fn render_error(source: &str, line: usize, error: &str, out: &mut Vec<u8>) -> serde_json::Result<()> {
    serde_json::to_writer(&mut *out, &ErrorOut { source, line, error })?;
    out.push(b'\n');
    Ok(())
}

fn finding_out<'a>(checked: &'a Checked, finding: &'a Finding) -> FindingOut<'a> {
    let location = checked.locate(finding);
    FindingOut {
        id: finding.id,
        severity: finding.severity,
        evaluator_type: finding.evaluator_type,
        policy: finding.policy,
        directive: finding.directive.as_deref(),
        value: finding.value.as_deref(),
        line: location.as_ref().map_or_else(|| checked.line_of(finding), |l| l.line),
        column: location.as_ref().map(|l| l.start_column()),
        span: location.as_ref().map(|l| [l.start, l.end]),
        message: &finding.message,
        fix: &finding.fix,
    }
}
