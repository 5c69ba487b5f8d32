//! `csp-tools infer DIR`: the least-privilege policy and `_meta` declaration of a built widget.

use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use serde::Serialize;

use csp_tools::infer::{Inferred, infer_dir};
use csp_tools::policy::HashAlgorithm;
use csp_tools::widget_meta;

use super::CliError;

/// Arguments of `csp-tools infer`.
#[derive(Args, Debug)]
pub struct InferArgs {
    /// The widget's build output directory.
    #[arg(value_name = "DIR")]
    dir: String,
    /// text (default) or json.
    #[arg(long, value_enum, default_value_t = InferFormat::Text)]
    format: InferFormat,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum InferFormat {
    Text,
    Json,
}

#[derive(Serialize)]
struct JsonOut<'a> {
    #[serde(flatten)]
    inferred: &'a Inferred,
    openai_widget_csp: serde_json::Value,
    mcp_app_csp: serde_json::Value,
}

/// Runs `csp-tools infer`.
pub fn run(args: InferArgs) -> Result<ExitCode, CliError> {
    let inferred =
        infer_dir(Path::new(&args.dir), HashAlgorithm::Sha256).map_err(|e| CliError::Usage(e.to_string()))?;
    let openai = widget_meta::to_openai(&inferred.domains);
    let mcp = widget_meta::to_mcp(&inferred.domains);
    let mut out = io::stdout().lock();
    match args.format {
        InferFormat::Json => {
            let parse = |text: &str| serde_json::from_str(text).unwrap_or(serde_json::Value::Null);
            let doc = JsonOut { inferred: &inferred, openai_widget_csp: parse(&openai), mcp_app_csp: parse(&mcp) };
            serde_json::to_writer_pretty(&mut out, &doc).map_err(io::Error::from)?;
            writeln!(out)?;
        }
        InferFormat::Text => {
            writeln!(out, "# Least-privilege policy for {} ({} files scanned)", args.dir, inferred.files)?;
            writeln!(out, "Content-Security-Policy: {}\n", inferred.policy)?;
            writeln!(out, "# _meta[\"openai/widgetCSP\"] (Apps SDK)\n{openai}")?;
            writeln!(out, "# _meta.ui.csp (MCP Apps)\n{mcp}")?;
            writeln!(out, "# Why each source is there (first use)")?;
            for e in &inferred.evidence {
                let more = if e.uses > 1 { format!(" (+{} more)", e.uses - 1) } else { String::new() };
                writeln!(out, "{} {}: {}:{}{more}", e.directive, e.source, e.first.file, e.first.line)?;
            }
            for note in &inferred.notes {
                writeln!(out, "\nnote: {note}")?;
            }
            if !inferred.unresolved.is_empty() {
                writeln!(out, "\n# Not resolved statically: not in the policy, check these by hand")?;
                for f in &inferred.unresolved {
                    let why = if f.why.is_empty() { String::new() } else { format!(" ({})", f.why) };
                    writeln!(out, "{}:{}: {}{why}", f.at.file, f.at.line, f.what)?;
                }
            }
            if !inferred.skipped.is_empty() {
                writeln!(out, "\n# Not allowed by this policy")?;
                for f in &inferred.skipped {
                    writeln!(out, "{}:{}: {}: {}", f.at.file, f.at.line, f.what, f.why)?;
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
