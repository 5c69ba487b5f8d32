//! Profiles: extra checks for a kind of page. `widget` is for app widgets rendered in a sandboxed
//! iframe by a chat host, running widget-guard.

use serde::Serialize;

use crate::policy::{Directive, DirectiveName, HostPattern, Keyword, Policy, SourceExpression};

use super::checks::{governing, has_keyword, sources};
use super::finding::{Finding, Severity};
use super::rules;

/// Which extra checks to run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Profile {
    /// A web page: the checks every policy gets.
    #[default]
    Default,
    /// An app widget: network, frames, forms, base URL and WebAssembly for widget-guard.
    Widget,
}

impl std::str::FromStr for Profile {
    type Err = String;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        match name {
            "default" => Ok(Profile::Default),
            "widget" => Ok(Profile::Widget),
            _ => Err(format!("unknown profile '{name}': use default or widget")),
        }
    }
}

impl Profile {
    /// Runs the profile's checks on one policy.
    pub fn check_policy(self, index: usize, policy: &Policy, out: &mut Vec<Finding>) {
        if self == Profile::Widget {
            for check in WIDGET_CHECKS {
                check(index, policy, out);
            }
        }
    }
}

type WidgetCheck = fn(usize, &Policy, &mut Vec<Finding>);

const WIDGET_CHECKS: [WidgetCheck; 5] = [connect_src, nested_frames, form_action, base_uri, wasm];

/// Whether a source lets a widget reach any host: `*`, a network scheme, or `*.tld`.
fn is_broad(expression: &SourceExpression) -> bool {
    match expression {
        SourceExpression::Star => true,
        SourceExpression::Scheme { scheme } => matches!(scheme.as_str(), "http" | "https" | "ws" | "wss"),
        SourceExpression::Host(host) => match &host.host {
            HostPattern::Any => true,
            HostPattern::Subdomains(parent) => !parent.contains('.'),
            HostPattern::Exact(_) => false,
        },
        _ => false,
    }
}

fn broad_tokens(directive: &Directive) -> impl Iterator<Item = &crate::policy::Token> {
    sources(directive).filter(|(source, _)| is_broad(&source.expression)).map(|(_, token)| token)
}

/// connect-src: present, and naming hosts rather than `*` or a bare scheme.
fn connect_src(index: usize, policy: &Policy, out: &mut Vec<Finding>) {
    let fix = "add connect-src with the exact origins the widget calls (https://api.example.com)";
    match governing(policy, DirectiveName::ConnectSrc) {
        None => out.push(
            Finding::new(
                &rules::WIDGET_CONNECT_SRC_MISSING,
                index,
                "neither connect-src nor default-src is set: the widget can send data to any host",
                fix,
            )
            .directive("connect-src"),
        ),
        Some(directive) if directive.known == Some(DirectiveName::DefaultSrc) => {
            let broad = broad_tokens(directive).next().is_some();
            let finding = Finding::new(
                &rules::WIDGET_CONNECT_SRC_MISSING,
                index,
                if broad {
                    "connect-src is missing and falls back to a broad default-src: the widget can send data anywhere"
                } else {
                    "connect-src is missing and falls back to default-src; declare the widget's endpoints explicitly"
                },
                fix,
            )
            .directive("connect-src")
            .spanning(directive.span.clone());
            out.push(if broad { finding } else { finding.severity(Severity::Medium) });
        }
        Some(directive) => {
            for token in broad_tokens(directive) {
                out.push(
                    Finding::new(
                        &rules::WIDGET_CONNECT_SRC_BROAD,
                        index,
                        format!("{} in {} lets the widget send data to any host", token.text, directive.name),
                        format!("replace {} with the exact origins the widget calls", token.text),
                    )
                    .directive(&directive.name)
                    .at(&token.text, token.span.clone())
                    .keyed(),
                );
            }
        }
    }
}

/// frame-src (or child-src, default-src): a widget should not embed further frames.
fn nested_frames(index: usize, policy: &Policy, out: &mut Vec<Finding>) {
    let finding = |message: String| {
        Finding::new(&rules::WIDGET_NESTED_FRAMES, index, message, "add frame-src 'none' (or list the exact origins)")
            .directive("frame-src")
    };
    match governing(policy, DirectiveName::FrameSrc) {
        None => out.push(finding("frame-src is not restricted: the widget can embed any page".to_owned())),
        Some(directive) => {
            let allows = sources(directive).any(|(source, _)| source.expression != SourceExpression::None);
            if allows {
                out.push(
                    finding(format!("{} allows nested frames in the widget", directive.name))
                        .spanning(directive.span.clone()),
                );
            }
        }
    }
}

/// form-action must be set: it does not fall back to default-src.
fn form_action(index: usize, policy: &Policy, out: &mut Vec<Finding>) {
    if policy.directive(DirectiveName::FormAction).is_none() {
        out.push(
            Finding::new(
                &rules::WIDGET_FORM_ACTION_MISSING,
                index,
                "form-action is missing (it does not fall back to default-src): forms can post user data anywhere",
                "add form-action 'none' (or the origins the widget posts to)",
            )
            .directive("form-action"),
        );
    }
}

/// base-uri must be set: it does not fall back to default-src.
fn base_uri(index: usize, policy: &Policy, out: &mut Vec<Finding>) {
    if policy.directive(DirectiveName::BaseUri).is_none() {
        out.push(
            Finding::new(
                &rules::WIDGET_BASE_URI_MISSING,
                index,
                "base-uri is missing: an injected <base> can redirect the widget's relative URLs",
                "add base-uri 'none'",
            )
            .directive("base-uri"),
        );
    }
}

/// script-src (or default-src) must allow WebAssembly, or widget-guard cannot start.
fn wasm(index: usize, policy: &Policy, out: &mut Vec<Finding>) {
    let Some(directive) = governing(policy, DirectiveName::ScriptSrc) else { return };
    if !has_keyword(directive, Keyword::WasmUnsafeEval) && !has_keyword(directive, Keyword::UnsafeEval) {
        out.push(
            Finding::new(
                &rules::WIDGET_WASM_BLOCKED,
                index,
                format!(
                    "{} does not allow WebAssembly: widget-guard cannot load and the widget's network stays denied",
                    directive.name
                ),
                format!("add 'wasm-unsafe-eval' to {}", directive.name),
            )
            .directive(&directive.name)
            .spanning(directive.span.clone()),
        );
    }
}
