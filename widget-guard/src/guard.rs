//! One decision per thing a widget tries to send out: the in-page CSP (the csp-tools engine) and
//! the allow-list for network sinks, the navigation allow-list for windows and forms, the
//! privileged-API policy, and the tool-call gate for calls over the host bridge.

use std::cell::RefCell;

use csp_tools::decision::DisplayUrl;
use csp_tools::matching::does_url_match_source_list;
use csp_tools::policy::{Source, SourceExpression, SourceList, parse_source_expression};
use csp_tools::{Delivery, DirectiveName, Disposition, Origin, PolicyList, Request, RequestKind, UrlView};

use crate::allow_list::{AllowList, AllowVerdict};
use crate::apis::{Api, ApiPolicy};
use crate::config::{ConfigError, GuardConfig, Mode};
use crate::href::split_href;
use crate::json::Object;
use crate::sink::Sink;
use crate::tool_gate::{ToolGate, ToolVerdict};

/// A configured guard.
#[derive(Debug)]
pub struct Guard {
    page: Origin,
    document_url: String,
    policies: PolicyList,
    allow: Option<AllowList>,
    navigation: SourceList,
    mode: Mode,
    apis: ApiPolicy,
    /// The tool-call gate; its rate-limit state changes with every call.
    tools: RefCell<ToolGate>,
}

/// Whether a request may go ahead, without the explanation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Verdict {
    /// Whether the request may go ahead (always true in report mode).
    pub proceed: bool,
    /// Whether a redirect may be followed.
    pub follow_redirects: bool,
    /// Whether the request violates the guard's policy.
    pub violation: bool,
}

/// What refuses a request.
#[derive(Clone, Copy)]
enum Refusal<'u> {
    Api(Api),
    Navigation,
    Redirect,
    Csp(Request<'u>),
    AllowList,
}

/// What to do with one request, explained.
#[derive(Debug)]
pub struct Outcome {
    pub sink: &'static str,
    pub method: String,
    /// The URL without query or fragment.
    pub url: String,
    /// Whether the request may go ahead (always true in report mode).
    pub proceed: bool,
    /// Whether a redirect may be followed (an allow rule with `followRedirects`, or no allow-list).
    pub follow_redirects: bool,
    /// A sentence a person can act on.
    pub reason: String,
    /// Whether a tool call may go ahead only once the user confirms it.
    pub needs_consent: bool,
    /// Set when the request violates the guard's policy (blocked, or reported in report mode).
    pub violation: Option<Violation>,
}

/// A violation in the shape of a CSP violation report (`SecurityPolicyViolationEvent`).
#[derive(Clone, Debug)]
pub struct Violation {
    /// The widget document's URL without query or fragment.
    pub document_url: String,
    /// The refused URL without query or fragment.
    pub blocked_url: String,
    /// The directive the request falls under (`connect-src`, `worker-src`, `navigation`, `webrtc`).
    pub effective_directive: String,
    /// What refused it: a CSP directive (`default-src`), `allow-list`, `redirects`, or an option name.
    pub violated_directive: String,
    /// The in-page policy, as configured.
    pub original_policy: String,
    /// `enforce` (blocked) or `report` (report mode: it went ahead).
    pub disposition: &'static str,
    pub sink: &'static str,
    pub method: String,
}

impl Outcome {
    /// Appends the outcome as the JSON object the loader reads; `id` is its audit event's
    /// sequence number when it was recorded.
    pub fn write_json(&self, out: &mut String, id: Option<u64>) {
        let mut object = Object::new(out);
        if let Some(id) = id {
            object.uint("id", id);
        }
        object
            .str("sink", self.sink)
            .str("method", &self.method)
            .str("url", &self.url)
            .bool("proceed", self.proceed)
            .bool("followRedirects", self.follow_redirects)
            .str("reason", &self.reason);
        if let Some(violation) = &self.violation {
            object.nested("violation", |out| violation.write_json(out));
        }
        object.finish();
    }
}

