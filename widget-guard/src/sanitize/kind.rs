//! What can be found: kinds, their categories and confidence levels.

use serde::Serialize;

/// A category that can be switched on or off as a whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Category {
    /// Credentials, tokens, keys, passwords.
    Secrets,
    /// Email addresses.
    Email,
    /// Phone numbers.
    Phone,
    /// Payment card numbers.
    Card,
    /// International bank account numbers.
    Iban,
    /// US social security numbers.
    Ssn,
    /// IPv4 and IPv6 addresses.
    Ip,
}

/// How sure a detector is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    /// Only the key name and the value's shape suggest a secret.
    Low,
    /// A specific prefix/shape matched, nothing more could be verified.
    Medium,
    /// A checksum or the decoded structure was verified.
    High,
}

impl Confidence {
    /// The lowercase name used in findings.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Low => "low",
            Self::Medium => "medium",
            Self::High => "high",
        }
    }
}

macro_rules! kinds {
    ($($(#[$doc:meta])* $variant:ident = $name:literal => $cat:ident,)*) => {
        /// What a finding is; serialized as the snake_case name shown in `[REDACTED:<kind>]`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
        pub enum Kind {
            $($(#[$doc])* #[serde(rename = $name)] $variant,)*
        }
        impl Kind {
            /// The snake_case name used in findings and placeholders.
            pub fn as_str(self) -> &'static str {
                match self { $(Self::$variant => $name,)* }
            }
            /// The category that switches this kind on or off.
            pub fn category(self) -> Category {
                match self { $(Self::$variant => Category::$cat,)* }
            }
            /// Every kind, for tests and documentation.
            pub const ALL: &'static [Kind] = &[$(Self::$variant,)*];
        }
    };
}

kinds! {
    /// AWS access key id (AKIA…, ASIA…).
    AwsAccessKeyId = "aws_access_key_id" => Secrets,
    /// AWS secret access key (40 chars, recognised by its key name).
    AwsSecretAccessKey = "aws_secret_access_key" => Secrets,
    /// GitHub token (ghp_/gho_/ghu_/ghs_/ghr_ with CRC32, github_pat_).
    GithubToken = "github_token" => Secrets,
    /// GitLab token (glpat- and friends).
    GitlabToken = "gitlab_token" => Secrets,
    /// Slack token (xoxb-, xoxp-, xapp-…).
    SlackToken = "slack_token" => Secrets,
    /// Stripe secret/restricted key or webhook secret.
    StripeKey = "stripe_key" => Secrets,
    /// OpenAI API key.
    OpenaiKey = "openai_key" => Secrets,
    /// Anthropic API key.
    AnthropicKey = "anthropic_key" => Secrets,
    /// Google API key (AIza…).
    GoogleApiKey = "google_api_key" => Secrets,
    /// Twilio account/API key SID.
    TwilioKey = "twilio_key" => Secrets,
    /// SendGrid API key.
    SendgridKey = "sendgrid_key" => Secrets,
    /// npm access token (with CRC32).
    NpmToken = "npm_token" => Secrets,
    /// PyPI upload token.
    PypiToken = "pypi_token" => Secrets,
    /// Shopify access token / shared secret.
    ShopifyToken = "shopify_token" => Secrets,
    /// Azure storage account key / shared access key.
    AzureKey = "azure_key" => Secrets,
    /// JSON Web Token.
    Jwt = "jwt" => Secrets,
    /// PEM / OpenSSH / PGP private key block.
    PrivateKey = "private_key" => Secrets,
    /// Password inside a URL or connection string.
    UrlCredentials = "url_credentials" => Secrets,
    /// Bearer/Basic credentials of an Authorization value.
    Authorization = "authorization" => Secrets,
    /// Session cookie value.
    SessionCookie = "session_cookie" => Secrets,
    /// Password or high-entropy value under a secret-like key.
    GenericSecret = "generic_secret" => Secrets,
    /// Email address.
    Email = "email" => Email,
    /// Phone number.
    Phone = "phone" => Phone,
    /// Payment card number (Luhn + issuer range).
    Card = "card" => Card,
    /// IBAN (mod-97).
    Iban = "iban" => Iban,
    /// US social security number.
    Ssn = "ssn" => Ssn,
    /// IPv4 or IPv6 address.
    IpAddress = "ip_address" => Ip,
}
