//! `--format human`: rustc-style diagnostics that point into the policy text with carets; colour
//! only when asked for (on a terminal by default).

use std::fmt::Write;

use csp_tools::validate::{Finding, Severity};

use super::{Checked, Location};

/// Longest stretch of policy text shown around a finding, in bytes.
const WINDOW: usize = 100;
/// Longest message shown, in characters (a 10 MB garbage directive name stays readable).
const MAX_MESSAGE: usize = 300;

/// ANSI styling, or none.
#[derive(Clone, Copy)]
pub struct Style {
    /// Whether to emit ANSI colour codes.
    pub color: bool,
}

impl Style {
    fn paint(self, code: &str, text: &str) -> String {
        if self.color { format!("\x1b[{code}m{text}\x1b[0m") } else { text.to_owned() }
    }

    fn severity_code(severity: Severity) -> &'static str {
        match severity {
            Severity::High => "1;31",
            Severity::Medium => "1;33",
            Severity::Low => "1;36",
            Severity::Info => "1;34",
        }
    }
}

/// Renders every finding of a document, then its score line.
pub fn render(checked: &Checked, style: Style, out: &mut String) {
    for finding in &checked.validation.findings {
        render_finding(checked, finding, style, out);
    }
    let count = |severity| checked.validation.findings.iter().filter(|f| f.severity == severity).count();
    let score = &checked.validation.score;
    let line = checked.document.values.first().map_or(1, |v| v.line);
    let _ = writeln!(
        out,
        "{}: score {} ({}): {} high, {} medium, {} low, {} info",
        style.paint("1", &format!("{}:{line}", clean(&checked.source))),
        score.score,
        style.paint("1", score.grade),
        count(Severity::High),
        count(Severity::Medium),
        count(Severity::Low),
        count(Severity::Info),
    );
    if !score.modifiers.is_empty() {
        let _ = writeln!(out, "  = score: 100 {}", score.modifiers.join(", "));
    }
}

fn render_finding(checked: &Checked, finding: &Finding, style: Style, out: &mut String) {
    let code = Style::severity_code(finding.severity);
    let head = format!("{}[{}]", finding.severity, finding.id);
    let _ = writeln!(out, "{}: {}", style.paint(code, &head), style.paint("1", &clean(&finding.message)));
    let arrow = style.paint("1;34", "-->");
    match checked.locate(finding) {
        Some(location) => {
            let _ = writeln!(out, "  {arrow} {}:{}:{}", clean(&checked.source), location.line, location.start_column());
            snippet(&location, style, code, out);
        }
        None => {
            let _ = writeln!(out, "  {arrow} {}:{}", clean(&checked.source), checked.line_of(finding));
        }
    }
    let bar = style.paint("1;34", "=");
    let _ = writeln!(out, "   {bar} fix: {}", clean(&finding.fix));
    if let Some(evaluator_type) = finding.evaluator_type {
        let _ = writeln!(out, "   {bar} csp_evaluator: {evaluator_type}");
    }
    out.push('\n');
}

/// The policy text around a finding with carets under it, windowed for long policies. Works in
/// byte offsets moved to character boundaries, so a long policy costs only its window.
fn snippet(location: &Location<'_>, style: Style, code: &str, out: &mut String) {
    let text = location.text;
    let floor = |mut at: usize| {
        at = at.min(text.len());
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        at
    };
    let ceil = |mut at: usize| {
        at = at.min(text.len());
        while !text.is_char_boundary(at) {
            at += 1;
        }
        at
    };
    let start = floor(location.start);
    let end = ceil(location.end.max(start));
    let (from, to) = if text.len() <= WINDOW {
        (0, text.len())
    } else {
        // 30 bytes of context before the finding, or a full window at the end of the policy.
        let from = floor(start.saturating_sub(30).min(text.len() - WINDOW));
        (from, ceil(start + WINDOW))
    };
    let mut shown: String = text[from..to].chars().map(printable).collect();
    let mut pad = text[from..start].chars().count();
    if from > 0 {
        shown.insert(0, '…');
        pad += 1;
    }
    if to < text.len() {
        shown.push('…');
    }
    let width = text[start..end.min(to).max(start)].chars().count().max(1);
    let gutter = location.line.to_string();
    let blank = " ".repeat(gutter.len());
    let bar = style.paint("1;34", "|");
    let _ = writeln!(out, " {blank} {bar}");
    let _ = writeln!(out, " {} {bar} {shown}", style.paint("1;34", &gutter));
    let _ = writeln!(out, " {blank} {bar} {}{}", " ".repeat(pad), style.paint(code, &"^".repeat(width)));
}

/// A character safe to print on a terminal (control characters would let a policy move the
/// cursor or recolour the screen).
fn printable(c: char) -> char {
    if c.is_control() { '\u{fffd}' } else { c }
}

/// A message safe and short enough to print.
fn clean(text: &str) -> String {
    let mut cleaned: String = text.chars().take(MAX_MESSAGE).map(printable).collect();
    if text.chars().nth(MAX_MESSAGE).is_some() {
        cleaned.push('…');
    }
    cleaned
}
