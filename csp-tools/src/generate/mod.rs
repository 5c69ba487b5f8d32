//! `csp-tools generate`: build a policy from a preset and declared domains, and render it in the
//! format a server, a framework or a chat host reads.
//!
//! - [`config`]: `csp.toml` / JSON and the validation of every value.
//! - [`preset`]: what each preset emits, and why.
//! - [`format`]: header, meta, nginx, apache, caddy, netlify, vercel, express, json and the two
//!   widget `_meta` shapes.

pub mod config;
pub mod format;
pub mod preset;

use serde::Serialize;

pub use config::{Config, ConfigError, Domains};
pub use format::{CarriedPolicy, FORMATS, Format, Rendered, render};
pub use preset::{GeneratedDirective, PRESETS, Preset};

use config::{DomainUse, validate_domain, validate_hash, validate_nonce_placeholder, validate_report_group};

/// The report-to group used when only a report-uri is configured.
pub const DEFAULT_REPORT_GROUP: &str = "csp-endpoint";
/// The nonce placeholder of the strict-dynamic preset when none is configured.
pub const DEFAULT_NONCE_PLACEHOLDER: &str = "CSP_NONCE";

/// A validated configuration: every domain, endpoint and hash has been checked and normalised.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Spec {
    /// The preset.
    pub preset: Preset,
    /// Declared domains, normalised.
    pub domains: Domains,
    /// report-uri endpoint.
    pub report_uri: Option<String>,
    /// report-to group.
    pub report_to: Option<String>,
    /// Deliver as report-only.
    pub report_only: bool,
    /// The nonce placeholder (strict-dynamic).
    pub nonce: String,
    /// frame-ancestors sources.
    pub frame_ancestors: Vec<String>,
    /// Hashes of inline scripts.
    pub script_hashes: Vec<String>,
    /// Hashes of inline styles.
    pub style_hashes: Vec<String>,
}

/// A generated policy: the spec it came from and its directives.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Generated {
    /// The validated input.
    pub spec: Spec,
    /// The directives, in output order.
    pub directives: Vec<GeneratedDirective>,
}

impl Config {
    /// Lays `overlay` (command-line flags) over this configuration: scalars replace, lists extend.
    pub fn merge(mut self, overlay: Config) -> Config {
        fn extend(into: &mut Vec<String>, from: Vec<String>) {
            for item in from {
                if !into.contains(&item) {
                    into.push(item);
                }
            }
        }
        self.preset = overlay.preset.or(self.preset);
        self.report_only |= overlay.report_only;
        self.nonce_placeholder = overlay.nonce_placeholder.or(self.nonce_placeholder);
        extend(&mut self.frame_ancestors, overlay.frame_ancestors);
        let (d, o) = (&mut self.domains, overlay.domains);
        extend(&mut d.connect, o.connect);
        extend(&mut d.resource, o.resource);
        extend(&mut d.frame, o.frame);
        extend(&mut d.redirect, o.redirect);
        extend(&mut d.base_uri, o.base_uri);
        extend(&mut d.form_action, o.form_action);
        self.report.uri = overlay.report.uri.or(self.report.uri);
        self.report.to = overlay.report.to.or(self.report.to);
        extend(&mut self.hashes.script, overlay.hashes.script);
        extend(&mut self.hashes.style, overlay.hashes.style);
        self
    }
}

impl Spec {
    /// Validates a configuration. The preset defaults to apps-sdk-widget.
    pub fn from_config(config: &Config) -> Result<Spec, ConfigError> {
        let preset = match &config.preset {
            Some(name) => name.parse()?,
            None => Preset::AppsSdkWidget,
        };
        let list = |field: &str, values: &[String], usage| -> Result<Vec<String>, ConfigError> {
            let mut out: Vec<String> = Vec::with_capacity(values.len());
            for value in values {
                let normal = validate_domain(field, value, usage)?;
                if !out.contains(&normal) {
                    out.push(normal);
                }
            }
            Ok(out)
        };
        let d = &config.domains;
        let domains = Domains {
            connect: list("domains.connect", &d.connect, DomainUse::Connect)?,
            resource: list("domains.resource", &d.resource, DomainUse::Resource)?,
            frame: list("domains.frame", &d.frame, DomainUse::Resource)?,
            redirect: list("domains.redirect", &d.redirect, DomainUse::Resource)?,
            base_uri: list("domains.base-uri", &d.base_uri, DomainUse::Resource)?,
            form_action: list("domains.form-action", &d.form_action, DomainUse::Resource)?,
        };
        let report_uri = config.report.uri.as_deref().map(config::validate_report_uri).transpose()?;
        let mut report_to = config.report.to.as_deref().map(validate_report_group).transpose()?;
        if report_uri.is_some() && report_to.is_none() {
            // report-uri is deprecated; pair it with report-to so both old and new browsers report.
            report_to = Some(DEFAULT_REPORT_GROUP.to_owned());
        }
        let nonce =
            validate_nonce_placeholder(config.nonce_placeholder.as_deref().unwrap_or(DEFAULT_NONCE_PLACEHOLDER))?;
        if config.nonce_placeholder.is_some() && preset != Preset::StrictDynamic {
            return Err(ConfigError::Conflict(format!(
                "nonce-placeholder is only used by the strict-dynamic preset, not {preset}"
            )));
        }
        let hashes = |field: &str, values: &[String]| -> Result<Vec<String>, ConfigError> {
            values.iter().map(|v| validate_hash(field, v)).collect()
        };
        Ok(Spec {
            preset,
            domains,
            report_uri,
            report_to,
            report_only: config.report_only,
            nonce,
            frame_ancestors: frame_ancestors(&config.frame_ancestors)?,
            script_hashes: hashes("hashes.script", &config.hashes.script)?,
            style_hashes: hashes("hashes.style", &config.hashes.style)?,
        })
    }
}