impl Violation {
    /// Appends the violation with the field names of a CSP violation report.
    pub fn write_json(&self, out: &mut String) {
        Object::new(out)
            .str("documentURL", &self.document_url)
            .str("blockedURL", &self.blocked_url)
            .str("effectiveDirective", &self.effective_directive)
            .str("violatedDirective", &self.violated_directive)
            .str("originalPolicy", &self.original_policy)
            .str("disposition", self.disposition)
            .str("sink", self.sink)
            .str("method", &self.method)
            .finish();
    }
}

impl Guard {
    /// Builds a guard from its configuration, or says what is wrong with it.
    pub fn new(config: GuardConfig) -> Result<Self, ConfigError> {
        let page_url = split_href(&config.page)
            .map_err(|_| ConfigError::invalid("page", &config.page, "the widget's absolute URL (location.href)"))?;
        let page = Origin::of(&page_url);
        let document_url = DisplayUrl(&page_url).to_string();
        let mut policies = PolicyList::default();
        for policy in &config.csp {
            policies.add(policy, Disposition::Enforce, Delivery::Header);
        }
        if config.csp.is_empty()
            && let Some(domains) = &config.connect_domains
        {
            parse_sources("connectDomains", domains, DirectiveName::ConnectSrc)?;
            let sources = if domains.is_empty() { "'none'".to_owned() } else { crate::joined(domains, " ") };
            policies.add(&format!("connect-src {sources}"), Disposition::Enforce, Delivery::Header);
        }
        let allow = config.allow.map(AllowList::compile).transpose()?;
        if policies.policies.is_empty() && allow.is_none() {
            return Err(ConfigError::Empty);
        }
        let navigation = parse_sources("redirects", &config.redirects, DirectiveName::ConnectSrc)?;
        Ok(Guard {
            page,
            document_url,
            policies,
            allow,
            navigation,
            mode: config.mode,
            apis: ApiPolicy::new(&config.apis, &config.allow_apis, &config.block_apis)?,
            tools: RefCell::new(ToolGate::new(config.tools, config.destructive_tools, config.tool_rate_limit)?),
        })
    }

    /// Whether a request may go ahead, without explaining why (the per-request hot path):
    /// `href` is the URL as the browser serialized it, `method` the HTTP method.
    pub fn verdict(&self, sink: Sink, method: &str, href: &str) -> Verdict {
        if let Ok(url) = split_href(href)
            && self.refusal(sink, method, &url).is_none()
        {
            return Verdict { proceed: true, follow_redirects: self.follows_redirects(method, &url), violation: false };
        }
        let report = self.mode == Mode::Report;
        Verdict { proceed: report, follow_redirects: report, violation: true }
    }

    /// Decides one request and explains it: the reason, and the violation report if any.
    pub fn decide(&self, sink: Sink, method: &str, href: &str) -> Outcome {
        let url = match split_href(href) {
            Ok(url) => url,
            Err(error) => return self.refuse(sink, method, href.to_owned(), "url", format!("blocked: {error}")),
        };
        let blocked_url = DisplayUrl(&url).to_string();
        match self.refusal(sink, method, &url) {
            None => Outcome {
                sink: sink.name(),
                method: method.to_owned(),
                proceed: true,
                follow_redirects: self.follows_redirects(method, &url),
                reason: format!("allowed: {blocked_url}"),
                url: blocked_url,
                needs_consent: false,
                violation: None,
            },
            Some(refusal) => {
                let (violated, reason) = self.explain(refusal, method, &url, &blocked_url);
                self.refuse(sink, method, blocked_url, violated, reason)
            }
        }
    }

