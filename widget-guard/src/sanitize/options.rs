//! Sanitizer options, as given from Rust or, through the loader's lines, from JS.

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
    /// The switch of the category named `name` (as in findings and in the JS options).
    fn named(&mut self, name: &str) -> Option<&mut bool> {
        Some(match name {
            "secrets" => &mut self.secrets,
            "email" => &mut self.email,
            "phone" => &mut self.phone,
            "card" => &mut self.card,
            "iban" => &mut self.iban,
            "ssn" => &mut self.ssn,
            "ip" => &mut self.ip,
            _ => return None,
        })
    }

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

/// Options of `sanitizeProps` / [`super::sanitize_json`]; in JS
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
    /// Reads the options as the loader writes them (`sanitizerLines` in js/props.js, which checks
    /// their shape): one per line, `category \t <name> \t <true|false>`, `keepPaths \t <pointer>`,
    /// `secretKeys \t <name>`, `mode \t <mode>`. No lines give the defaults. Whether each value
    /// means something is checked here, so no JSON reader ships in the Wasm.
    pub fn from_lines(text: &str) -> Result<Self, SanitizeError> {
        let bad = |why: String| SanitizeError::InvalidOptions(why);
        let mut options = Self::default();
        for line in text.split('\n') {
            let mut fields = line.split('\t');
            let (key, value) = (fields.next().unwrap_or_default(), fields.next().unwrap_or_default());
            match key {
                "" => {}
                "keepPaths" => options.keep_paths.push(value.to_owned()),
                "secretKeys" => options.secret_keys.push(value.to_owned()),
                "mode" => {
                    options.mode = match value {
                        "redact" => Mode::Redact,
                        "remove" => Mode::Remove,
                        "mask" => Mode::Mask,
                        _ => return Err(bad(format!("unknown mode '{value}' (redact, remove, mask)"))),
                    }
                }
                "category" => {
                    let unknown =
                        || bad(format!("unknown category '{value}' (secrets, email, phone, card, iban, ssn, ip)"));
                    *options.categories.named(value).ok_or_else(unknown)? = fields.next() == Some("true");
                }
                _ => return Err(bad(format!("unknown option line '{key}'"))),
            }
        }
        options.validate()?;
        Ok(options)
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
