//! The `csp.toml` configuration (JSON accepted too): preset, declared domains, reporting, and the
//! validation that keeps every value safe to paste into a header, a server config or `_meta`.

use serde::{Deserialize, Serialize};

use crate::policy::{DirectiveName, HostPattern, SourceExpression, parse_source_expression};

/// Largest configuration file accepted, so a wrong path (a log, a binary) fails fast and clearly.
pub const MAX_CONFIG_BYTES: usize = 1 << 20;

/// A generate configuration, as written in `csp.toml` or JSON. Every field is optional.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Config {
    /// The preset name: apps-sdk-widget, mcp-app, strict-dynamic or static-site.
    pub preset: Option<String>,
    /// Deliver as Content-Security-Policy-Report-Only.
    #[serde(default)]
    pub report_only: bool,
    /// The nonce placeholder of the strict-dynamic preset (replace it per response).
    pub nonce_placeholder: Option<String>,
    /// Origins allowed to frame the page (frame-ancestors, header delivery only).
    #[serde(default)]
    pub frame_ancestors: Vec<String>,
    /// Declared domains.
    #[serde(default)]
    pub domains: Domains,
    /// Violation reporting.
    #[serde(default)]
    pub report: Report,
    /// Hash sources for inline blocks (from `csp-tools hash`).
    #[serde(default)]
    pub hashes: Hashes,
}

/// The domains a widget or site declares, by what it uses them for.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Domains {
    /// fetch/XHR/WebSocket/EventSource targets (connect-src).
    #[serde(default)]
    pub connect: Vec<String>,
    /// Scripts, styles, images, fonts and media (script-src, style-src, img-src, font-src, media-src).
    #[serde(default)]
    pub resource: Vec<String>,
    /// Nested iframes (frame-src).
    #[serde(default)]
    pub frame: Vec<String>,
    /// Where the widget may send the user (openExternal); not a CSP directive.
    #[serde(default)]
    pub redirect: Vec<String>,
    /// `<base href>` targets (base-uri).
    #[serde(default)]
    pub base_uri: Vec<String>,
    /// Form submission targets (form-action).
    #[serde(default)]
    pub form_action: Vec<String>,
}

/// Where browsers send violation reports.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Report {
    /// A report-uri endpoint (absolute https URL).
    pub uri: Option<String>,
    /// A report-to group name (defined by a Reporting-Endpoints header).
    pub to: Option<String>,
}

/// Hash sources allowing specific inline blocks.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Hashes {
    /// Hashes of inline `<script>` blocks (script-src).
    #[serde(default)]
    pub script: Vec<String>,
    /// Hashes of inline `<style>` blocks (style-src).
    #[serde(default)]
    pub style: Vec<String>,
}

/// A configuration value that cannot be used, with what to write instead.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ConfigError {
    #[error("the configuration is larger than {MAX_CONFIG_BYTES} bytes; pass a csp.toml or JSON file")]
    TooLarge,
    #[error("the configuration is not UTF-8 text; pass a csp.toml or JSON file")]
    NotUtf8,
    #[error("invalid TOML configuration: {0}")]
    Toml(String),
    #[error("invalid JSON configuration: {0}")]
    Json(String),
    #[error("{field}: '{value}' {problem}")]
    Value { field: String, value: String, problem: String },
    #[error("unknown preset '{0}' (expected one of: apps-sdk-widget, mcp-app, strict-dynamic, static-site)")]
    UnknownPreset(String),
    #[error("{0}")]
    Conflict(String),
}

impl Config {
    /// Parses a configuration file's bytes: JSON when it starts with `{`, TOML otherwise.
    pub fn parse(bytes: &[u8]) -> Result<Config, ConfigError> {
        if bytes.len() > MAX_CONFIG_BYTES {
            return Err(ConfigError::TooLarge);
        }
        let text = std::str::from_utf8(bytes).map_err(|_| ConfigError::NotUtf8)?;
        if text.trim_start().starts_with('{') {
            serde_json::from_str(text).map_err(|error| ConfigError::Json(error.to_string()))
        } else {
            toml::from_str(text).map_err(|error| ConfigError::Toml(error.to_string().trim_end().to_owned()))
        }
    }
}

fn value_error(field: &str, value: &str, problem: impl Into<String>) -> ConfigError {
    ConfigError::Value { field: field.to_owned(), value: value.to_owned(), problem: problem.into() }
}

/// What a declared domain may be used for, which decides the schemes it may have.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DomainUse {
    /// connect-src: https and wss (http/ws only for loopback development hosts).
    Connect,
    /// Every other list: https only (http only for loopback).
    Resource,
}

