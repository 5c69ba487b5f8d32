//! A widget's `_meta` CSP declaration, in both shapes hosts read, and its mapping to and from the
//! CSP header a host enforces:
//!
//! - ChatGPT Apps SDK: `_meta["openai/widgetCSP"]` = `{connect_domains, resource_domains,
//!   frame_domains, redirect_domains}`;
//! - MCP Apps: `_meta.ui.csp` = `{connectDomains, resourceDomains, frameDomains, baseUriDomains}`.
//!
//! connect → connect-src; resource → script-src, style-src, img-src, font-src, media-src; frame →
//! frame-src; base-uri → base-uri (MCP only); redirect → no CSP directive (the host's allow-list for
//! `openExternal`, Apps SDK only).

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::PolicyList;
use crate::generate::Domains;
use crate::policy::{DirectiveName, Disposition, SourceExpression};

/// Which host's shape a declaration uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MetaShape {
    /// `_meta["openai/widgetCSP"]`
    OpenAi,
    /// `_meta.ui.csp`
    McpApp,
}

/// The `openai/widgetCSP` object.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct OpenAiCsp {
    #[serde(default)]
    connect_domains: Vec<String>,
    #[serde(default)]
    resource_domains: Vec<String>,
    #[serde(default)]
    frame_domains: Vec<String>,
    #[serde(default)]
    redirect_domains: Vec<String>,
}

/// The MCP Apps `ui.csp` object.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct McpCsp {
    #[serde(default)]
    connect_domains: Vec<String>,
    #[serde(default)]
    resource_domains: Vec<String>,
    #[serde(default)]
    frame_domains: Vec<String>,
    #[serde(default)]
    base_uri_domains: Vec<String>,
}

/// A `_meta` document that holds no CSP declaration we can read.
#[derive(Debug, thiserror::Error)]
pub enum MetaError {
    #[error("not JSON: {0}")]
    Json(String),
    #[error(
        "no CSP declaration found: expected {{\"openai/widgetCSP\": {{\"connect_domains\": […]}}}} or \
         {{\"ui\": {{\"csp\": {{\"connectDomains\": […]}}}}}} (optionally inside \"_meta\")"
    )]
    Missing,
    #[error("invalid {shape} declaration: {message}")]
    Shape { shape: &'static str, message: String },
}

/// `{"openai/widgetCSP": …}`, fields in documentation order.
#[derive(Serialize)]
struct OpenAiMeta {
    #[serde(rename = "openai/widgetCSP")]
    csp: OpenAiCsp,
}

/// `{"ui": {"csp": …}}`.
#[derive(Serialize)]
struct McpMeta {
    ui: McpUi,
}

#[derive(Serialize)]
struct McpUi {
    csp: McpCsp,
}

/// The `_meta` JSON for the Apps SDK, pretty-printed: `{"openai/widgetCSP": {…}}`.
pub fn to_openai(domains: &Domains) -> String {
    let csp = OpenAiCsp {
        connect_domains: domains.connect.clone(),
        resource_domains: domains.resource.clone(),
        frame_domains: domains.frame.clone(),
        redirect_domains: domains.redirect.clone(),
    };
    pretty(&OpenAiMeta { csp })
}

/// The `_meta` JSON for MCP Apps, pretty-printed: `{"ui": {"csp": {…}}}`.
pub fn to_mcp(domains: &Domains) -> String {
    let csp = McpCsp {
        connect_domains: domains.connect.clone(),
        resource_domains: domains.resource.clone(),
        frame_domains: domains.frame.clone(),
        base_uri_domains: domains.base_uri.clone(),
    };
    pretty(&McpMeta { ui: McpUi { csp } })
}

fn pretty(value: &impl Serialize) -> String {
    // These structs of strings always serialize.
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}

/// Reads a declaration: a `_meta` object, an object holding `_meta` (a resource or tool), or the
/// bare inner object. When both shapes are present their domains are merged.
pub fn parse_meta(text: &str) -> Result<(MetaShape, Domains), MetaError> {
    let value: Value = serde_json::from_str(text).map_err(|e| MetaError::Json(e.to_string()))?;
    let meta = value.get("_meta").unwrap_or(&value);
    let openai = match meta.get("openai/widgetCSP") {
        Some(inner) => Some(openai_from(inner)?),
        None if meta.get("connect_domains").is_some() || meta.get("resource_domains").is_some() => {
            Some(openai_from(meta)?)
        }
        None => None,
    };
    let mcp = match meta.get("ui").and_then(|ui| ui.get("csp")) {
        Some(inner) => Some(mcp_from(inner)?),
        None if meta.get("connectDomains").is_some() || meta.get("resourceDomains").is_some() => Some(mcp_from(meta)?),
        None => None,
    };
    match (openai, mcp) {
        (Some(a), Some(b)) => Ok((MetaShape::OpenAi, merge(a, b))),
        (Some(a), None) => Ok((MetaShape::OpenAi, a)),
        (None, Some(b)) => Ok((MetaShape::McpApp, b)),
        (None, None) => Err(MetaError::Missing),
    }
}

