//! `csp-tools validate`: lint policies from an argument, a batch file, a header block, HTML or
//! stdin, and print findings as human diagnostics, JSON Lines or SARIF.

use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, IsTerminal, Read, Write};
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use rayon::prelude::*;

use csp_tools::Disposition;
use csp_tools::validate::{Document, Profile, Severity};

use super::CliError;
use super::progress::Progress;
use super::report::{self, Checked, human::Style};

/// Browsers refuse response headers over 256 KiB (Chromium's limit), so no longer value is a policy.
pub const MAX_POLICY_BYTES: usize = 256 * 1024;
/// Largest --headers or --html file read.
const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;
/// Batch lines validated together on all cores before their output is written, in order.
const CHUNK_LINES: usize = 1024;

/// The arguments of `csp-tools validate`.
#[derive(Args, Debug)]
pub struct ValidateArgs {
    /// A policy: a Content-Security-Policy header value (commas join several policies).
    #[arg(value_name = "CSP", conflicts_with_all = ["file", "headers", "html"])]
    policy: Option<String>,
    /// A batch: one policy per line ('-' for stdin), each validated on its own; blank lines are skipped.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["headers", "html"])]
    file: Option<String>,
    /// A raw HTTP response header block; every Content-Security-Policy(-Report-Only) line counts.
    #[arg(long, value_name = "FILE", conflicts_with = "html")]
    headers: Option<String>,
    /// An HTML file; its <meta http-equiv="Content-Security-Policy"> tags count.
    #[arg(long, value_name = "FILE")]
    html: Option<String>,
    /// Treat the policy (or each --file line) as Content-Security-Policy-Report-Only.
    #[arg(long, conflicts_with_all = ["headers", "html"])]
    report_only: bool,
    /// Extra checks for a kind of page: default, or widget (app widgets running widget-guard).
    #[arg(long, default_value = "default", value_name = "PROFILE")]
    profile: Profile,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Exit 1 when a finding is at least this severe: info, low, medium or high.
    #[arg(long, default_value = "medium", value_name = "SEVERITY")]
    fail_on: Severity,
    /// Colour the human output: auto (on a terminal, unless NO_COLOR is set), always, never.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
}

/// Output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Format {
    /// rustc-style diagnostics pointing into the policy
    Human,
    /// one JSON object per policy (JSON Lines)
    Json,
    /// SARIF 2.1.0 for code-scanning UIs (written once the whole input is read)
    Sarif,
}

/// When to colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// Totals over a run, for the exit status.
#[derive(Default)]
struct Outcome {
    worst: Option<Severity>,
    errors: usize,
}

/// Runs `csp-tools validate`: reads the input, validates it and prints the report.
pub fn run(args: ValidateArgs) -> Result<ExitCode, CliError> {
    let style = Style {
        color: match args.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
        },
    };
    let disposition = if args.report_only { Disposition::Report } else { Disposition::Enforce };
    let outcome = if let Some(policy) = &args.policy {
        check_length(policy.len(), "the policy")?;
        single(&args, style, Checked::new("argument".into(), Document::header(policy, disposition), args.profile))?
    } else if let Some(path) = &args.headers {
        let text = read_text(path)?;
        let document = Document::from_headers(&text).map_err(|e| CliError::Usage(format!("{}: {e}", label(path))))?;
        for value in &document.values {
            check_length(value.text.len(), &format!("{} line {}", label(path), value.line))?;
        }
        single(&args, style, Checked::new(label(path), document, args.profile))?
    } else if let Some(path) = &args.html {
        let text = read_text(path)?;
        let document = Document::from_html(&text).map_err(|e| CliError::Usage(format!("{}: {e}", label(path))))?;
        single(&args, style, Checked::new(label(path), document, args.profile))?
    } else {
        let path = args.file.as_deref().unwrap_or("-");
        if path == "-" && args.file.is_none() && io::stdin().is_terminal() {
            return Err(CliError::Usage(
                "nothing to validate: give a policy, --file, --headers or --html, or pipe policies on stdin".into(),
            ));
        }
        batch(&args, style, path, disposition)?
    };
    Ok(ExitCode::from(if outcome.errors > 0 {
        super::EXIT_USAGE
    } else if outcome.worst.is_some_and(|worst| worst >= args.fail_on) {
        1
    } else {
        0
    }))
}

