//! The guard's decisions, natively: every sink, both modes, and what each refusal says.

use widget_guard::apis::Api;
use widget_guard::config::{ConfigError, GuardConfig};
use widget_guard::guard::{Guard, Outcome};
use widget_guard::sink::Sink;

const PAGE: &str = "https://widget.example/index.html?session=1";

fn guard(lines: &str) -> Guard {
    try_guard(lines).unwrap()
}

fn try_guard(lines: &str) -> Result<Guard, ConfigError> {
    Guard::new(GuardConfig::from_lines(&format!("page\t{PAGE}\n{lines}"))?)
}

fn decide(guard: &Guard, sink: Sink, method: &str, href: &str) -> Outcome {
    guard.decide(sink, method, href)
}

#[test]
fn network_sinks_need_the_policy_and_the_allow_list() {
    let guard = guard(
        "csp\tconnect-src https://api.example.com wss://live.example.com\nallow\thttps://api.example.com\t/v1/\tGET\t0\nallow\twss://live.example.com\t*\t*\t0",
    );
    assert!(decide(&guard, Sink::Fetch, "GET", "https://api.example.com/v1/items").proceed);
    assert!(decide(&guard, Sink::WebSocket, "GET", "wss://live.example.com/socket").proceed);
    for (sink, method, href, directive) in [
        (Sink::Fetch, "GET", "https://evil.example/", "connect-src"),
        (Sink::Xhr, "GET", "https://api.example.com/v2/", "allow-list"),
        (Sink::Beacon, "POST", "https://api.example.com/v1/", "allow-list"),
        (Sink::EventSource, "GET", "https://evil.example/events", "connect-src"),
        (Sink::Ping, "POST", "https://evil.example/ping", "connect-src"),
    ] {
        let outcome = decide(&guard, sink, method, href);
        assert!(!outcome.proceed, "{href}");
        let violation = outcome.violation.unwrap();
        assert_eq!(
            (violation.violated_directive.as_str(), violation.effective_directive.as_str()),
            (directive, "connect-src")
        );
        assert_eq!(violation.document_url, "https://widget.example/index.html");
        assert_eq!(violation.disposition, "enforce");
    }
}

