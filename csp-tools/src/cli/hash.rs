//! `csp-tools hash FILE.html…`: hash-sources for inline scripts and styles, and what was skipped.

use std::io::{self, Write};
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use serde::Serialize;

use csp_tools::hash::{HashReport, hash_html};
use csp_tools::policy::HashAlgorithm;
use csp_tools::scan::MAX_FILE_BYTES;

use super::CliError;
use super::input::read_bytes;

/// Arguments of `csp-tools hash`.
#[derive(Args, Debug)]
pub struct HashArgs {
    /// HTML files to hash ('-' for stdin).
    #[arg(required = true, value_name = "FILE.html")]
    files: Vec<String>,
    /// Digest: 256, 384 or 512 (sha256, sha384, sha512).
    #[arg(long, default_value = "256", value_parser = parse_algorithm, value_name = "BITS")]
    algorithm: HashAlgorithm,
    /// text (default) or json.
    #[arg(long, value_enum, default_value_t = HashFormat::Text)]
    format: HashFormat,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum HashFormat {
    Text,
    Json,
}

fn parse_algorithm(name: &str) -> Result<HashAlgorithm, String> {
    match name.trim_start_matches("sha").trim_start_matches('-') {
        "256" => Ok(HashAlgorithm::Sha256),
        "384" => Ok(HashAlgorithm::Sha384),
        "512" => Ok(HashAlgorithm::Sha512),
        _ => Err(format!("unknown algorithm '{name}' (expected 256, 384 or 512)")),
    }
}

#[derive(Serialize)]
struct FileReport<'a> {
    path: &'a str,
    #[serde(flatten)]
    report: HashReport,
}

#[derive(Serialize)]
struct JsonOut<'a> {
    files: Vec<FileReport<'a>>,
    script_src: Vec<String>,
    style_src: Vec<String>,
}

/// Runs `csp-tools hash`.
pub fn run(args: HashArgs) -> Result<ExitCode, CliError> {
    let mut files = Vec::with_capacity(args.files.len());
    for path in &args.files {
        let bytes = read_bytes(path, MAX_FILE_BYTES)?;
        let html = String::from_utf8(bytes).map_err(|_| {
            CliError::Usage(format!(
                "{path} is not UTF-8; browsers hash the UTF-8 encoding of the decoded text, so convert the file to UTF-8 first"
            ))
        })?;
        files.push(FileReport { path, report: hash_html(&html, args.algorithm) });
    }
    let mut script_src: Vec<String> = Vec::new();
    let mut style_src: Vec<String> = Vec::new();
    for file in &files {
        for block in &file.report.scripts {
            if !script_src.contains(&block.source) {
                script_src.push(block.source.clone());
            }
        }
        for block in &file.report.styles {
            if !style_src.contains(&block.source) {
                style_src.push(block.source.clone());
            }
        }
    }
    let mut out = io::stdout().lock();
    match args.format {
        HashFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &JsonOut { files, script_src, style_src })
                .map_err(io::Error::from)?;
            writeln!(out)?;
        }
        HashFormat::Text => {
            for file in &files {
                for block in file.report.scripts.iter().chain(&file.report.styles) {
                    writeln!(
                        out,
                        "{}:{}: <{}> {}  {}",
                        file.path, block.line, block.element, block.source, block.preview
                    )?;
                }
                for skipped in &file.report.skipped {
                    writeln!(out, "{}:{}: skipped {}: {}", file.path, skipped.line, skipped.what, skipped.why)?;
                }
            }
            if !script_src.is_empty() {
                writeln!(out, "script-src {}", script_src.join(" "))?;
            }
            if !style_src.is_empty() {
                writeln!(out, "style-src {}", style_src.join(" "))?;
            }
            if script_src.is_empty() && style_src.is_empty() {
                writeln!(out, "no inline scripts or styles to hash")?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