fn label(path: &str) -> String {
    if path == "-" { "stdin".to_owned() } else { path.to_owned() }
}

fn check_length(len: usize, what: &str) -> Result<(), CliError> {
    if len > MAX_POLICY_BYTES {
        return Err(CliError::Usage(too_long(len, what)));
    }
    Ok(())
}

fn too_long(len: usize, what: &str) -> String {
    format!(
        "{what} is {len} bytes long; browsers refuse headers over {MAX_POLICY_BYTES} bytes, so it cannot be a policy \
         (is the file one policy per line?)"
    )
}

fn not_utf8(what: &str, error: &std::str::Utf8Error) -> String {
    format!(
        "{what} is not valid UTF-8 (bad byte at offset {}): policies are ASCII text; remove the binary data or \
         Punycode/percent-encode non-ASCII host names and paths",
        error.valid_up_to()
    )
}

/// Reads a whole --headers/--html input as UTF-8 text.
fn read_text(path: &str) -> Result<String, CliError> {
    let read_error = |source| CliError::Read { path: label(path), source };
    let mut bytes = Vec::new();
    if path == "-" {
        io::stdin().lock().take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes).map_err(read_error)?;
    } else {
        File::open(path).and_then(|f| f.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes)).map_err(read_error)?;
    }
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(CliError::Usage(format!("{} is larger than {MAX_FILE_BYTES} bytes", label(path))));
    }
    String::from_utf8(bytes).map_err(|e| CliError::Usage(not_utf8(&label(path), &e.utf8_error())))
}

/// Prints one document's report.
fn single(args: &ValidateArgs, style: Style, checked: Checked) -> Result<Outcome, CliError> {
    let mut stdout = io::stdout().lock();
    let outcome = Outcome { worst: checked.validation.worst(), errors: 0 };
    match args.format {
        Format::Human => {
            let mut text = String::new();
            report::human::render(&checked, style, &mut text);
            stdout.write_all(text.as_bytes())?;
        }
        Format::Json => {
            let mut bytes = Vec::new();
            report::json::render(&checked, &mut bytes).map_err(io::Error::from)?;
            stdout.write_all(&bytes)?;
        }
        Format::Sarif => report::sarif::render(std::slice::from_ref(&checked), &mut stdout).map_err(io::Error::from)?,
    }
    stdout.flush()?;
    Ok(outcome)
}

/// One batch line's result: its rendered output, or an error, plus the document for SARIF.
struct LineResult {
    output: Vec<u8>,
    worst: Option<Severity>,
    error: Option<String>,
    checked: Option<Checked>,
}

/// Validates a file of policies, one per line, in chunks spread over all cores; output keeps
/// the input order and is written as each chunk completes (SARIF once at the end).
fn batch(args: &ValidateArgs, style: Style, path: &str, disposition: Disposition) -> Result<Outcome, CliError> {
    let read_error = |source| CliError::Read { path: label(path), source };
    let (mut input, size): (Box<dyn BufRead>, Option<u64>) = if path == "-" {
        (Box::new(io::stdin().lock()), None)
    } else {
        let file = File::open(path).map_err(read_error)?;
        let size = file.metadata().ok().map(|m| m.len());
        (Box::new(BufReader::with_capacity(1 << 16, file)), size)
    };
    let mut progress = Progress::for_input(size);
    let mut out = BufWriter::with_capacity(1 << 16, io::stdout().lock());
    let mut outcome = Outcome::default();
    let mut sarif_documents = Vec::new();
    let mut chunk: Vec<(usize, Result<String, String>)> = Vec::with_capacity(CHUNK_LINES);
    let mut line_number = 0;
    let mut done_bytes = 0u64;
    loop {
        let mut buffer = Vec::new();
        let Some(read) = read_line_limited(&mut input, &mut buffer, MAX_POLICY_BYTES).map_err(read_error)? else {
            break;
        };
        line_number += 1;
        done_bytes += read.bytes as u64;
        if read.too_long {
            chunk.push((line_number, Err(too_long(read.bytes, &format!("line {line_number}")))));
        } else if !buffer.iter().all(u8::is_ascii_whitespace) {
            let text = std::str::from_utf8(&buffer)
                .map(|text| text.trim_end_matches(['\r', '\n']).to_owned())
                .map_err(|error| not_utf8(&format!("line {line_number}"), &error));
            chunk.push((line_number, text));
        }
        if chunk.len() >= CHUNK_LINES {
            flush(args, style, path, disposition, &mut chunk, &mut out, &mut outcome, &mut sarif_documents)?;
            progress.update(done_bytes, line_number);
        }
    }
    flush(args, style, path, disposition, &mut chunk, &mut out, &mut outcome, &mut sarif_documents)?;
    progress.finish();
    if args.format == Format::Sarif {
        report::sarif::render(&sarif_documents, &mut out).map_err(io::Error::from)?;
    }
    out.flush()?;
    Ok(outcome)
}

