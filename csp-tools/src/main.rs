//! `csp-tools`: check requests against Content-Security-Policy headers from the command line.
//! A thin shell over the `csp_tools` library: parse arguments, read input, print results.

#![forbid(unsafe_code)]

mod cli;

use std::process::ExitCode;

use clap::Parser;

/// Validation allocates many small strings per policy (tokens, findings); mimalloc makes batches
/// of them markedly faster than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    match cli::run(args) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("csp-tools: error: {error}");
            ExitCode::from(cli::EXIT_USAGE)
        }
    }
}
