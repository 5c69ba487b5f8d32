//! The guard's configuration, and its errors: each names the field and says what to write instead.
//!
//! The loader checks the shape of `install({...})` (types, unknown keys) and hands it over as
//! lines of tab-separated fields (`key \t value \t value…`), so no JSON parser ships in the Wasm.
//! Whether each value means something (a policy, an origin, a path, a method) is checked here.

use std::borrow::Cow;

use crate::allow_list::RuleConfig;

/// What `install({...})` configures.
#[derive(Debug, Default)]
pub struct GuardConfig {
    /// The widget document's URL (the loader passes `location.href`): `'self'` resolves against it.
    pub page: String,
    /// Policies enforced in-page, each a `Content-Security-Policy` value (commas join several).
    pub csp: Vec<String>,
    /// The widget's declared connect domains; without `csp` they become `connect-src <domains>`.
    pub connect_domains: Option<Vec<String>>,
    /// Rules that narrow connections by origin, path and method.
    pub allow: Option<Vec<RuleConfig>>,
    /// Where the widget may navigate or open windows (the widget's redirect domains).
    pub redirects: Vec<String>,
    pub mode: Mode,
    /// The privileged-API preset (`apps-sdk` or `strict`) and its per-API overrides.
    pub apis: String,
    pub allow_apis: Vec<String>,
    pub block_apis: Vec<String>,
    /// The host tools the widget may call (`None`: not declared, every tool passes the allow-list).
    pub tools: Option<Vec<String>>,
    /// Tools that need the user's confirmation first.
    pub destructive_tools: Vec<String>,
    /// At most this many calls per tool in this many milliseconds.
    pub tool_rate_limit: (usize, u64),
    /// How many audit events to keep (oldest are dropped first).
    pub audit_limit: usize,
}

/// Whether violations are blocked or only reported (to roll out a policy safely).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Mode {
    #[default]
    Enforce,
    Report,
}

/// A configuration the guard refuses; it then fails closed.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{field}: got \"{value}\"; expected {expected}")]
    Invalid { field: String, value: String, expected: Cow<'static, str> },
    #[error(
        "nothing to enforce: pass `csp` (a policy), `connectDomains` (the widget's declared connect domains) or \
         `allow` (rules); to allow nothing, pass csp: \"connect-src 'none'\""
    )]
    Empty,
}

impl ConfigError {
    /// A field whose value is not what it must be.
    pub fn invalid(field: impl Into<String>, value: &str, expected: impl Into<Cow<'static, str>>) -> Self {
        ConfigError::Invalid { field: field.into(), value: value.to_owned(), expected: expected.into() }
    }
}

impl GuardConfig {
    /// Reads the loader's lines: `page`, `csp`, `connectDomains`, `allow` (origin, space-separated
    /// paths or `*`, space-separated methods or `*`, `1` to follow redirects), `redirects`,
    /// `mode`, `apis`, `allowApis`, `blockApis`, `tools`, `destructiveTools`, `toolRateLimit`
    /// (calls, milliseconds), `auditLimit`.
    pub fn from_lines(text: &str) -> Result<Self, ConfigError> {
        let mut config = GuardConfig {
            audit_limit: 500,
            apis: "apps-sdk".into(),
            tool_rate_limit: (10, 10_000),
            ..GuardConfig::default()
        };
        for line in text.lines() {
            let mut fields = line.split('\t');
            let key = fields.next().unwrap_or_default();
            let values: Vec<String> = fields.map(str::to_owned).collect();
            let first = values.first().map_or("", String::as_str);
            match key {
                "page" => config.page = first.to_owned(),
                "csp" => config.csp.push(first.to_owned()),
                "connectDomains" => config.connect_domains = Some(values),
                "redirects" => config.redirects = values,
                "allow" => config.allow.get_or_insert_with(Vec::new).push(RuleConfig::from_fields(&values)),
                "mode" => {
                    config.mode = match first {
                        "enforce" => Mode::Enforce,
                        "report" => Mode::Report,
                        _ => return Err(ConfigError::invalid("mode", first, "\"enforce\" or \"report\"")),
                    }
                }
                "apis" => config.apis = first.to_owned(),
                "allowApis" => config.allow_apis = values,
                "blockApis" => config.block_apis = values,
                "tools" => config.tools = Some(values),
                "destructiveTools" => config.destructive_tools = values,
                "toolRateLimit" => {
                    let number =
                        |i: usize| values.get(i).and_then(|value| value.parse::<u64>().ok()).filter(|&n| n >= 1);
                    let (Some(calls), Some(window)) = (number(0), number(1)) else {
                        return Err(ConfigError::invalid(
                            "toolRateLimit",
                            &crate::joined(&values, " "),
                            "{ calls, perMs }, whole numbers of at least 1",
                        ));
                    };
                    config.tool_rate_limit = (usize::try_from(calls).unwrap_or(usize::MAX), window);
                }
                "auditLimit" => {
                    config.audit_limit = first
                        .parse()
                        .map_err(|_| ConfigError::invalid("auditLimit", first, "a whole number of events"))?
                }
                "" => {}
                _ => return Err(ConfigError::invalid("config", key, "a known option")),
            }
        }
        Ok(config)
    }
}