/// Checks one declared domain and returns it normalised (lowercase scheme and host, no lone `/`).
/// A domain is a host-source with a scheme: `https://api.example.com`, `https://*.example.com`,
/// `https://api.example.com:8443/v1/`.
pub fn validate_domain(field: &str, value: &str, usage: DomainUse) -> Result<String, ConfigError> {
    let err = |problem: &str| Err(value_error(field, value, problem));
    if value.is_empty() {
        return err("is empty; write an origin such as https://api.example.com");
    }
    if let Some(c) = value.chars().find(|c| !c.is_ascii() || c.is_ascii_control() || c.is_ascii_whitespace()) {
        return if c.is_ascii_whitespace() {
            err("contains whitespace; write one origin per entry, such as https://api.example.com")
        } else if c.is_ascii() {
            err("contains a control character")
        } else {
            err("contains non-ASCII characters; write international names in Punycode (xn--…)")
        };
    }
    if let Some(c) = value.chars().find(|c| matches!(c, ';' | ',' | '\'' | '"' | '\\' | '`' | '$' | '{' | '}')) {
        return Err(value_error(field, value, format!("contains '{c}', which cannot appear in a domain")));
    }
    let parsed = match parse_source_expression(value, DirectiveName::ConnectSrc) {
        Ok(parsed) => parsed,
        Err(invalid) => return Err(value_error(field, value, format!("is not a valid source: {}", invalid.message))),
    };
    if let Some(warning) = parsed.warning {
        return Err(value_error(field, value, warning));
    }
    let host = match parsed.expression {
        SourceExpression::Host(host) => host,
        SourceExpression::Scheme { .. } => {
            return err("is a scheme, not a domain; write an origin such as https://api.example.com");
        }
        _ => return err("is not a domain; write an origin such as https://api.example.com"),
    };
    let Some(scheme) = host.scheme.as_deref() else {
        return err("has no scheme; write it with https:// (or wss:// for WebSockets)");
    };
    let hostname = match &host.host {
        HostPattern::Any => return err("allows every host; list the hosts you use"),
        HostPattern::Subdomains(name) | HostPattern::Exact(name) => name.as_str(),
    };
    let loopback = matches!(hostname, "localhost" | "127.0.0.1");
    let allowed = match (scheme, usage) {
        ("https", _) => true,
        ("wss", DomainUse::Connect) => true,
        ("http", _) | ("ws", DomainUse::Connect) => loopback,
        _ => false,
    };
    if !allowed {
        return err(match usage {
            DomainUse::Connect => "must use https:// or wss:// (http:// and ws:// only for localhost)",
            DomainUse::Resource => "must use https:// (http:// only for localhost)",
        });
    }
    // Lowercase scheme, host and port; keep the path's case (paths are case-sensitive).
    let path_start =
        value.find("://").and_then(|at| value[at + 3..].find('/').map(|slash| at + 3 + slash)).unwrap_or(value.len());
    let mut normal = format!("{}{}", value[..path_start].to_ascii_lowercase(), &value[path_start..]);
    if &value[path_start..] == "/" {
        normal.pop();
    }
    Ok(normal)
}

/// Checks a report-uri endpoint: an absolute https URL (http only for localhost).
pub fn validate_report_uri(value: &str) -> Result<String, ConfigError> {
    let field = "report.uri";
    if value.chars().any(|c| !c.is_ascii_graphic() || matches!(c, ';' | ',' | '\'' | '"' | '\\' | '`' | '$')) {
        return Err(value_error(field, value, "must be a URL without spaces, quotes, ';' or ','"));
    }
    let url = url::Url::parse(value)
        .map_err(|error| value_error(field, value, format!("is not an absolute URL ({error})")))?;
    let loopback = matches!(url.host_str(), Some("localhost" | "127.0.0.1"));
    if !(url.scheme() == "https" || (url.scheme() == "http" && loopback)) {
        return Err(value_error(field, value, "must be an https:// URL"));
    }
    Ok(value.to_owned())
}

/// Checks a report-to group name (a token, as Reporting-Endpoints defines it).
pub fn validate_report_group(value: &str) -> Result<String, ConfigError> {
    let valid = !value.is_empty() && value.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_'));
    if valid {
        Ok(value.to_owned())
    } else {
        Err(value_error("report.to", value, "must be a group name of letters, digits, '-' and '_' (such as csp)"))
    }
}

