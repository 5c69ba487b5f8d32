//! Output formats: each renders a generated policy as the text a server, framework or host reads,
//! and says which policies that text carries (so tests can parse and validate exactly those).

mod servers;

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

use super::{Generated, Preset};
use crate::generate::config::Config;
use crate::policy::{Delivery, Disposition};
use crate::widget_meta::{self, MetaShape};

/// An output format of `csp-tools generate`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    /// HTTP response header lines.
    Header,
    /// An HTML `<meta http-equiv>` element.
    Meta,
    /// nginx `add_header` directives.
    Nginx,
    /// Apache `Header always set` directives (mod_headers).
    Apache,
    /// A Caddyfile `header` block.
    Caddy,
    /// A Netlify `_headers` file.
    Netlify,
    /// A `vercel.json` with a `headers` rule.
    Vercel,
    /// helmet's contentSecurityPolicy options for Express.
    Express,
    /// The policy and its directives (with the reason for each) as JSON.
    Json,
    /// The Apps SDK `_meta["openai/widgetCSP"]` declaration.
    OpenaiWidgetCsp,
    /// The MCP Apps `_meta.ui.csp` declaration.
    McpAppCsp,
}

/// Every format, in documentation order.
pub const FORMATS: [Format; 11] = [
    Format::Header,
    Format::Meta,
    Format::Nginx,
    Format::Apache,
    Format::Caddy,
    Format::Netlify,
    Format::Vercel,
    Format::Express,
    Format::Json,
    Format::OpenaiWidgetCsp,
    Format::McpAppCsp,
];

impl Format {
    /// The format's name on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Header => "header",
            Format::Meta => "meta",
            Format::Nginx => "nginx",
            Format::Apache => "apache",
            Format::Caddy => "caddy",
            Format::Netlify => "netlify",
            Format::Vercel => "vercel",
            Format::Express => "express",
            Format::Json => "json",
            Format::OpenaiWidgetCsp => "openai-widget-csp",
            Format::McpAppCsp => "mcp-app-csp",
        }
    }
}

/// An unknown format name.
#[derive(Debug, thiserror::Error)]
#[error("unknown format '{0}' (expected one of: {names})", names = FORMATS.map(Format::as_str).join(", "))]
pub struct UnknownFormat(pub String);

impl FromStr for Format {
    type Err = UnknownFormat;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        FORMATS.into_iter().find(|f| f.as_str() == name).ok_or_else(|| UnknownFormat(name.to_owned()))
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A policy that a rendered output delivers (or, for `_meta` formats, that the host enforces).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CarriedPolicy {
    /// The serialized policy.
    pub value: String,
    /// Enforced or report-only.
    pub disposition: Disposition,
    /// Header or `<meta>`.
    pub delivery: Delivery,
}

/// A rendered output: its text, the policies it carries, and notes for the user (stderr).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Rendered {
    /// What to print.
    pub text: String,
    /// The policies the text delivers.
    pub policies: Vec<CarriedPolicy>,
    /// What the format could not carry, and what to do about it.
    pub notes: Vec<String>,
}

/// A combination of policy and format that cannot be rendered.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum FormatError {
    #[error("a <meta> policy cannot be report-only; use --format header (or a server format) for report-only")]
    MetaReportOnly,
    #[error("{0}")]
    Config(#[from] super::ConfigError),
}