#[test]
fn reports_and_reasons_never_carry_the_query_or_fragment() {
    let guard = guard("csp\tconnect-src 'self'");
    let outcome = decide(&guard, Sink::Fetch, "GET", "https://evil.example/x?token=secret#frag");
    let mut json = String::new();
    outcome.write_json(&mut json, Some(7));
    assert!(!json.contains("secret") && !json.contains("frag"), "{json}");
    assert!(json.contains(r#""blockedURL":"https://evil.example/x""#), "{json}");
    assert!(json.starts_with(r#"{"id":7,"#), "{json}");
}

#[test]
fn report_mode_proceeds_and_reports() {
    let guard = guard("csp\tconnect-src 'self'\nmode\treport");
    let outcome = decide(&guard, Sink::Fetch, "GET", "https://evil.example/");
    assert!(outcome.proceed);
    assert_eq!(outcome.violation.unwrap().disposition, "report");
    assert!(outcome.reason.ends_with("(report mode: not blocked)"));
}

#[test]
fn workers_and_webrtc_are_blocked_unless_allowed() {
    let strict = guard("csp\tconnect-src 'self'");
    let worker = decide(&strict, Sink::Worker, "GET", "https://widget.example/worker.js");
    assert!(worker.reason.contains("add \"worker\" to allowApis"), "{}", worker.reason);
    assert_eq!(worker.violation.unwrap().violated_directive, "apis");
    assert!(decide(&strict, Sink::WebRtc, "", PAGE).reason.contains("add \"webrtc\" to allowApis"));
    let open = guard("csp\tconnect-src 'self'; worker-src 'self'\nallowApis\tworker\twebrtc");
    assert!(decide(&open, Sink::Worker, "GET", "https://widget.example/worker.js").proceed);
    assert!(!decide(&open, Sink::Worker, "GET", "https://evil.example/worker.js").proceed, "worker-src still applies");
    assert!(decide(&open, Sink::WebRtc, "", PAGE).proceed);
}

#[test]
fn navigation_sinks_follow_the_redirects_list() {
    let guard = guard("csp\tconnect-src 'self'\nredirects\thttps://docs.example.com\thttps://*.help.example");
    assert!(decide(&guard, Sink::WindowOpen, "GET", "https://docs.example.com/a").proceed);
    assert!(decide(&guard, Sink::Navigation, "GET", "https://eu.help.example/").proceed);
    let refused = decide(&guard, Sink::FormSubmit, "POST", "https://evil.example/collect");
    assert!(!refused.proceed);
    assert!(refused.reason.contains("add its origin to redirects"));
    assert!(!decide(&guard, Sink::WindowOpen, "GET", "about:blank").proceed, "a blank popup is a fresh realm");
}

#[test]
fn redirects_are_followed_only_where_a_rule_says_so() {
    let guard =
        guard("csp\tconnect-src *\nallow\thttps://api.example.com\t*\t*\t0\nallow\thttps://cdn.example.com\t*\t*\t1");
    assert!(!decide(&guard, Sink::Fetch, "GET", "https://api.example.com/").follow_redirects);
    assert!(decide(&guard, Sink::Fetch, "GET", "https://cdn.example.com/").follow_redirects);
    let refused = decide(&guard, Sink::Redirect, "GET", "https://api.example.com/login?next=1");
    assert!(!refused.proceed && refused.reason.contains("set followRedirects: true"));
    let csp_only = self::guard("csp\tconnect-src *");
    assert!(decide(&csp_only, Sink::Fetch, "GET", "https://api.example.com/").follow_redirects);
}

#[test]
fn connect_domains_become_connect_src_and_an_empty_list_allows_nothing() {
    let guard = guard("connectDomains\thttps://api.example.com");
    assert!(decide(&guard, Sink::Fetch, "GET", "https://api.example.com/x").proceed);
    assert!(!decide(&guard, Sink::Fetch, "GET", "https://evil.example/").proceed);
    let none = self::guard("connectDomains");
    assert!(!decide(&none, Sink::Fetch, "GET", "https://api.example.com/x").proceed);
}

#[test]
fn a_url_the_browser_would_never_serialize_is_refused() {
    let guard = guard("csp\tconnect-src *");
    for href in ["", "not a url", "HTTPS://EVIL/", "https://h:99999/"] {
        assert!(!decide(&guard, Sink::Fetch, "GET", href).proceed, "{href:?}");
    }
}

#[test]
fn privileged_apis_follow_the_preset_and_the_overrides() {
    let apps = guard("csp\tconnect-src 'self'");
    let alert = decide(&apps, Sink::Api(Api::Alert), "", PAGE);
    assert!(!alert.proceed);
    assert!(
        alert.reason.contains("chat hosts do not let widgets use it; add \"alert\" to allowApis"),
        "{}",
        alert.reason
    );
    let violation = alert.violation.unwrap();
    assert_eq!(
        (violation.effective_directive.as_str(), violation.violated_directive.as_str()),
        ("privileged-api", "apis")
    );
    assert!(decide(&apps, Sink::Api(Api::Geolocation), "", PAGE).proceed);
    assert!(
        decide(&apps, Sink::WindowOpen, "GET", "https://evil.example/").violation.is_some(),
        "redirects still apply"
    );
    let strict = guard("csp\tconnect-src 'self'\napis\tstrict\nallowApis\tprint\nredirects\thttps://docs.example.com");
    assert!(!decide(&strict, Sink::Api(Api::Geolocation), "", PAGE).proceed);
    assert!(decide(&strict, Sink::Api(Api::Print), "", PAGE).proceed);
    let open = decide(&strict, Sink::WindowOpen, "GET", "https://docs.example.com/");
    assert!(!open.proceed && open.reason.contains("\"window-open\""), "strict blocks popups even to listed origins");
    assert!(
        Sink::all().map(Sink::name).collect::<std::collections::HashSet<_>>().len() == Sink::all().count(),
        "names are unique"
    );
}

#[test]
fn config_errors_say_what_to_write() {
    let error = |lines: &str| try_guard(lines).unwrap_err().to_string();
    assert!(error("").starts_with("nothing to enforce"));
    assert!(error("mode\tstrict").starts_with("mode: got \"strict\"; expected \"enforce\" or \"report\""));
    assert!(error("csp\tconnect-src 'self'\nredirects\tjavascript:alert(1)").starts_with("redirects[0]: "));
    assert!(error("connectDomains\thttps://ok.example\t'self'").starts_with("connectDomains[1]: "));
    assert!(error("auditLimit\tmany").starts_with("auditLimit: "));
    assert!(error("bogus\t1").starts_with("config: got \"bogus\""));
    assert!(
        error("csp\tconnect-src 'self'\nallowApis\tclipbord")
            .starts_with("allowApis[0]: got \"clipbord\"; expected one of alert")
    );
    let page = Guard::new(GuardConfig::from_lines("page\tnot-a-url\ncsp\tconnect-src 'self'").unwrap()).unwrap_err();
    assert!(page.to_string().starts_with("page: "));
}

#[test]
fn the_fast_verdict_agrees_with_the_explained_decision() {
    let rules = "csp\tconnect-src https://api.example.com https://cdn.example.com; worker-src 'self'\nallow\thttps://api.example.com\t/v1/\tGET\t0\nallow\thttps://cdn.example.com\t*\t*\t1\nredirects\thttps://docs.example.com\nallowApis\tworker";
    let hrefs = [
        "https://api.example.com/v1/x",
        "https://api.example.com/v2/x",
        "https://cdn.example.com/a.png",
        "https://evil.example/",
        "https://docs.example.com/help",
        "https://widget.example/worker.js",
        "garbage",
    ];
    for mode in ["enforce", "report"] {
        let guard = guard(&format!("{rules}\nmode\t{mode}"));
        for sink in Sink::all() {
            for href in hrefs {
                for method in ["GET", "POST"] {
                    let verdict = guard.verdict(sink, method, href);
                    let outcome = decide(&guard, sink, method, href);
                    let explained = (outcome.proceed, outcome.violation.is_some(), outcome.follow_redirects);
                    assert_eq!(
                        (verdict.proceed, verdict.violation, verdict.follow_redirects),
                        explained,
                        "{mode} {sink:?} {method} {href}"
                    );
                }
            }
        }
    }
}

#[test]
fn tool_calls_answer_to_the_allow_list_consent_and_rate_limit() {
    let guard = guard("connectDomains\ntools\tsearch\tcancel\ndestructiveTools\tcancel\ntoolRateLimit\t2\t1000");
    assert!(decide_tool(&guard, Sink::ToolCall, "search", 0.0).proceed);
    let cancel = decide_tool(&guard, Sink::ToolCall, "cancel", 0.0);
    assert!(cancel.proceed && cancel.needs_consent);
    let unlisted = decide_tool(&guard, Sink::ToolCall, "drop", 0.0);
    assert_eq!(unlisted.violation.unwrap().violated_directive, "tools");
    assert!(decide_tool(&guard, Sink::ToolCall, "search", 10.0).proceed);
    let limited = decide_tool(&guard, Sink::ToolCall, "search", 20.0);
    assert!(!limited.proceed && limited.reason.contains("\"search\" was called 2 times in the last 1000 ms"));
    let declined = decide_tool(&guard, Sink::ToolDeclined, "cancel", 30.0);
    assert_eq!(declined.violation.unwrap().effective_directive, "tool-call");
    assert!(
        decide_tool(&guard, Sink::DestructiveToolCall, "search", 1500.0).needs_consent,
        "an annotation asks for consent too"
    );
    let error = |lines: &str| try_guard(lines).unwrap_err().to_string();
    assert!(error("csp\tconnect-src 'self'\ntoolRateLimit\t0\t1000").starts_with("toolRateLimit: "));
}

fn decide_tool(guard: &Guard, sink: Sink, tool: &str, now: f64) -> Outcome {
    guard.decide_tool(sink, tool, now)
}
