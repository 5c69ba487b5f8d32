//! The structure-aware input of `generate`: a configuration whose values come from pools of valid
//! and nearly valid domains, hashes and names (random text almost never passes validation), written
//! out as TOML or JSON so it also goes through the configuration parser.

use arbitrary::Arbitrary;
use serde_json::{Map, Value, json};

/// A configuration, field by field, as `csp.toml` has them.
#[derive(Arbitrary, Debug)]
pub struct ConfigCase {
    preset: Option<PresetChoice>,
    report_only: bool,
    nonce_placeholder: Option<NonceChoice>,
    frame_ancestors: Vec<AncestorSpec>,
    connect: Vec<DomainSpec>,
    resource: Vec<DomainSpec>,
    frame: Vec<DomainSpec>,
    redirect: Vec<DomainSpec>,
    base_uri: Vec<DomainSpec>,
    form_action: Vec<DomainSpec>,
    report_uri: Option<ReportUriChoice>,
    report_to: Option<GroupChoice>,
    script_hashes: Vec<HashChoice>,
    style_hashes: Vec<HashChoice>,
    as_toml: bool,
}

#[derive(Arbitrary, Debug, Clone, Copy)]
enum PresetChoice {
    AppsSdkWidget,
    McpApp,
    StrictDynamic,
    StaticSite,
    Unknown,
}

#[derive(Arbitrary, Debug, Clone, Copy)]
enum NonceChoice {
    Default,
    Custom,
    Template,
    Empty,
}

#[derive(Arbitrary, Debug)]
enum AncestorSpec {
    None,
    SelfKeyword,
    Upper,
    Domain(DomainSpec),
}

/// A declared domain: built from parts, or raw text over the characters validation refuses.
#[derive(Arbitrary, Debug)]
enum DomainSpec {
    Built { scheme: SchemeChoice, wildcard: bool, host: HostChoice, port: Option<PortChoice>, path: Option<PathChoice> },
    Raw(Vec<RawChar>),
}

#[derive(Arbitrary, Debug, Clone, Copy)]
enum SchemeChoice {
    Https,
    Http,
    Wss,
    Ws,
    Ftp,
    Upper,
    Missing,
}

#[derive(Arbitrary, Debug, Clone, Copy)]
enum HostChoice {
    Api,
    Cdn,
    Localhost,
    Loopback,
    Star,
    Tld,
    Upper,
    Dashed,
    TrailingDot,
    Empty,
}

#[derive(Arbitrary, Debug, Clone, Copy)]
enum PortChoice {
    Alternate,
    Default,
    Star,
    Huge,
}

#[derive(Arbitrary, Debug, Clone, Copy)]
enum PathChoice {
    Root,
    Prefix,
    Exact,
    Mixed,
    Encoded,
    Query,
    Fragment,
}

#[derive(Arbitrary, Debug, Clone, Copy)]
enum ReportUriChoice {
    Https,
    LocalHttp,
    Http,
    Relative,
    Quoted,
    WithPort,
}

#[derive(Arbitrary, Debug, Clone, Copy)]
enum GroupChoice {
    Plain,
    Dashed,
    Spaced,
    Empty,
}

#[derive(Arbitrary, Debug, Clone, Copy)]
enum HashChoice {
    Quoted,
    Bare,
    Sha512Url,
    Nonce,
    BadLength,
}

#[derive(Arbitrary, Debug, Clone, Copy)]
struct RawChar(u8);

/// Characters that matter to validation and to every output format's quoting.
const RAW_CHARS: [&str; 24] = [
    "https://", "a", ".", "*", ":", "/", "%", "'", "\"", ";", ",", " ", "\\", "$", "{", "}", "`", "<", "&", "é", "\t",
    "?", "#", "\u{7f}",
];

impl ConfigCase {
    /// The configuration as a `csp.toml` or JSON document.
    pub fn to_text(&self) -> String {
        let mut root = Map::new();
        if let Some(preset) = self.preset {
            root.insert("preset".into(), preset.as_str().into());
        }
        root.insert("report-only".into(), self.report_only.into());
        if let Some(nonce) = self.nonce_placeholder {
            root.insert("nonce-placeholder".into(), nonce.as_str().into());
        }
        let domains = |list: &[DomainSpec]| Value::from(list.iter().map(DomainSpec::render).collect::<Vec<_>>());
        root.insert(
            "frame-ancestors".into(),
            self.frame_ancestors.iter().map(AncestorSpec::render).collect::<Vec<_>>().into(),
        );
        root.insert(
            "domains".into(),
            json!({
                "connect": domains(&self.connect),
                "resource": domains(&self.resource),
                "frame": domains(&self.frame),
                "redirect": domains(&self.redirect),
                "base-uri": domains(&self.base_uri),
                "form-action": domains(&self.form_action),
            }),
        );
        let mut report = Map::new();
        if let Some(uri) = self.report_uri {
            report.insert("uri".into(), uri.as_str().into());
        }
        if let Some(group) = self.report_to {
            report.insert("to".into(), group.as_str().into());
        }
        root.insert("report".into(), report.into());
        let hashes = |list: &[HashChoice]| Value::from(list.iter().map(|h| h.as_str()).collect::<Vec<_>>());
        root.insert(
            "hashes".into(),
            json!({ "script": hashes(&self.script_hashes), "style": hashes(&self.style_hashes) }),
        );
        let root = Value::Object(root);
        if self.as_toml {
            toml::to_string(&root).expect("a table of strings, booleans and arrays is TOML")
        } else {
            root.to_string()
        }
    }
}