/// Renders a generated policy in a format.
pub fn render(generated: &Generated, format: Format) -> Result<Rendered, FormatError> {
    let disposition = if generated.spec.report_only { Disposition::Report } else { Disposition::Enforce };
    let header = |value: String| CarriedPolicy { value, disposition, delivery: Delivery::Header };
    let mut notes = Vec::new();
    let text = match format {
        Format::Header => {
            generated.headers().iter().map(|(name, value)| format!("{name}: {value}\n")).collect::<String>()
        }
        Format::Meta => {
            if generated.spec.report_only {
                return Err(FormatError::MetaReportOnly);
            }
            let dropped: Vec<&str> = generated
                .directives
                .iter()
                .map(|d| d.name)
                .filter(|n| crate::DirectiveName::from_name(n).is_some_and(crate::DirectiveName::ignored_in_meta))
                .collect();
            if !dropped.is_empty() {
                notes.push(format!("left out {}: browsers ignore them in <meta>; send a header", dropped.join(", ")));
            }
            if generated.spec.report_to.is_some() {
                notes.push("report-to needs a Reporting-Endpoints response header, which <meta> cannot set".into());
            }
            let value = generated.meta_policy();
            let text = format!("<meta http-equiv=\"Content-Security-Policy\" content=\"{}\">\n", html_attr(&value));
            return Ok(Rendered {
                text,
                policies: vec![CarriedPolicy { value, disposition, delivery: Delivery::Meta }],
                notes,
            });
        }
        Format::Nginx => servers::nginx(generated),
        Format::Apache => servers::apache(generated),
        Format::Caddy => servers::caddy(generated),
        Format::Netlify => servers::netlify(generated),
        Format::Vercel => servers::vercel(generated),
        Format::Express => servers::express(generated),
        Format::Json => {
            let extra_headers =
                generated.headers().into_iter().skip(1).map(|(name, value)| ExtraHeader { name, value }).collect();
            let policy = policy_json(generated, extra_headers);
            let mut text = serde_json::to_string_pretty(&policy).unwrap_or_default();
            text.push('\n');
            text
        }
        Format::OpenaiWidgetCsp | Format::McpAppCsp => {
            return render_meta(generated, format);
        }
    };
    Ok(Rendered { text, policies: vec![header(generated.policy())], notes })
}

/// The `--format json` document.
#[derive(Serialize)]
struct PolicyJson<'a> {
    preset: Preset,
    header: &'static str,
    value: String,
    report_only: bool,
    directives: &'a [super::GeneratedDirective],
    extra_headers: Vec<ExtraHeader>,
}

/// A response header sent next to the policy (Reporting-Endpoints).
#[derive(Serialize)]
struct ExtraHeader {
    name: &'static str,
    value: String,
}

fn policy_json(generated: &Generated, extra_headers: Vec<ExtraHeader>) -> PolicyJson<'_> {
    PolicyJson {
        preset: generated.spec.preset,
        header: generated.header_name(),
        value: generated.policy(),
        report_only: generated.spec.report_only,
        directives: &generated.directives,
        extra_headers,
    }
}

/// A `_meta` declaration, and the policy the host enforces for it (our preset on the same domains).
fn render_meta(generated: &Generated, format: Format) -> Result<Rendered, FormatError> {
    let domains = &generated.spec.domains;
    let (shape, preset, value) = match format {
        Format::OpenaiWidgetCsp => (MetaShape::OpenAi, Preset::AppsSdkWidget, widget_meta::to_openai(domains)),
        _ => (MetaShape::McpApp, Preset::McpApp, widget_meta::to_mcp(domains)),
    };
    let mut notes = widget_meta::unrepresentable(shape, domains);
    if !generated.spec.preset.is_widget() {
        notes.push(format!(
            "a _meta declaration is for widgets; the {} preset's other directives are not carried",
            generated.spec.preset
        ));
    }
    if generated.spec.report_only {
        notes.push("hosts always enforce a _meta declaration; report-only does not apply".to_owned());
    }
    let host_config =
        Config { preset: Some(preset.as_str().to_owned()), domains: domains.clone(), ..Config::default() };
    let host = super::generate(&host_config)?;
    Ok(Rendered {
        text: value,
        policies: vec![CarriedPolicy {
            value: host.policy(),
            disposition: Disposition::Enforce,
            delivery: Delivery::Header,
        }],
        notes,
    })
}

fn pretty(value: &serde_json::Value) -> String {
    // Serializing a serde_json::Value cannot fail.
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}

/// Escapes text for a double-quoted HTML attribute.
fn html_attr(text: &str) -> String {
    text.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;")
}
