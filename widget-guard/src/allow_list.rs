//! The allow-list: rules `{ origin, paths, methods }` that narrow what CSP `connect-src` allows
//! (CSP cannot restrict HTTP methods, and a widget rarely needs every path of an origin).
//! Origins and paths are CSP host-source expressions matched by the engine, so a rule means
//! exactly what the same source means in a policy, with one refusal CSP does not make: a rule
//! with paths refuses a path that hides a `..` segment (see [`hides_dot_segment`]).

use std::fmt::Write;

use crate::config::ConfigError;
use csp_tools::decision::DisplayOrigin;
use csp_tools::matching::does_url_match_expression;
use csp_tools::policy::{SourceExpression, parse_source_expression};
use csp_tools::{DirectiveName, Origin, UrlView};

/// One rule as the widget author writes it.
#[derive(Debug, Default)]
pub struct RuleConfig {
    /// `https://api.example.com`, `https://*.example.com`, `wss://live.example.com:8443`.
    pub origin: String,
    /// Path prefixes ending in `/` or exact paths; absent: every path.
    pub paths: Option<Vec<String>>,
    /// HTTP methods; absent: every method.
    pub methods: Option<Vec<String>>,
    /// Whether fetch may follow redirects for this rule (default: a redirect fails the request).
    pub follow_redirects: bool,
}

impl RuleConfig {
    /// A rule from the loader's fields: origin, paths (space-separated, `*` for all), methods
    /// (space-separated, `*` for all), `1` to follow redirects.
    pub fn from_fields(fields: &[String]) -> Self {
        let field = |i: usize| fields.get(i).map_or("", String::as_str);
        let list =
            |text: &str| (text != "*").then(|| text.split(' ').filter(|s| !s.is_empty()).map(str::to_owned).collect());
        RuleConfig {
            origin: field(0).to_owned(),
            paths: list(field(1)),
            methods: list(field(2)),
            follow_redirects: field(3) == "1",
        }
    }
}

/// A compiled rule.
#[derive(Debug)]
pub struct AllowRule {
    origin: String,
    /// One host-source per path (or one for the whole origin).
    sources: Vec<SourceExpression>,
    /// Uppercase methods; `None` allows every method.
    methods: Option<Vec<String>>,
    /// Whether the rule names paths (then a path hiding a `..` segment is refused).
    restricts_paths: bool,
    pub follow_redirects: bool,
}

/// The rules of one guard; a request must match at least one.
#[derive(Debug)]
pub struct AllowList {
    rules: Vec<AllowRule>,
}

/// The allow-list's answer for one request.
pub enum AllowVerdict<'a> {
    Allowed(&'a AllowRule),
    /// Why no rule matched, and what to add.
    Blocked(String),
}

impl AllowList {
    /// Compiles the rules, naming the rule and field of any mistake.
    pub fn compile(rules: Vec<RuleConfig>) -> Result<Self, ConfigError> {
        let rules = rules.into_iter().enumerate().map(|(i, rule)| compile_rule(i, rule)).collect::<Result<_, _>>()?;
        Ok(AllowList { rules })
    }

    /// The first rule a request with this URL and method matches (the hot path: no text).
    pub fn find(&self, url: &UrlView<'_>, method: &str, self_origin: &Origin) -> Option<&AllowRule> {
        self.rules.iter().find(|rule| {
            rule.allows_method(method)
                && rule.admits_path(url)
                && rule.sources.iter().any(|source| does_url_match_expression(url, source, self_origin, false).is_ok())
        })
    }

