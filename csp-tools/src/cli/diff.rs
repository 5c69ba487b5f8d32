//! `csp-tools diff OLD NEW`: each change between two policies, tightening, loosening or neutral.

use std::io::{self, Write};
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use serde::Serialize;

use csp_tools::diff::{Effect, PolicyDiff, diff_policies};

use super::CliError;
use super::input::read_text;

/// Largest policy file read with @FILE.
const MAX_POLICY_BYTES: usize = 1 << 20;

/// Arguments of `csp-tools diff`.
#[derive(Args, Debug)]
pub struct DiffArgs {
    /// The old policy, or @FILE to read it (a header value, or a `Content-Security-Policy:` line).
    #[arg(value_name = "OLD")]
    old: String,
    /// The new policy, or @FILE.
    #[arg(value_name = "NEW")]
    new: String,
    /// text (default) or json.
    #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
    format: DiffFormat,
    /// Exit 1 when any change loosens the policy (for CI).
    #[arg(long)]
    fail_on_loosen: bool,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum DiffFormat {
    Text,
    Json,
}

#[derive(Serialize)]
struct Summary {
    tightening: usize,
    loosening: usize,
    neutral: usize,
}

#[derive(Serialize)]
struct JsonOut<'a> {
    #[serde(flatten)]
    diff: &'a PolicyDiff,
    summary: Summary,
}

/// A policy argument: literal text, or @FILE; a leading header name is dropped.
fn policy_arg(arg: &str) -> Result<String, CliError> {
    let text = match arg.strip_prefix('@') {
        Some(path) => read_text(path, MAX_POLICY_BYTES)?,
        None => arg.to_owned(),
    };
    let trimmed = text.trim();
    for name in ["content-security-policy:", "content-security-policy-report-only:"] {
        if trimmed.get(..name.len()).is_some_and(|head| head.eq_ignore_ascii_case(name)) {
            return Ok(trimmed[name.len()..].trim().to_owned());
        }
    }
    Ok(trimmed.to_owned())
}

/// Runs `csp-tools diff`.
pub fn run(args: DiffArgs) -> Result<ExitCode, CliError> {
    let diff = diff_policies(&policy_arg(&args.old)?, &policy_arg(&args.new)?);
    let summary = Summary {
        tightening: diff.count(Effect::Tightening),
        loosening: diff.count(Effect::Loosening),
        neutral: diff.count(Effect::Neutral),
    };
    let mut out = io::stdout().lock();
    match args.format {
        DiffFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &JsonOut { diff: &diff, summary }).map_err(io::Error::from)?;
            writeln!(out)?;
        }
        DiffFormat::Text => {
            for note in &diff.notes {
                eprintln!("note: {note}");
            }
            for c in &diff.changes {
                let via = c.via.as_ref().map(|v| format!(" (via {v})")).unwrap_or_default();
                writeln!(out, "{:<10} {}{via}: {}: {}", c.effect.as_str(), c.directive, c.change, c.reason)?;
            }
            if diff.changes.is_empty() {
                writeln!(out, "no changes")?;
            }
            writeln!(
                out,
                "{} tightening, {} loosening, {} neutral",
                summary.tightening, summary.loosening, summary.neutral
            )?;
        }
    }
    Ok(ExitCode::from(if args.fail_on_loosen && diff.loosens() { 1 } else { 0 }))
}