    /// Decides a call over the host bridge at time `now` (ms): `tool` is the tool's name (for a
    /// follow-up message, `sendFollowUpMessage`). Counts toward the tool's rate limit.
    pub fn decide_tool(&self, sink: Sink, tool: &str, now: f64) -> Outcome {
        let verdict = match sink {
            Sink::ToolCall | Sink::DestructiveToolCall => {
                self.tools.borrow_mut().check(tool, now, sink == Sink::DestructiveToolCall)
            }
            Sink::FollowUp => match self.tools.borrow_mut().count(tool, now) {
                Ok(()) => ToolVerdict::Allowed,
                Err(reason) => ToolVerdict::Refused { violated: "toolRateLimit", reason },
            },
            _ => ToolVerdict::Refused {
                violated: "consent",
                reason: format!("blocked: the user declined the destructive tool call \"{tool}\""),
            },
        };
        match verdict {
            ToolVerdict::Refused { violated, reason } => {
                let mut outcome = self.refuse(sink, tool, self.document_url.clone(), violated, reason);
                if let Some(violation) = &mut outcome.violation {
                    violation.effective_directive = "tool-call".to_owned();
                }
                outcome
            }
            verdict => Outcome {
                sink: sink.name(),
                method: tool.to_owned(),
                url: self.document_url.clone(),
                proceed: true,
                follow_redirects: false,
                reason: if verdict == ToolVerdict::NeedsConsent {
                    format!(
                        "needs consent: \"{tool}\" is destructive; the widget's confirmTool callback must approve it"
                    )
                } else {
                    format!("allowed: the tool call \"{tool}\"")
                },
                needs_consent: verdict == ToolVerdict::NeedsConsent,
                violation: None,
            },
        }
    }