    /// Whether a request with this URL and method matches a rule, and if not, why and what to add.
    /// `self_origin` resolves `'self'`-relative matching the way the engine does for the page.
    pub fn check(&self, url: &UrlView<'_>, method: &str, self_origin: &Origin) -> AllowVerdict<'_> {
        let mut nearest: Option<(u8, &AllowRule, &'static str)> = None;
        for rule in &self.rules {
            let mut closest = 0;
            let mut why = "";
            for source in &rule.sources {
                match does_url_match_expression(url, source, self_origin, false) {
                    Ok(()) if !rule.admits_path(url) => (closest, why) = (5, HIDDEN_DOT_SEGMENT),
                    Ok(()) if rule.allows_method(method) => return AllowVerdict::Allowed(rule),
                    Ok(()) => (closest, why) = (5, "method not allowed"),
                    Err(mismatch) if mismatch.closeness() > closest => {
                        (closest, why) = (mismatch.closeness(), mismatch.describe())
                    }
                    Err(_) => {}
                }
            }
            if nearest.is_none_or(|(best, _, _)| closest > best) {
                nearest = Some((closest, rule, why));
            }
        }
        AllowVerdict::Blocked(blocked_reason(url, method, nearest))
    }
}

impl AllowRule {
    /// The rule's origin as written, to name it in reasons.
    pub fn origin(&self) -> &str {
        &self.origin
    }

    fn allows_method(&self, method: &str) -> bool {
        self.methods.as_ref().is_none_or(|methods| methods.iter().any(|m| m.eq_ignore_ascii_case(method)))
    }

    fn admits_path(&self, url: &UrlView<'_>) -> bool {
        !self.restricts_paths || !hides_dot_segment(url.path)
    }
}

const HIDDEN_DOT_SEGMENT: &str = "the path hides a `..` segment";

/// Whether `path` (serialized, so its plain dot segments are resolved already) has a `..` segment
/// once `%2F`, `%5C` and `%2E` are decoded and `;` parameters dropped: CSP and the browser read
/// `/v1/..%2Fadmin` and `/v1/..;/admin` as paths under `/v1/`, but servers that decode an encoded
/// slash (or treat `..;` as `..`, as Tomcat does) serve `/admin`.
fn hides_dot_segment(path: &str) -> bool {
    let bytes = path.as_bytes();
    // The current segment: how many dots it has, whether it has anything else before a `;`.
    let (mut dots, mut other, mut parameters) = (0u8, false, false);
    let mut at = 0;
    loop {
        let escape = bytes.get(at + 1..at + 3).unwrap_or_default();
        let (unit, width) = match bytes.get(at) {
            None => (b'/', 1),
            Some(b'%') if escape.eq_ignore_ascii_case(b"2f") || escape.eq_ignore_ascii_case(b"5c") => (b'/', 3),
            Some(b'%') if escape.eq_ignore_ascii_case(b"2e") => (b'.', 3),
            Some(&byte) => (byte, 1),
        };
        match unit {
            b'/' if dots == 2 && !other => return true,
            b'/' if at >= bytes.len() => return false,
            b'/' => (dots, other, parameters) = (0, false, false),
            _ if parameters => {}
            b';' => parameters = true,
            b'.' => dots = dots.saturating_add(1),
            _ => other = true,
        }
        at += width;
    }
}

fn compile_rule(index: usize, rule: RuleConfig) -> Result<AllowRule, ConfigError> {
    let field = |name: &str| format!("allow[{index}].{name}");
    let origin_source = parse_host_source(&rule.origin).filter(is_origin_only).ok_or_else(|| {
        ConfigError::invalid(
            field("origin"),
            &rule.origin,
            "an origin with a scheme and no path, like https://api.example.com or https://*.example.com",
        )
    })?;
    let sources = match &rule.paths {
        None => vec![origin_source],
        Some(paths) if paths.is_empty() => {
            return Err(ConfigError::invalid(field("paths"), "[]", "at least one path, or no `paths` for every path"));
        }
        Some(paths) => paths
            .iter()
            .map(|path| {
                let source = path.starts_with('/').then(|| parse_host_source(&format!("{}{path}", rule.origin)));
                source.flatten().ok_or_else(|| {
                    ConfigError::invalid(
                        field("paths"),
                        path,
                        "a path starting with /, like /v1/ (a prefix) or /health",
                    )
                })
            })
            .collect::<Result<_, _>>()?,
    };
    let methods = match rule.methods {
        Some(methods) if methods.is_empty() || methods.iter().any(|m| !is_token(m)) => {
            return Err(ConfigError::invalid(
                field("methods"),
                &crate::joined(&methods, ", "),
                "HTTP methods such as GET, POST",
            ));
        }
        methods => methods.map(|list| list.into_iter().map(|m| m.to_ascii_uppercase()).collect()),
    };
    let restricts_paths = rule.paths.is_some();
    Ok(AllowRule { origin: rule.origin, sources, methods, restricts_paths, follow_redirects: rule.follow_redirects })
}

/// A host-source with a scheme (`https://host[:port][/path]`); nothing else is an origin rule.
fn parse_host_source(text: &str) -> Option<SourceExpression> {
    let parsed = parse_source_expression(text, DirectiveName::ConnectSrc).ok()?;
    match parsed.expression {
        SourceExpression::Host(ref host) if host.scheme.is_some() && parsed.warning.is_none() => {
            Some(parsed.expression)
        }
        _ => None,
    }
}

fn is_origin_only(source: &SourceExpression) -> bool {
    matches!(source, SourceExpression::Host(host) if host.path.is_none())
}

/// RFC 9110 method token characters.
fn is_token(method: &str) -> bool {
    !method.is_empty() && method.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

fn blocked_reason(url: &UrlView<'_>, method: &str, nearest: Option<(u8, &AllowRule, &str)>) -> String {
    let mut reason = String::with_capacity(160);
    // Writing into a String cannot fail.
    let _ = match nearest {
        Some((closeness, rule, why)) if closeness > 2 => write!(
            reason,
            "{method} {} matches no allow rule; nearest is {} ({why})",
            csp_tools::decision::DisplayUrl(url),
            rule.origin
        ),
        _ => write!(reason, "{method} {} matches no allow rule", csp_tools::decision::DisplayUrl(url)),
    };
    let _ = match url.host {
        Some(_) => write!(reason, ". To allow it, add a rule for {}", DisplayOrigin(url)),
        None => write!(reason, ". The allow-list only admits URLs with a host"),
    };
    reason
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::href::split_href;

    /// Rules in the loader's format: `origin \t paths \t methods`, one per line.
    fn rules(text: &str) -> Vec<RuleConfig> {
        text.lines()
            .map(|line| RuleConfig::from_fields(&line.split('\t').map(str::to_owned).collect::<Vec<_>>()))
            .collect()
    }

    fn list(text: &str) -> AllowList {
        AllowList::compile(rules(text)).unwrap()
    }

    fn allowed(list: &AllowList, method: &str, href: &str) -> bool {
        let page = Origin { scheme: "https".into(), host: Some("widget.example".into()), port: None };
        matches!(list.check(&split_href(href).unwrap(), method, &page), AllowVerdict::Allowed(_))
    }

    #[test]
    fn narrows_by_origin_path_and_method() {
        let rules = list("https://api.example.com\t/v1/ /health\tget POST\nhttps://*.cdn.example\t*\t*");
        assert!(allowed(&rules, "GET", "https://api.example.com/v1/items?x=1"));
        assert!(allowed(&rules, "POST", "https://api.example.com/health"));
        assert!(!allowed(&rules, "DELETE", "https://api.example.com/v1/items"));
        assert!(!allowed(&rules, "GET", "https://api.example.com/v2/items"));
        assert!(!allowed(&rules, "GET", "https://api.example.com/health/x"));
        assert!(!allowed(&rules, "GET", "https://api.example.com:8443/v1/"));
        assert!(!allowed(&rules, "GET", "http://api.example.com/v1/"));
        assert!(allowed(&rules, "PUT", "https://img.cdn.example/a.png"));
        assert!(!allowed(&rules, "GET", "https://cdn.example/a.png"));
        assert!(!allowed(&rules, "GET", "https://evil.example/"));
    }

    #[test]
    fn a_path_rule_refuses_paths_that_hide_a_dot_segment() {
        let rules = list("https://api.example.com\t/v1/\t*\nhttps://cdn.example\t*\t*");
        for hidden in [
            "/v1/..%2Fadmin",
            "/v1%2F..%2Fadmin",
            "/v1/..;/admin",
            "/v1/%2e%2E%2fadmin",
            "/v1/..%5Cadmin",
            "/v1/x/..;a=b/..%2f..",
        ] {
            assert!(!allowed(&rules, "GET", &format!("https://api.example.com{hidden}")), "{hidden}");
        }
        // Encoded slashes and dots that form no `..` segment stay allowed (GitLab's project ids),
        // and a rule without paths has no prefix to leave.
        for plain in ["/v1/projects/group%2Fproject", "/v1/a..b", "/v1/..x%2F", "/v1/%2e", "/v1/;..;"] {
            assert!(allowed(&rules, "GET", &format!("https://api.example.com{plain}")), "{plain}");
        }
        assert!(allowed(&rules, "GET", "https://cdn.example/a/..%2F..%2Fb"));
        let page = Origin { scheme: "https".into(), host: Some("w.example".into()), port: None };
        match rules.check(&split_href("https://api.example.com/v1/..%2Fadmin").unwrap(), "GET", &page) {
            AllowVerdict::Blocked(reason) => assert!(reason.contains(HIDDEN_DOT_SEGMENT), "{reason}"),
            AllowVerdict::Allowed(_) => panic!("allowed"),
        }
    }

    #[test]
    fn reasons_name_the_nearest_rule_and_the_fix() {
        let rules = list("https://api.example.com\t/v1/\tGET");
        let page = Origin { scheme: "https".into(), host: Some("w.example".into()), port: None };
        let reason = |method, href| match rules.check(&split_href(href).unwrap(), method, &page) {
            AllowVerdict::Blocked(reason) => reason,
            AllowVerdict::Allowed(_) => panic!("allowed"),
        };
        assert_eq!(
            reason("POST", "https://api.example.com/v1/x?secret=1"),
            "POST https://api.example.com/v1/x matches no allow rule; nearest is https://api.example.com (method not \
             allowed). To allow it, add a rule for https://api.example.com"
        );
        assert!(reason("GET", "https://api.example.com/v2/").contains("(path differs)"));
        assert!(
            reason("GET", "https://evil.example/")
                .ends_with("matches no allow rule. To allow it, add a rule for https://evil.example")
        );
    }

    #[test]
    fn mistakes_name_the_rule_and_field() {
        let error = |text: &str| AllowList::compile(rules(text)).unwrap_err().to_string();
        assert!(error("api.example.com").starts_with("allow[0].origin: "));
        assert!(error("https://a.example/v1/").starts_with("allow[0].origin: "));
        assert!(error("'self'").starts_with("allow[0].origin: "));
        assert!(error("https://a.example\t*\t*\nhttps://b.example\tv1/").starts_with("allow[1].paths: "));
        assert!(error("https://a.example\t*\tGET,POST").starts_with("allow[0].methods: "));
        assert!(error("https://a.example\t\t*").starts_with("allow[0].paths: "));
    }
}
