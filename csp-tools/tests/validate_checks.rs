//! Table-driven tests of every `validate` check: for each policy, the rule ids that must be
//! reported and those that must not.
#![cfg(not(target_arch = "wasm32"))]

use csp_tools::validate::{Document, Profile, Severity, Validation, rules, validate};
use csp_tools::{Delivery, Disposition, PolicyList};

fn run(policy: &str, profile: Profile) -> Validation {
    validate(&PolicyList::parse(policy, Disposition::Enforce), profile)
}

fn ids(validation: &Validation) -> Vec<&'static str> {
    validation.findings.iter().map(|f| f.id).collect()
}

/// (policy, ids that must be found, ids that must not be found)
type Case = (&'static str, &'static [&'static str], &'static [&'static str]);

fn check_table(profile: Profile, cases: &[Case]) {
    for (policy, present, absent) in cases {
        let validation = run(policy, profile);
        let found = ids(&validation);
        for id in *present {
            assert!(found.contains(id), "{policy:?}: expected {id}, found {found:?}");
        }
        for id in *absent {
            assert!(!found.contains(id), "{policy:?}: did not expect {id}, found {found:?}");
        }
    }
}

#[test]
fn unsafe_keywords() {
    check_table(
        Profile::Default,
        &[
            ("script-src 'unsafe-inline'", &["script-unsafe-inline"], &[]),
            ("default-src 'self' 'unsafe-inline'", &["script-unsafe-inline"], &[]),
            ("script-src 'nonce-abcdefgh12345678' 'unsafe-inline'", &["ignored-source"], &["script-unsafe-inline"]),
            (
                "script-src 'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=' 'unsafe-inline'",
                &[],
                &["script-unsafe-inline"],
            ),
            ("script-src 'strict-dynamic' 'unsafe-inline'", &[], &["script-unsafe-inline"]),
            ("script-src 'self'; script-src-attr 'unsafe-inline'", &["script-unsafe-inline"], &[]),
            ("script-src 'self'; style-src 'unsafe-inline'", &[], &["script-unsafe-inline"]),
            (
                "script-src 'unsafe-hashes' 'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='",
                &["script-unsafe-hashes"],
                &[],
            ),
            ("script-src 'unsafe-eval'", &["script-unsafe-eval"], &[]),
            (
                "script-src 'wasm-unsafe-eval' 'report-sample' 'inline-speculation-rules' 'self'",
                &[],
                &["script-unsafe-eval", "invalid-keyword"],
            ),
            ("style-src 'inline-speculation-rules'", &["invalid-keyword"], &[]),
        ],
    );
}

#[test]
fn plain_schemes_and_wildcards() {
    check_table(
        Profile::Default,
        &[
            ("script-src https:", &["plain-url-scheme"], &["plain-wildcard"]),
            ("script-src data:", &["plain-url-scheme"], &[]),
            ("object-src http:; script-src 'self'", &["plain-url-scheme"], &[]),
            ("base-uri https:; script-src 'self'", &["plain-url-scheme"], &[]),
            ("script-src blob:", &[], &["plain-url-scheme"]),
            ("img-src https: *", &[], &["plain-url-scheme", "plain-wildcard"]),
            ("script-src *", &["plain-wildcard"], &[]),
            ("script-src https://*", &["plain-wildcard"], &[]),
            ("script-src *:*", &["plain-wildcard"], &[]),
            ("default-src *", &["plain-wildcard"], &[]),
            ("script-src *.example.com", &[], &["plain-wildcard"]),
            // 'strict-dynamic' makes CSP3 browsers ignore schemes in script-src...
            ("script-src 'nonce-abcdefgh12345678' 'strict-dynamic' https:", &[], &["plain-url-scheme"]),
            // ...but not where default-src also governs plugins.
            ("default-src 'nonce-abcdefgh12345678' 'strict-dynamic' https:", &["plain-url-scheme"], &[]),
        ],
    );
}

#[test]
fn missing_directives() {
    check_table(
        Profile::Default,
        &[
            ("img-src 'self'", &["missing-object-src", "missing-script-src"], &["missing-base-uri"]),
            ("default-src 'self'", &[], &["missing-object-src", "missing-script-src"]),
            ("script-src 'self'; object-src", &[], &["missing-object-src"]),
            ("script-src-elem 'self'; script-src-attr 'none'; object-src 'none'", &[], &["missing-script-src"]),
            ("script-src 'nonce-abcdefgh12345678'; object-src 'none'", &["missing-base-uri"], &[]),
            ("script-src 'nonce-abcdefgh12345678'; object-src 'none'; base-uri 'none'", &[], &["missing-base-uri"]),
            ("script-src 'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='", &[], &["missing-base-uri"]),
            (
                "script-src 'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=' 'strict-dynamic'",
                &["missing-base-uri"],
                &[],
            ),
        ],
    );
}

#[test]
fn allowlist_bypasses() {
    check_table(
        Profile::Default,
        &[
            ("script-src https://ajax.googleapis.com", &["script-bypass-host"], &["script-host-allowlist"]),
            ("script-src *.googleapis.com", &["script-bypass-host"], &[]),
            ("script-src cdn.example.com", &["script-host-allowlist"], &["script-bypass-host"]),
            ("script-src 'self'", &["script-self"], &[]),
            ("script-src 'none' 'self'", &[], &["script-self"]),
            ("script-src www.google-analytics.com", &["script-host-allowlist"], &["script-bypass-host"]),
            ("script-src www.google-analytics.com 'unsafe-eval'", &["script-bypass-host"], &[]),
            ("script-src 'nonce-abcdefgh12345678' 'strict-dynamic' ajax.googleapis.com", &[], &["script-bypass-host"]),
            ("object-src vk.com; script-src 'none'", &["object-bypass-host"], &[]),
            ("object-src 'self'; script-src 'none'", &["object-allowlist"], &[]),
            ("object-src 'none'; script-src 'none'", &[], &["object-allowlist", "object-bypass-host"]),
            ("default-src 'self'", &[], &["object-allowlist"]),
        ],
    );
}

#[test]
fn token_checks() {
    check_table(
        Profile::Default,
        &[
            ("script-src https://10.0.0.1", &["ip-source"], &[]),
            ("script-src 127.0.0.1:8080", &["ip-source"], &[]),
            ("script-src 'nonce-abc'", &["nonce-length"], &["nonce-charset", "invalid-keyword"]),
            ("script-src 'nonce-abc$defgh1234'", &["nonce-charset"], &["nonce-length", "invalid-keyword"]),
            ("script-src 'nonce-abcdefgh12345678'", &[], &["nonce-length", "nonce-charset"]),
            ("img-src http://example.com", &["src-http"], &[]),
            ("script-src 'self'; report-uri http://example.com/r", &["src-http"], &[]),
            ("img-src https://example.com", &[], &["src-http"]),
        ],
    );
}

#[test]
fn syntax_checks() {
    check_table(
        Profile::Default,
        &[
            ("reflected-xss block; script-src 'self'", &["deprecated-directive"], &["unknown-directive"]),
            ("plugin-types application/pdf", &["deprecated-directive"], &[]),
            ("scritp-src 'self'", &["unknown-directive"], &[]),
            ("script-src: 'self'", &["unknown-directive"], &[]),
            ("script-src 'self' object-src 'none'", &["missing-semicolon"], &[]),
            ("script-src self", &["invalid-keyword"], &[]),
            ("script-src 'self' nonce-abc", &["invalid-keyword"], &[]),
            ("script-src 'unsafe-inlin'", &["invalid-keyword"], &[]),
            ("require-trusted-types-for script", &["invalid-keyword"], &[]),
            ("require-trusted-types-for 'script'; trusted-types default 'allow-duplicates'", &[], &["invalid-keyword"]),
            ("script-src 'self'; script-src 'unsafe-inline'", &["duplicate-directive"], &["script-unsafe-inline"]),
            ("img-src https://exa mple.com/%zz ex_ample.com", &["invalid-source"], &[]),
            ("img-src https://ex\u{e4}mple.com", &["invalid-characters"], &[]),
            ("img-src 'none' 'self'", &["ignored-part"], &[]),
            ("script-src 'self'; report-uri /r", &["report-uri-without-report-to"], &[]),
            ("script-src 'self'; report-uri /r; report-to default", &[], &["report-uri-without-report-to"]),
        ],
    );
}

#[test]
fn strict_csp_recommendations() {
    check_table(
        Profile::Default,
        &[
            ("script-src https://cdn.example.com", &["strict-dynamic", "require-trusted-types"], &[]),
            ("script-src 'strict-dynamic'", &["strict-dynamic-not-standalone", "allowlist-fallback"], &[]),
            ("script-src 'nonce-abcdefgh12345678'", &["unsafe-inline-fallback"], &["strict-dynamic"]),
            (
                "script-src 'nonce-abcdefgh12345678' 'strict-dynamic' 'unsafe-inline' https:; require-trusted-types-for 'script'",
                &[],
                &[
                    "unsafe-inline-fallback",
                    "allowlist-fallback",
                    "strict-dynamic-not-standalone",
                    "require-trusted-types",
                ],
            ),
        ],
    );
}

#[test]
fn widget_profile() {
    const GOOD: &str = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; connect-src https://api.example.com; \
                        frame-src 'none'; form-action 'none'; base-uri 'none'; object-src 'none'";
    const ALL_WIDGET: [&str; 6] = [
        "widget-connect-src-missing",
        "widget-connect-src-broad",
        "widget-nested-frames",
        "widget-form-action-missing",
        "widget-base-uri-missing",
        "widget-wasm-blocked",
    ];
    check_table(
        Profile::Widget,
        &[
            (GOOD, &[], &ALL_WIDGET),
            ("script-src 'self'", &ALL_WIDGET[..1], &[]),
            ("default-src https:; script-src 'wasm-unsafe-eval'", &["widget-connect-src-missing"], &[]),
            ("connect-src *; script-src 'wasm-unsafe-eval'", &["widget-connect-src-broad"], &[]),
            ("connect-src wss:; script-src 'wasm-unsafe-eval'", &["widget-connect-src-broad"], &[]),
            ("connect-src *.com; script-src 'wasm-unsafe-eval'", &["widget-connect-src-broad"], &[]),
            ("child-src https://x.example; script-src 'wasm-unsafe-eval'", &["widget-nested-frames"], &[]),
            (
                "script-src 'self'",
                &[
                    "widget-nested-frames",
                    "widget-form-action-missing",
                    "widget-base-uri-missing",
                    "widget-wasm-blocked",
                ],
                &[],
            ),
            ("script-src 'self' 'unsafe-eval'", &[], &["widget-wasm-blocked"]),
        ],
    );
    // The same policies under the default profile report no widget findings.
    assert!(!ids(&run("script-src 'self'", Profile::Default)).iter().any(|id| id.starts_with("widget-")));
    // A narrow default-src instead of connect-src is only medium.
    let narrow = run("default-src 'self'; script-src 'wasm-unsafe-eval'", Profile::Widget);
    let finding = narrow.findings.iter().find(|f| f.id == "widget-connect-src-missing").expect("finding");
    assert_eq!(finding.severity, Severity::Medium);
}

#[test]
fn a_list_reports_weaknesses_only_if_every_enforced_policy_has_them() {
    // Comma-joined: the second policy forbids inline script, so the list does.
    let joined = ids(&run("script-src 'unsafe-inline' 'self', script-src 'self'; object-src 'none'", Profile::Default));
    assert!(!joined.contains(&"script-unsafe-inline"), "{joined:?}");
    assert!(!joined.contains(&"missing-object-src"), "{joined:?}");
    // Both allow it: reported once, pointing at the first policy.
    let both = run("script-src 'unsafe-inline', default-src 'unsafe-inline'", Profile::Default);
    let inline: Vec<_> = both.findings.iter().filter(|f| f.id == "script-unsafe-inline").collect();
    assert_eq!(inline.len(), 1);
    assert_eq!(inline[0].policy, 0);
    // A report-only policy does not protect.
    let mut list = PolicyList::parse("script-src 'unsafe-inline'", Disposition::Enforce);
    list.add("script-src 'self'", Disposition::Report, Delivery::Header);
    assert!(ids(&validate(&list, Profile::Default)).contains(&"script-unsafe-inline"));
    // A policy that leaves plugins unrestricted does not veto another policy's weak object-src.
    let flash = ids(&run("img-src 'self', object-src vk.com", Profile::Default));
    assert!(flash.contains(&"object-bypass-host") && !flash.contains(&"missing-object-src"), "{flash:?}");
    let trusted = ids(&run("script-src 'none', require-trusted-types-for 'script'", Profile::Default));
    assert!(!trusted.contains(&"require-trusted-types"), "{trusted:?}");
    // Syntax mistakes are reported in every policy.
    let syntax = ids(&run("scritp-src 'self', script-src 'self'; scritp-src x", Profile::Default));
    assert_eq!(syntax.iter().filter(|id| **id == "unknown-directive").count(), 2);
}

#[test]
fn an_empty_policy_restricts_nothing() {
    let empty = run("  ", Profile::Default);
    assert_eq!(ids(&empty), ["missing-script-src", "missing-object-src"]);
    assert_eq!(empty.score.grade, "F");
}

#[test]
fn report_only_only_and_meta() {
    let list = PolicyList::parse("script-src 'self'", Disposition::Report);
    let found = validate(&list, Profile::Default);
    assert_eq!(found.findings[0].id, "report-only-only");
    assert_eq!(found.findings[0].severity, Severity::High);
    let html = r#"<meta http-equiv="Content-Security-Policy" content="script-src 'self'; frame-ancestors 'none'">"#;
    let (list, _) = Document::from_html(html).expect("meta").policy_list();
    assert!(ids(&validate(&list, Profile::Default)).contains(&"ignored-in-meta"));
    let mut list = PolicyList::default();
    list.add("sandbox; script-src 'self'", Disposition::Report, Delivery::Header);
    list.add("script-src 'self'", Disposition::Enforce, Delivery::Header);
    assert!(ids(&validate(&list, Profile::Default)).contains(&"ignored-in-report-only"));
}

#[test]
fn findings_carry_spans_fixes_and_evaluator_types() {
    let policy = "script-src 'self' 'unsafe-inline'";
    let found = run(policy, Profile::Default);
    let inline = found.findings.iter().find(|f| f.id == "script-unsafe-inline").expect("finding");
    assert_eq!(&policy[inline.span.clone().expect("span")], "'unsafe-inline'");
    assert_eq!(inline.evaluator_type, Some("SCRIPT_UNSAFE_INLINE"));
    assert_eq!(inline.directive.as_deref(), Some("script-src"));
    assert!(!inline.fix.is_empty());
    // Every rule has a distinct id, and every finding's rule is in the table.
    let mut rule_ids: Vec<_> = rules::RULES.iter().map(|r| r.id).collect();
    rule_ids.sort_unstable();
    rule_ids.dedup();
    assert_eq!(rule_ids.len(), rules::RULES.len());
}

#[test]
fn score_and_grade() {
    let strict = run(
        "default-src 'none'; script-src 'nonce-abcdefgh12345678abcdef' 'strict-dynamic' 'unsafe-inline' https:; \
         base-uri 'none'; require-trusted-types-for 'script'; frame-ancestors 'none'",
        Profile::Default,
    );
    assert_eq!(strict.score.grade, "A+", "{:?}", strict.score);
    assert!(strict.score.score > 100);
    let weak = run("script-src * 'unsafe-inline' 'unsafe-eval'", Profile::Default);
    assert_eq!((weak.score.score, weak.score.grade), (30, "D"), "{:?}", weak.score);
    assert!(weak.score.modifiers.contains(&"-20 script-unsafe-inline".to_owned()));
    // A penalty counts once per rule, whatever the number of findings.
    let hosts = run("script-src 'none'; img-src http://a.example http://b.example", Profile::Default);
    assert_eq!(hosts.score.modifiers.iter().filter(|m| m.ends_with("src-http")).count(), 1);
}

#[test]
fn the_readme_check_table_lists_every_rule_as_it_is() {
    let readme = include_str!("../../README.md");
    for rule in rules::RULES {
        let row = format!(
            "| `{}` | {} | {} | {} |",
            rule.id,
            rule.severity,
            rule.evaluator_type.unwrap_or("—"),
            match rule.scope {
                csp_tools::validate::Scope::Policy => "policy",
                csp_tools::validate::Scope::List => "list",
            }
        );
        assert!(readme.contains(&row), "README.md lacks the row starting {row}");
    }
}