#[allow(clippy::too_many_arguments)]
fn flush(
    args: &ValidateArgs,
    style: Style,
    path: &str,
    disposition: Disposition,
    chunk: &mut Vec<(usize, Result<String, String>)>,
    out: &mut impl Write,
    outcome: &mut Outcome,
    sarif_documents: &mut Vec<Checked>,
) -> Result<(), CliError> {
    let source = label(path);
    let results: Vec<LineResult> = chunk
        .par_iter()
        .map(|(line, text)| {
            validate_line(args, style, &source, *line, text.as_deref().map_err(String::as_str), disposition)
        })
        .collect();
    chunk.clear();
    for result in results {
        outcome.worst = outcome.worst.max(result.worst);
        if let Some(error) = &result.error {
            outcome.errors += 1;
            if args.format != Format::Json {
                eprintln!("csp-tools: error: {source}: {error}");
            }
        }
        out.write_all(&result.output)?;
        sarif_documents.extend(result.checked);
    }
    Ok(())
}

fn validate_line(
    args: &ValidateArgs,
    style: Style,
    source: &str,
    line: usize,
    text: Result<&str, &str>,
    disposition: Disposition,
) -> LineResult {
    // Most reports of real policies fit in a few KiB: size the buffer once instead of regrowing it.
    let mut output = Vec::with_capacity(8 * 1024);
    let text = match text {
        Ok(text) => text,
        Err(error) => {
            if args.format == Format::Json {
                let _ = report::json::render_error(source, line, error, &mut output);
            }
            return LineResult { output, worst: None, error: Some(error.to_owned()), checked: None };
        }
    };
    let mut document = Document::header(text, disposition);
    document.values[0].line = line;
    let checked = Checked::new(source.to_owned(), document, args.profile);
    let worst = checked.validation.worst();
    match args.format {
        Format::Human => {
            let mut rendered = String::new();
            report::human::render(&checked, style, &mut rendered);
            rendered.push('\n');
            output = rendered.into_bytes();
        }
        Format::Json => {
            let _ = report::json::render(&checked, &mut output);
        }
        Format::Sarif => return LineResult { output, worst, error: None, checked: Some(checked) },
    }
    LineResult { output, worst, error: None, checked: None }
}

/// How much of a line was read.
struct LineRead {
    /// Bytes in the line (including the newline), even past the limit.
    bytes: usize,
    /// The line was longer than the limit; `buffer` holds only its start.
    too_long: bool,
}

/// Reads one line into `buffer`, keeping at most `limit` bytes in memory; `None` at end of input.
fn read_line_limited(input: &mut dyn BufRead, buffer: &mut Vec<u8>, limit: usize) -> io::Result<Option<LineRead>> {
    let mut read = LineRead { bytes: 0, too_long: false };
    loop {
        let available = match input.fill_buf() {
            Ok(available) => available,
            Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
            Err(error) => return Err(error),
        };
        if available.is_empty() {
            return Ok((read.bytes > 0).then_some(read));
        }
        let (take, end) = match available.iter().position(|&b| b == b'\n') {
            Some(newline) => (newline + 1, true),
            None => (available.len(), false),
        };
        let room = limit.saturating_sub(buffer.len());
        if take > room {
            read.too_long = true;
        }
        buffer.extend_from_slice(&available[..take.min(room)]);
        input.consume(take);
        read.bytes += take;
        if end {
            return Ok(Some(read));
        }
    }
}
