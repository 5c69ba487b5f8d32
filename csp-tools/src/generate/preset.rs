//! The four presets: which directives each emits, with the reason for every value. The reasons are
//! printed by `--format json` and documented in the README.

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

use super::Spec;
use super::config::ConfigError;

/// A starting point for a policy.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Preset {
    /// A ChatGPT Apps SDK widget (declared in `_meta["openai/widgetCSP"]`).
    AppsSdkWidget,
    /// An MCP Apps widget (declared in `_meta.ui.csp`).
    McpApp,
    /// A site whose scripts carry a per-response nonce ('strict-dynamic').
    StrictDynamic,
    /// A static site served from its own origin.
    StaticSite,
}

/// Every preset, in documentation order.
pub const PRESETS: [Preset; 4] = [Preset::AppsSdkWidget, Preset::McpApp, Preset::StrictDynamic, Preset::StaticSite];

impl Preset {
    /// The preset's name on the command line and in `csp.toml`.
    pub fn as_str(self) -> &'static str {
        match self {
            Preset::AppsSdkWidget => "apps-sdk-widget",
            Preset::McpApp => "mcp-app",
            Preset::StrictDynamic => "strict-dynamic",
            Preset::StaticSite => "static-site",
        }
    }

    /// Whether the policy protects a widget rendered by a chat host.
    pub fn is_widget(self) -> bool {
        matches!(self, Preset::AppsSdkWidget | Preset::McpApp)
    }
}

impl FromStr for Preset {
    type Err = ConfigError;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        PRESETS.into_iter().find(|p| p.as_str() == name).ok_or_else(|| ConfigError::UnknownPreset(name.to_owned()))
    }
}

impl fmt::Display for Preset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One directive of a generated policy and why it has this value.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct GeneratedDirective {
    /// The directive name.
    pub name: &'static str,
    /// Its value tokens (empty for valueless directives such as upgrade-insecure-requests).
    pub sources: Vec<String>,
    /// Why the directive has this value.
    pub why: &'static str,
}

/// Builds the directive list of a preset for a validated spec.
pub fn directives(spec: &Spec) -> Vec<GeneratedDirective> {
    let mut out = Vec::with_capacity(16);
    let mut add = |name, sources: Vec<String>, why| out.push(GeneratedDirective { name, sources, why });
    let d = &spec.domains;
    let with = |fixed: &[&str], lists: &[&[String]]| -> Vec<String> {
        let mut all: Vec<String> = fixed.iter().map(|s| (*s).to_owned()).collect();
        for item in lists.iter().flat_map(|list| list.iter()) {
            if !all.contains(item) {
                all.push(item.clone());
            }
        }
        all
    };
    let or_none = |list: &[String]| if list.is_empty() { vec!["'none'".to_owned()] } else { list.to_vec() };
    if spec.preset.is_widget() {
        add("default-src", with(&["'none'"], &[]), "deny by default: anything not listed below is blocked");
        add(
            "script-src",
            with(&["'self'"], &[&d.resource, &spec.script_hashes, &["'wasm-unsafe-eval'".to_owned()]]),
            "the widget's own bundle, declared resource domains and hashed inline blocks; 'wasm-unsafe-eval' \
             lets widget-guard compile its WebAssembly without allowing JavaScript eval",
        );
        add(
            "style-src",
            with(&["'self'"], &[&d.resource, &spec.style_hashes]),
            "stylesheets from the bundle and declared resource domains; no 'unsafe-inline'",
        );
        add(
            "img-src",
            with(&["'self'", "data:"], &[&d.resource]),
            "images from the bundle and resource domains; data: images cannot run script",
        );
        add("font-src", with(&["'self'"], &[&d.resource]), "fonts from the bundle and resource domains");
        add("media-src", with(&["'self'"], &[&d.resource]), "audio and video from the bundle and resource domains");
        add(
            "connect-src",
            or_none(&d.connect),
            "only the declared APIs (the same list widget-guard enforces); no 'self', which is the host's sandbox",
        );
        add("frame-src", or_none(&d.frame), "nested iframes only from declared frame domains");
        add("worker-src", with(&["'none'"], &[]), "a worker's fetch runs outside widget-guard's wrappers");
        add("object-src", with(&["'none'"], &[]), "no plugins");
        add("base-uri", or_none(&d.base_uri), "a <base> element cannot redirect relative script URLs");
        add("form-action", or_none(&d.form_action), "forms cannot post data anywhere undeclared");
        if !spec.frame_ancestors.is_empty() {
            add(
                "frame-ancestors",
                spec.frame_ancestors.clone(),
                "only the declared chat hosts may frame the widget (header delivery only)",
            );
        }
    } else {
        add("default-src", with(&["'self'"], &[]), "fallback for every fetch directive not listed: own origin only");
        if spec.preset == Preset::StrictDynamic {
            add(
                "script-src",
                with(&[&format!("'nonce-{}'", spec.nonce), "'strict-dynamic'"], &[&spec.script_hashes]),
                "only scripts carrying this response's nonce (and scripts they load) run; host lists are \
                 ignored under 'strict-dynamic', and every current browser supports it, so no fallbacks",
            );
        } else {
            add(
                "script-src",
                with(&["'self'"], &[&d.resource, &spec.script_hashes]),
                "own scripts, declared resource domains and hashed inline blocks; no 'unsafe-inline'",
            );
        }
        add("style-src", with(&["'self'"], &[&d.resource, &spec.style_hashes]), "own and declared stylesheets");
        add("img-src", with(&["'self'", "data:"], &[&d.resource]), "images; data: images cannot run script");
        add("font-src", with(&["'self'"], &[&d.resource]), "own and declared fonts");
        add("media-src", with(&["'self'"], &[&d.resource]), "own and declared audio and video");
        add("connect-src", with(&["'self'"], &[&d.connect]), "own origin and the declared APIs");
        add("frame-src", or_none(&d.frame), "nested iframes only from declared frame domains");
        add("object-src", with(&["'none'"], &[]), "no plugins");
        add("base-uri", or_none(&d.base_uri), "a <base> element cannot redirect relative script URLs");
        add("form-action", with(&["'self'"], &[&d.form_action]), "forms post only to the site and declared targets");
        let ancestors =
            if spec.frame_ancestors.is_empty() { vec!["'self'".into()] } else { spec.frame_ancestors.clone() };
        add(
            "frame-ancestors",
            ancestors,
            "clickjacking protection: only the site itself (or the declared origins) frames it",
        );
        // Browsers ignore it in a report-only policy (Chromium says so in the console), so a
        // report-only policy leaves it out rather than carry a directive that does nothing.
        if !spec.report_only {
            add("upgrade-insecure-requests", Vec::new(), "http: subresource URLs are fetched over https");
        }
    }
    if let Some(uri) = &spec.report_uri {
        add("report-uri", vec![uri.clone()], "violation reports for browsers without report-to");
    }
    if let Some(group) = &spec.report_to {
        add("report-to", vec![group.clone()], "violation reports through the Reporting API");
    }
    out
}