fn openai_from(value: &Value) -> Result<Domains, MetaError> {
    let csp: OpenAiCsp = serde_json::from_value(value.clone())
        .map_err(|e| MetaError::Shape { shape: "openai/widgetCSP", message: e.to_string() })?;
    Ok(Domains {
        connect: csp.connect_domains,
        resource: csp.resource_domains,
        frame: csp.frame_domains,
        redirect: csp.redirect_domains,
        ..Domains::default()
    })
}

fn mcp_from(value: &Value) -> Result<Domains, MetaError> {
    let csp: McpCsp = serde_json::from_value(value.clone())
        .map_err(|e| MetaError::Shape { shape: "ui.csp", message: e.to_string() })?;
    Ok(Domains {
        connect: csp.connect_domains,
        resource: csp.resource_domains,
        frame: csp.frame_domains,
        base_uri: csp.base_uri_domains,
        ..Domains::default()
    })
}

fn merge(mut a: Domains, b: Domains) -> Domains {
    let extend = |into: &mut Vec<String>, from: Vec<String>| {
        for item in from {
            if !into.contains(&item) {
                into.push(item);
            }
        }
    };
    extend(&mut a.connect, b.connect);
    extend(&mut a.resource, b.resource);
    extend(&mut a.frame, b.frame);
    extend(&mut a.base_uri, b.base_uri);
    a
}

/// The directives whose host-sources become resource domains.
const RESOURCE_DIRECTIVES: [DirectiveName; 5] = [
    DirectiveName::ScriptSrc,
    DirectiveName::StyleSrc,
    DirectiveName::ImgSrc,
    DirectiveName::FontSrc,
    DirectiveName::MediaSrc,
];

/// The declaration that corresponds to a CSP header value, with notes on what a declaration
/// cannot express (keywords, schemes, wildcards) or widens (a host in img-src only becomes a
/// resource domain for scripts too).
pub fn domains_from_policy(header_value: &str) -> (Domains, Vec<String>) {
    let list = PolicyList::parse(header_value, Disposition::Enforce);
    let mut domains = Domains::default();
    let mut notes = Vec::new();
    let Some(policy) = list.policies.first() else {
        notes.push("the policy is empty".to_owned());
        return (domains, notes);
    };
    if list.policies.len() > 1 {
        notes.push("only the first of the comma-joined policies was read".to_owned());
    }
    let mut resource_seen: Vec<(String, DirectiveName)> = Vec::new();
    for directive in &policy.directives {
        let Some(name) = directive.known else { continue };
        let target = match name {
            DirectiveName::ConnectSrc => &mut domains.connect,
            DirectiveName::FrameSrc => &mut domains.frame,
            DirectiveName::BaseUri => &mut domains.base_uri,
            DirectiveName::FormAction => &mut domains.form_action,
            n if RESOURCE_DIRECTIVES.contains(&n) => &mut domains.resource,
            _ => continue,
        };
        for source in directive.source_list.iter().flat_map(|list| list.sources.iter()) {
            let text = directive.source_text(source);
            let domain = match &source.expression {
                SourceExpression::Host(host) if host.scheme.is_some() => text.to_owned(),
                SourceExpression::Host(_) => {
                    notes.push(format!("{name} '{text}' has no scheme; declared as https://{text}"));
                    format!("https://{text}")
                }
                SourceExpression::None | SourceExpression::SelfOrigin | SourceExpression::Hash { .. } => continue,
                SourceExpression::Keyword { .. } | SourceExpression::Nonce { .. } => continue,
                SourceExpression::Scheme { scheme } if scheme == "data" || scheme == "blob" => continue,
                _ => {
                    notes.push(format!("{name} '{text}' has no _meta equivalent (a declaration lists hosts)"));
                    continue;
                }
            };
            if RESOURCE_DIRECTIVES.contains(&name) {
                resource_seen.push((domain.clone(), name));
            }
            if !target.contains(&domain) {
                target.push(domain);
            }
        }
    }
    for domain in &domains.resource {
        let found: Vec<DirectiveName> = resource_seen.iter().filter(|(d, _)| d == domain).map(|(_, n)| *n).collect();
        if found.len() < RESOURCE_DIRECTIVES.len() {
            let names: Vec<&str> = found.iter().map(|n| n.as_str()).collect();
            notes.push(format!(
                "{domain} is in {} only; as a resource domain the host allows it for scripts, styles, \
                 images, fonts and media",
                names.join(", ")
            ));
        }
    }
    if !domains.form_action.is_empty() {
        notes.push("form-action hosts have no _meta field; hosts decide form-action themselves".to_owned());
    }
    (domains, notes)
}

/// Notes on what a shape cannot carry from a set of declared domains.
pub fn unrepresentable(shape: MetaShape, domains: &Domains) -> Vec<String> {
    let mut notes = Vec::new();
    match shape {
        MetaShape::OpenAi if !domains.base_uri.is_empty() => {
            notes.push("openai/widgetCSP has no base-uri field; the base-uri domains are not carried".to_owned())
        }
        MetaShape::McpApp if !domains.redirect.is_empty() => {
            notes.push("ui.csp has no redirect field; the redirect domains are not carried".to_owned())
        }
        _ => {}
    }
    if !domains.form_action.is_empty() {
        notes.push("neither _meta shape has a form-action field; the form-action domains are not carried".to_owned());
    }
    notes
}