impl PresetChoice {
    fn as_str(self) -> &'static str {
        match self {
            PresetChoice::AppsSdkWidget => "apps-sdk-widget",
            PresetChoice::McpApp => "mcp-app",
            PresetChoice::StrictDynamic => "strict-dynamic",
            PresetChoice::StaticSite => "static-site",
            PresetChoice::Unknown => "strict",
        }
    }
}

impl NonceChoice {
    fn as_str(self) -> &'static str {
        match self {
            NonceChoice::Default => "CSP_NONCE",
            NonceChoice::Custom => "r4nd0m+/=",
            NonceChoice::Template => "{{nonce}}",
            NonceChoice::Empty => "",
        }
    }
}

impl AncestorSpec {
    fn render(&self) -> String {
        match self {
            AncestorSpec::None => "'none'".into(),
            AncestorSpec::SelfKeyword => "'self'".into(),
            AncestorSpec::Upper => "'SELF'".into(),
            AncestorSpec::Domain(domain) => domain.render(),
        }
    }
}

impl DomainSpec {
    fn render(&self) -> String {
        match self {
            DomainSpec::Built { scheme, wildcard, host, port, path } => {
                let mut text = scheme.as_str().to_owned();
                if *wildcard {
                    text.push_str("*.");
                }
                text.push_str(host.as_str());
                text.push_str(port.map_or("", PortChoice::as_str));
                text.push_str(path.map_or("", PathChoice::as_str));
                text
            }
            DomainSpec::Raw(chars) => {
                chars.iter().map(|RawChar(c)| RAW_CHARS[usize::from(*c) % RAW_CHARS.len()]).collect()
            }
        }
    }
}

impl SchemeChoice {
    fn as_str(self) -> &'static str {
        match self {
            SchemeChoice::Https => "https://",
            SchemeChoice::Http => "http://",
            SchemeChoice::Wss => "wss://",
            SchemeChoice::Ws => "ws://",
            SchemeChoice::Ftp => "ftp://",
            SchemeChoice::Upper => "HTTPS://",
            SchemeChoice::Missing => "",
        }
    }
}

impl HostChoice {
    fn as_str(self) -> &'static str {
        match self {
            HostChoice::Api => "api.example.com",
            HostChoice::Cdn => "cdn.example.com",
            HostChoice::Localhost => "localhost",
            HostChoice::Loopback => "127.0.0.1",
            HostChoice::Star => "*",
            HostChoice::Tld => "com",
            HostChoice::Upper => "API.Example.COM",
            HostChoice::Dashed => "a-b.example",
            HostChoice::TrailingDot => "example.com.",
            HostChoice::Empty => "",
        }
    }
}

impl PortChoice {
    fn as_str(self) -> &'static str {
        match self {
            PortChoice::Alternate => ":8443",
            PortChoice::Default => ":443",
            PortChoice::Star => ":*",
            PortChoice::Huge => ":99999",
        }
    }
}

impl PathChoice {
    fn as_str(self) -> &'static str {
        match self {
            PathChoice::Root => "/",
            PathChoice::Prefix => "/v1/",
            PathChoice::Exact => "/v1/items",
            PathChoice::Mixed => "/V1/Items/",
            PathChoice::Encoded => "/a%20b/",
            PathChoice::Query => "/v1?x=1",
            PathChoice::Fragment => "/v1#x",
        }
    }
}

impl ReportUriChoice {
    fn as_str(self) -> &'static str {
        match self {
            ReportUriChoice::Https => "https://csp.example.com/report",
            ReportUriChoice::LocalHttp => "http://localhost:8080/csp",
            ReportUriChoice::Http => "http://csp.example.com/report",
            ReportUriChoice::Relative => "/csp-report",
            ReportUriChoice::Quoted => "https://csp.example.com/r?a='b'",
            ReportUriChoice::WithPort => "https://csp.example.com:8443/r%20x",
        }
    }
}

impl GroupChoice {
    fn as_str(self) -> &'static str {
        match self {
            GroupChoice::Plain => "csp",
            GroupChoice::Dashed => "csp-endpoint_2",
            GroupChoice::Spaced => "csp endpoint",
            GroupChoice::Empty => "",
        }
    }
}

impl HashChoice {
    fn as_str(self) -> &'static str {
        match self {
            HashChoice::Quoted => "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='",
            HashChoice::Bare => "sha384-OLBgp1GsljhM2TJ+sbHjaiH9txEUvgdDTAzHv2P24donTt6/529l+9Ua0vFImLlb",
            HashChoice::Sha512Url => {
                "'sha512-z4PhNX7vuL3xVChQ1m2AB9Yg5AULVxXcg_SpIdNs6c5H0NE8XYXysP-DGNKHfuwvY7kxvUdBeoGlODJ6-SfaPg'"
            }
            HashChoice::Nonce => "'nonce-abc'",
            HashChoice::BadLength => "'sha256-abcde'",
        }
    }
}
