//! Sanitizer options, as given from JS (camelCase JSON) or Rust.

use super::{Category, SanitizeError};

/// What to put in place of a detected secret.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// Replace with `[REDACTED:<kind>]` (default).
    #[default]
    Redact,
    /// Replace with the empty string (keys and array slots stay).
    Remove,
    /// Replace with `****` plus the last 4 characters (only `****` when shorter than 12).
    Mask,
}

/// Which categories are detected; all on by default.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Categories {
    /// Tokens, keys, passwords, credentials.
    pub secrets: bool,
    /// Email addresses.
    pub email: bool,
    /// Phone numbers.
    pub phone: bool,
    /// Payment card numbers.
    pub card: bool,
    /// IBANs.
    pub iban: bool,
    /// US SSNs.
    pub ssn: bool,
    /// IP addresses.
    pub ip: bool,
}

impl Default for Categories {
    fn default() -> Self {
        Self { secrets: true, email: true, phone: true, card: true, iban: true, ssn: true, ip: true }
    }
}

impl Categories {
    /// Whether a category is switched on.
    pub fn enabled(&self, c: Category) -> bool {
        match c {
            Category::Secrets => self.secrets,
            Category::Email => self.email,
            Category::Phone => self.phone,
            Category::Card => self.card,
            Category::Iban => self.iban,
            Category::Ssn => self.ssn,
            Category::Ip => self.ip,
        }
    }
}

/// Options of `sanitizeProps` / [`super::sanitize_json`]; from JS as
/// `{ categories: {secrets, email, phone, card, iban, ssn, ip}, keepPaths, secretKeys, mode }`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Options {
    /// Categories on/off.
    pub categories: Categories,
    /// JSON pointers (RFC 6901) of values left untouched, with everything below them.
    pub keep_paths: Vec<String>,
    /// Extra key names whose non-empty string values are always redacted (matched like the
    /// built-in ones: case, `_`, `-` and `.` ignored, as a suffix of the key).
    pub secret_keys: Vec<String>,
    /// What replaces a detected value.
    pub mode: Mode,
}

impl Options {
    /// Parses options from JSON text (`""` and `null` give the defaults).
    pub fn from_json(json: &str) -> Result<Self, SanitizeError> {
        let t = json.trim();
        if t.is_empty() || t == "null" || t == "undefined" {
            return Ok(Self::default());
        }
        let o = super::options_json::parse(t)?;
        o.validate()?;
        Ok(o)
    }

    /// Checks the keep-paths are JSON pointers.
    pub fn validate(&self) -> Result<(), SanitizeError> {
        for p in &self.keep_paths {
            if !(p.is_empty() || p.starts_with('/')) {
                return Err(SanitizeError::InvalidOptions(format!(
                    "keepPaths entry '{p}' is not a JSON pointer (use \"\" or start with '/')"
                )));
            }
        }
        Ok(())
    }

    /// The extra secret key names, normalized like keys are.
    pub(crate) fn normalized_secret_keys(&self) -> Vec<String> {
        self.secret_keys.iter().map(|k| super::keys::normalize(k)).filter(|k| !k.is_empty()).collect()
    }
}