    /// What refuses a request, if anything: cheap, no text.
    fn refusal<'u>(&self, sink: Sink, method: &str, url: &UrlView<'u>) -> Option<Refusal<'u>> {
        match sink {
            Sink::Api(api) => self.apis.blocks(api).then_some(Refusal::Api(api)),
            Sink::WebRtc => self.apis.blocks(Api::WebRtc).then_some(Refusal::Api(Api::WebRtc)),
            Sink::Worker if self.apis.blocks(Api::Worker) => Some(Refusal::Api(Api::Worker)),
            Sink::WindowOpen if self.apis.blocks(Api::WindowOpen) => Some(Refusal::Api(Api::WindowOpen)),
            Sink::WindowOpen | Sink::FormSubmit | Sink::Navigation | Sink::OpenExternal => {
                let listed = does_url_match_source_list(url, &self.navigation, &self.page, false).is_some();
                (!listed).then_some(Refusal::Navigation)
            }
            Sink::Redirect => Some(Refusal::Redirect),
            _ => {
                let request = Request { url: *url, kind: sink.request_kind()?, redirected: false };
                if !self.policies.allows(&request, &self.page) {
                    return Some(Refusal::Csp(request));
                }
                let allow = self.allow.as_ref()?;
                allow.find(url, method, &self.page).is_none().then_some(Refusal::AllowList)
            }
        }
    }

    /// What refused a request, for the report's `violatedDirective` (a CSP directive, or the
    /// guard option), and the reason text: what refused it and what to change.
    fn explain(
        &self,
        refusal: Refusal<'_>,
        method: &str,
        url: &UrlView<'_>,
        blocked_url: &str,
    ) -> (&'static str, String) {
        match refusal {
            Refusal::Api(api) => {
                let why = match api {
                    Api::WebRtc => {
                        "RTCPeerConnection can send data to any peer or STUN/TURN server and CSP connect-src \
                                    does not cover it"
                    }
                    Api::Worker => {
                        "a worker has its own fetch, which the guard cannot wrap (the browser's worker-src \
                                    still applies)"
                    }
                    Api::Alert | Api::Confirm | Api::Prompt | Api::Clipboard | Api::ExecCommandClipboard => {
                        "chat hosts do not let widgets use it"
                    }
                    _ => "it reaches the user's devices, data or attention",
                };
                let name = api.name();
                (
                    "apis",
                    format!(
                        "blocked: {name} is a privileged API: {why}; add \"{name}\" to allowApis if the widget needs it"
                    ),
                )
            }
            Refusal::Navigation => (
                "redirects",
                format!(
                    "blocked: {blocked_url} is not in the guard's redirects (the widget's redirect domains); add its \
                 origin to redirects if the widget may open it"
                ),
            ),
            Refusal::Redirect => (
                "allow-list",
                format!(
                    "blocked: {blocked_url} answered with a redirect, and no allow rule with followRedirects covers it, so \
                 it was not followed; set followRedirects: true on the rule if the redirect is expected (the \
                 browser's connect-src still checks its target)"
                ),
            ),
            Refusal::Csp(request) => {
                // One check gives both: the directive that blocked (or the default-src it fell back to) and why.
                let decision = self.policies.check(&request, &self.page);
                let directive = decision.deciding().and_then(|verdict| verdict.directive.known);
                (directive.map_or("csp", DirectiveName::as_str), decision.reason(&request, &self.page))
            }
            Refusal::AllowList => match self.allow.as_ref().map(|allow| allow.check(url, method, &self.page)) {
                Some(AllowVerdict::Blocked(reason)) => ("allow-list", format!("blocked: {reason}")),
                _ => ("allow-list", format!("blocked: {blocked_url} matches no allow rule")),
            },
        }
    }

    /// Whether the request may follow redirects: in report mode always (nothing is blocked).
    fn follows_redirects(&self, method: &str, url: &UrlView<'_>) -> bool {
        match &self.allow {
            _ if self.mode == Mode::Report => true,
            None => true,
            Some(allow) => allow.find(url, method, &self.page).is_some_and(|rule| rule.follow_redirects),
        }
    }

    fn refuse(&self, sink: Sink, method: &str, blocked_url: String, violated: &str, reason: String) -> Outcome {
        let report = self.mode == Mode::Report;
        let effective = match sink.request_kind().and_then(RequestKind::effective_directive) {
            Some(directive) => directive.as_str(),
            None if matches!(sink, Sink::WebRtc | Sink::Api(_)) => "privileged-api",
            None => "navigation",
        };
        let violation = Violation {
            document_url: self.document_url.clone(),
            blocked_url: blocked_url.clone(),
            effective_directive: effective.to_owned(),
            violated_directive: violated.to_owned(),
            original_policy: self.policy_text(),
            disposition: if report { "report" } else { "enforce" },
            sink: sink.name(),
            method: method.to_owned(),
        };
        let reason = if report { format!("{reason} (report mode: not blocked)") } else { reason };
        Outcome {
            sink: sink.name(),
            method: method.to_owned(),
            url: blocked_url,
            proceed: report,
            follow_redirects: report,
            reason,
            needs_consent: false,
            violation: Some(violation),
        }
    }

    /// The in-page policies, serialized, comma-joined like a header list.
    fn policy_text(&self) -> String {
        crate::joined(self.policies.policies.iter().map(ToString::to_string), ", ")
    }
}

/// Parses a list of sources (`connectDomains`, `redirects`), naming the first invalid one.
fn parse_sources(field: &str, values: &[String], directive: DirectiveName) -> Result<SourceList, ConfigError> {
    let sources = values
        .iter()
        .enumerate()
        .map(|(token, value)| match parse_source_expression(value, directive) {
            Ok(parsed)
                if parsed.warning.is_none()
                    && matches!(&parsed.expression, SourceExpression::Host(host) if host.scheme.is_some()) =>
            {
                Ok(Source { token, expression: parsed.expression })
            }
            _ => Err(ConfigError::invalid(
                format!("{field}[{token}]"),
                value,
                "an origin with a scheme, like https://api.example.com or https://*.example.com",
            )),
        })
        .collect::<Result<_, _>>()?;
    Ok(SourceList { sources })
}