/// Checks a hash source such as `'sha256-…'` (quotes optional) and returns it quoted.
pub fn validate_hash(field: &str, value: &str) -> Result<String, ConfigError> {
    let quoted = if value.starts_with('\'') { value.to_owned() } else { format!("'{value}'") };
    match parse_source_expression(&quoted, DirectiveName::ScriptSrc) {
        Ok(parsed) if matches!(parsed.expression, SourceExpression::Hash { .. }) => Ok(quoted),
        _ => Err(value_error(field, value, "is not a hash source; write 'sha256-<base64>' (see csp-tools hash)")),
    }
}

/// Checks a nonce placeholder: it must itself be a valid nonce value so the policy parses.
pub fn validate_nonce_placeholder(value: &str) -> Result<String, ConfigError> {
    if crate::policy::is_base64_value(value) {
        Ok(value.to_owned())
    } else {
        Err(value_error(
            "nonce-placeholder",
            value,
            "must use base64 characters (letters, digits, '+', '/', '-', '_'), such as CSP_NONCE",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domains_are_normalised_and_bad_ones_say_what_to_fix() {
        let ok = |v| validate_domain("domains.connect", v, DomainUse::Connect);
        assert_eq!(ok("HTTPS://API.Example.com/"), Ok("https://api.example.com".into()));
        assert_eq!(ok("https://api.example.com/V1/"), Ok("https://api.example.com/V1/".into()));
        assert_eq!(ok("wss://rt.example.com"), Ok("wss://rt.example.com".into()));
        assert_eq!(ok("http://localhost:3000"), Ok("http://localhost:3000".into()));
        let problem = |v: &str, usage| match validate_domain("f", v, usage) {
            Err(ConfigError::Value { problem, .. }) => problem,
            other => panic!("{v}: {other:?}"),
        };
        assert!(problem("https://exa mple.com", DomainUse::Connect).contains("whitespace"));
        assert!(problem("javascript:", DomainUse::Connect).contains("scheme, not a domain"));
        assert!(problem("api.example.com", DomainUse::Connect).contains("no scheme"));
        assert!(problem("http://api.example.com", DomainUse::Connect).contains("https://"));
        assert!(problem("wss://rt.example.com", DomainUse::Resource).contains("https://"));
        assert!(problem("https://*", DomainUse::Connect).contains("every host"));
        assert!(problem("*", DomainUse::Connect).contains("not a domain"));
        assert!(problem("'self'", DomainUse::Connect).contains("'''"));
        assert!(problem("https://a.com;script-src", DomainUse::Connect).contains("';'"));
        assert!(problem("https://bücher.de", DomainUse::Connect).contains("Punycode"));
        assert!(problem("https://a.com/x?y", DomainUse::Connect).contains("query"));
        assert!(problem("", DomainUse::Connect).contains("empty"));
    }

    #[test]
    fn toml_and_json_configs_parse_and_unknown_keys_are_rejected() {
        let toml = b"preset = \"mcp-app\"\n[domains]\nconnect = [\"https://api.example.com\"]\n";
        let config = Config::parse(toml).unwrap();
        assert_eq!(config.preset.as_deref(), Some("mcp-app"));
        assert_eq!(config.domains.connect, ["https://api.example.com"]);
        let json = br#"{"preset": "static-site", "report": {"uri": "https://r.example/c"}}"#;
        assert_eq!(Config::parse(json).unwrap().report.uri.as_deref(), Some("https://r.example/c"));
        assert!(matches!(Config::parse(b"[domains]\nconect = []"), Err(ConfigError::Toml(m)) if m.contains("conect")));
        assert!(matches!(Config::parse(b"{\"preset\": 3}"), Err(ConfigError::Json(_))));
        assert_eq!(Config::parse(b"\xff\xfe"), Err(ConfigError::NotUtf8));
        assert_eq!(Config::parse(&vec![b' '; MAX_CONFIG_BYTES + 1]), Err(ConfigError::TooLarge));
    }

    #[test]
    fn report_hash_and_nonce_values_are_checked() {
        assert!(validate_report_uri("https://r.example/csp").is_ok());
        assert!(validate_report_uri("http://r.example/csp").is_err());
        assert!(validate_report_uri("/relative").is_err());
        assert!(validate_report_uri("https://r.example/a b").is_err());
        assert!(validate_report_group("csp-endpoint").is_ok());
        assert!(validate_report_group("a b").is_err());
        let hash = "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";
        assert_eq!(validate_hash("h", hash), Ok(format!("'{hash}'")));
        assert!(validate_hash("h", "'nonce-abc'").is_err());
        assert!(validate_nonce_placeholder("CSP_NONCE").is_ok());
        assert!(validate_nonce_placeholder("{{nonce}}").is_err());
    }
}
