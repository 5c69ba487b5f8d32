//! `csp-tools generate`: a policy from a preset, a config file and flags, in any output format;
//! or a widget `_meta` declaration converted to the header a host enforces, and back.

use std::io::{self, Write};
use std::process::ExitCode;

use clap::Args;

use csp_tools::generate::{self, Config, Format, Preset, config::MAX_CONFIG_BYTES};
use csp_tools::widget_meta::{self, MetaShape};

use super::CliError;
use super::input::read_text;

/// Arguments of `csp-tools generate`.
#[derive(Args, Debug)]
pub struct GenerateArgs {
    /// A csp.toml (or JSON) configuration; flags add to it and override it.
    #[arg(long, value_name = "FILE")]
    config: Option<String>,
    /// apps-sdk-widget (default), mcp-app, strict-dynamic or static-site.
    #[arg(long, value_name = "PRESET", value_parser = parse_preset)]
    preset: Option<Preset>,
    /// header (default), meta, nginx, apache, caddy, netlify, vercel, express, json,
    /// openai-widget-csp or mcp-app-csp.
    #[arg(long, value_name = "FORMAT", default_value = "header", value_parser = parse_format)]
    format: Format,
    /// A domain the page fetches from (connect-src); repeatable.
    #[arg(long, value_name = "ORIGIN")]
    connect: Vec<String>,
    /// A domain of scripts, styles, images, fonts, media; repeatable.
    #[arg(long, value_name = "ORIGIN")]
    resource: Vec<String>,
    /// A domain of nested iframes (frame-src); repeatable.
    #[arg(long, value_name = "ORIGIN")]
    frame: Vec<String>,
    /// A domain the widget may send the user to (openai/widgetCSP redirect_domains); repeatable.
    #[arg(long, value_name = "ORIGIN")]
    redirect: Vec<String>,
    /// A base-uri domain; repeatable.
    #[arg(long, value_name = "ORIGIN")]
    base_uri: Vec<String>,
    /// A form-action domain; repeatable.
    #[arg(long, value_name = "ORIGIN")]
    form_action: Vec<String>,
    /// An origin allowed to frame the page (frame-ancestors); repeatable.
    #[arg(long, value_name = "ORIGIN")]
    frame_ancestor: Vec<String>,
    /// A report-uri endpoint (https URL).
    #[arg(long, value_name = "URL")]
    report_uri: Option<String>,
    /// A report-to group name.
    #[arg(long, value_name = "GROUP")]
    report_to: Option<String>,
    /// Send Content-Security-Policy-Report-Only instead.
    #[arg(long)]
    report_only: bool,
    /// The nonce placeholder of the strict-dynamic preset (default CSP_NONCE).
    #[arg(long, value_name = "TEXT")]
    nonce_placeholder: Option<String>,
    /// A hash source for an inline script ('sha256-…', from `csp-tools hash`); repeatable.
    #[arg(long, value_name = "HASH")]
    script_hash: Vec<String>,
    /// A hash source for an inline style; repeatable.
    #[arg(long, value_name = "HASH")]
    style_hash: Vec<String>,
    /// Hash the inline scripts and styles of an HTML file into script-src/style-src; repeatable.
    #[arg(long, value_name = "FILE.html")]
    hashes_from: Vec<String>,
    /// Read the domains from a widget's _meta JSON (openai/widgetCSP or ui.csp; '-' for stdin).
    #[arg(long, value_name = "FILE", conflicts_with = "from_header")]
    from_meta: Option<String>,
    /// Read the domains from a CSP header value (to print the matching _meta declaration).
    #[arg(long, value_name = "CSP")]
    from_header: Option<String>,
}

fn parse_preset(name: &str) -> Result<Preset, String> {
    name.parse().map_err(|error: generate::ConfigError| error.to_string())
}

fn parse_format(name: &str) -> Result<Format, String> {
    name.parse().map_err(|error: generate::format::UnknownFormat| error.to_string())
}

/// Runs `csp-tools generate`.
pub fn run(args: GenerateArgs) -> Result<ExitCode, CliError> {
    let mut notes = Vec::new();
    let mut config = match &args.config {
        Some(path) => Config::parse(read_text(path, MAX_CONFIG_BYTES)?.as_bytes())
            .map_err(|error| CliError::Usage(format!("{path}: {error}")))?,
        None => Config::default(),
    };
    if let Some(path) = &args.from_meta {
        let text = read_text(path, MAX_CONFIG_BYTES)?;
        let (shape, domains) =
            widget_meta::parse_meta(&text).map_err(|error| CliError::Usage(format!("{path}: {error}")))?;
        let preset = match shape {
            MetaShape::OpenAi => Preset::AppsSdkWidget,
            MetaShape::McpApp => Preset::McpApp,
        };
        config = config.merge(Config { preset: Some(preset.as_str().into()), domains, ..Config::default() });
    }
    if let Some(header) = &args.from_header {
        let (domains, from_notes) = widget_meta::domains_from_policy(header);
        notes.extend(from_notes);
        config = config.merge(Config { domains, ..Config::default() });
    }
    let mut flags = Config {
        preset: args.preset.map(|p| p.as_str().to_owned()),
        report_only: args.report_only,
        nonce_placeholder: args.nonce_placeholder,
        frame_ancestors: args.frame_ancestor,
        ..Config::default()
    };
    flags.domains = generate::Domains {
        connect: args.connect,
        resource: args.resource,
        frame: args.frame,
        redirect: args.redirect,
        base_uri: args.base_uri,
        form_action: args.form_action,
    };
    flags.report.uri = args.report_uri;
    flags.report.to = args.report_to;
    flags.hashes.script = args.script_hash;
    flags.hashes.style = args.style_hash;
    for path in &args.hashes_from {
        let html = read_text(path, csp_tools::scan::MAX_FILE_BYTES)?;
        let report = csp_tools::hash::hash_html(&html, csp_tools::policy::HashAlgorithm::Sha256);
        flags.hashes.script.extend(report.scripts.into_iter().map(|b| b.source));
        flags.hashes.style.extend(report.styles.into_iter().map(|b| b.source));
        for skipped in report.skipped {
            notes.push(format!("{path}:{}: {} not hashed: {}", skipped.line, skipped.what, skipped.why));
        }
    }
    let config = config.merge(flags);
    let generated = generate::generate(&config).map_err(|error| CliError::Usage(error.to_string()))?;
    let rendered = generate::render(&generated, args.format).map_err(|error| CliError::Usage(error.to_string()))?;
    for note in notes.iter().chain(&rendered.notes) {
        eprintln!("note: {note}");
    }
    io::stdout().lock().write_all(rendered.text.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}