/// frame-ancestors: origins, or exactly one of the keywords 'none' and 'self' (alone or with origins).
fn frame_ancestors(values: &[String]) -> Result<Vec<String>, ConfigError> {
    let mut out: Vec<String> = Vec::new();
    for value in values {
        let keyword = ["'none'", "'self'"].into_iter().find(|k| k.eq_ignore_ascii_case(value));
        let normal = match keyword {
            Some(k) => k.to_owned(),
            None => validate_domain("frame-ancestors", value, DomainUse::Resource)?,
        };
        if !out.contains(&normal) {
            out.push(normal);
        }
    }
    if out.len() > 1 && out.iter().any(|v| v == "'none'") {
        return Err(ConfigError::Conflict("frame-ancestors: 'none' cannot be combined with other sources".into()));
    }
    Ok(out)
}

/// Validates a configuration and builds its policy.
pub fn generate(config: &Config) -> Result<Generated, ConfigError> {
    let spec = Spec::from_config(config)?;
    let directives = preset::directives(&spec);
    Ok(Generated { spec, directives })
}

impl Generated {
    /// The serialized policy, as a header value.
    pub fn policy(&self) -> String {
        serialize(self.directives.iter())
    }

    /// The serialized policy without the directives a `<meta>` policy ignores (CSP3 §3.3).
    pub fn meta_policy(&self) -> String {
        let ignored = |d: &&GeneratedDirective| {
            crate::DirectiveName::from_name(d.name).is_some_and(crate::DirectiveName::ignored_in_meta)
        };
        serialize(self.directives.iter().filter(|d| !ignored(d)))
    }

    /// `Content-Security-Policy` or `Content-Security-Policy-Report-Only`.
    pub fn header_name(&self) -> &'static str {
        if self.spec.report_only { "Content-Security-Policy-Report-Only" } else { "Content-Security-Policy" }
    }

    /// The response headers to send: the policy, and Reporting-Endpoints when a report-uri names
    /// the endpoint of the report-to group.
    pub fn headers(&self) -> Vec<(&'static str, String)> {
        let mut headers = vec![(self.header_name(), self.policy())];
        if let (Some(uri), Some(group)) = (&self.spec.report_uri, &self.spec.report_to) {
            headers.push(("Reporting-Endpoints", format!("{group}=\"{uri}\"")));
        }
        headers
    }
}

fn serialize<'a>(directives: impl Iterator<Item = &'a GeneratedDirective>) -> String {
    let mut out = String::with_capacity(512);
    for directive in directives {
        if !out.is_empty() {
            out.push_str("; ");
        }
        out.push_str(directive.name);
        for source in &directive.sources {
            out.push(' ');
            out.push_str(source);
        }
    }
    out
}

/// The domains every preset × format sample uses (the README examples and the golden tests).
pub fn sample_config(preset: Preset) -> Config {
    let strings = |items: &[&str]| items.iter().map(|s| (*s).to_owned()).collect();
    let mut config = Config { preset: Some(preset.as_str().to_owned()), ..Config::default() };
    config.domains.connect = strings(&["https://api.example.com", "wss://realtime.example.com"]);
    config.domains.resource = strings(&["https://cdn.example.com"]);
    if preset == Preset::McpApp {
        config.domains.base_uri = strings(&["https://cdn.example.com"]);
    }
    if preset == Preset::AppsSdkWidget {
        config.domains.redirect = strings(&["https://checkout.example.com"]);
    }
    config.report.uri = Some("https://csp.example.com/report".into());
    config
}

/// Every preset × format rendering of the sample configurations, with the policies each output
/// carries: what the widget-profile validation test runs over.
pub fn samples() -> Vec<(Preset, Format, Result<Rendered, format::FormatError>)> {
    let mut out = Vec::new();
    for preset in PRESETS {
        // The sample configuration is fixed and valid; a failure here is a bug the tests catch.
        let Ok(generated) = generate(&sample_config(preset)) else { continue };
        for format in FORMATS {
            out.push((preset, format, render(&generated, format)));
        }
    }
    out
}
