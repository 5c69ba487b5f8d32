//! Command-line arguments and dispatch.

mod check;
mod diff;
mod generate;
mod hash;
mod infer;
mod input;
mod progress;
mod report;
mod validate;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Exit code for bad usage or unreadable input (clap uses it for argument errors too).
pub const EXIT_USAGE: u8 = 2;

/// A CSP Level 3 policy engine for the command line.
#[derive(Parser, Debug)]
#[command(name = "csp-tools", version, about, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Decide whether a request is allowed by one or more policies, and say why.
    ///
    /// Exit status: 0 allowed, 1 blocked, 2 bad usage or input. With --batch: 0 once every line
    /// is answered (malformed lines answer {"error": …}), 2 if the input cannot be read.
    Check(check::CheckArgs),
    /// Generate a policy from a preset, a csp.toml and flags, as a header, a server config or a
    /// widget _meta declaration; or convert a _meta declaration to its header and back.
    ///
    /// Exit status: 0 printed, 2 bad usage, invalid configuration or unreadable input.
    Generate(Box<generate::GenerateArgs>),
    /// Print 'sha256-…' hash-sources for the inline <script> and <style> blocks of HTML files, and
    /// say what no hash can allow (external scripts, event-handler and style attributes).
    ///
    /// Exit status: 0 printed, 2 bad usage or unreadable input.
    Hash(hash::HashArgs),
    /// Infer the least-privilege policy and the widget _meta declaration of a built widget from
    /// what its HTML, CSS and JavaScript load; list what cannot be resolved statically.
    ///
    /// Exit status: 0 printed, 2 bad usage or unreadable input.
    Infer(infer::InferArgs),
    /// Compare two policies directive by directive; classify each change as tightening,
    /// loosening or neutral using the engine (fallbacks through default-src included).
    ///
    /// Exit status: 0 compared (also with loosening changes, unless --fail-on-loosen), 1 a change
    /// loosens and --fail-on-loosen was given, 2 bad usage or unreadable input.
    Diff(diff::DiffArgs),
    /// Lint policies for weaknesses and mistakes, with a score and a grade.
    ///
    /// Exit status: 0 no finding at or above --fail-on, 1 findings at or above it, 2 bad usage
    /// or unreadable input (in a batch: after every readable line is reported).
    Validate(validate::ValidateArgs),
}

/// An error the user can fix; printed as `csp-tools: error: …` with exit status 2.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error("{0}")]
    Usage(String),
    #[error("cannot read {path}: {source}")]
    Read { path: String, source: std::io::Error },
    #[error("cannot write output: {0}")]
    Write(#[from] std::io::Error),
}

/// Runs a parsed command line.
pub fn run(cli: Cli) -> Result<ExitCode, CliError> {
    match cli.command {
        Command::Check(args) => check::run(args),
        Command::Generate(args) => generate::run(*args),
        Command::Hash(args) => hash::run(args),
        Command::Infer(args) => infer::run(args),
        Command::Diff(args) => diff::run(args),
        Command::Validate(args) => validate::run(args),
    }
}
