//! `generate` as a library: golden output for every preset × format, every carried policy parses
//! cleanly, and the widget policies deny what they must (decided by the engine).
//! Set UPDATE_GOLDEN=1 to rewrite the golden files after an intended change.
#![cfg(all(not(target_arch = "wasm32"), feature = "cli"))]

mod common;

use std::path::PathBuf;

use csp_tools::generate::{self, Config, Format, PRESETS, Preset, render};
use csp_tools::matching::does_url_match_source_list;
use csp_tools::policy::parse_serialized_policy;
use csp_tools::widget_meta::{self, MetaShape};
use csp_tools::{Delivery, DirectiveName, Disposition, Origin, PolicyList};

/// The golden file of one preset × format.
fn golden_path(preset: Preset, format: Format) -> PathBuf {
    let file = match format {
        Format::Header => "header.txt",
        Format::Meta => "meta.html",
        Format::Nginx => "nginx.conf",
        Format::Apache => "apache.conf",
        Format::Caddy => "Caddyfile",
        Format::Netlify => "_headers",
        Format::Vercel => "vercel.json",
        Format::Express => "express.js",
        Format::Json => "policy.json",
        Format::OpenaiWidgetCsp => "openai-widget-csp.json",
        Format::McpAppCsp => "mcp-app-csp.json",
    };
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden/generate").join(preset.as_str()).join(file)
}

#[test]
fn every_preset_and_format_matches_its_golden_file() {
    let samples = generate::samples();
    assert_eq!(samples.len(), PRESETS.len() * generate::FORMATS.len(), "a sample failed to generate");
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut mismatches = Vec::new();
    for (preset, format, rendered) in samples {
        let rendered = rendered.unwrap_or_else(|error| panic!("{preset} × {format}: {error}"));
        let path = golden_path(preset, format);
        if update {
            std::fs::create_dir_all(path.parent().expect("golden dir")).expect("create golden dir");
            std::fs::write(&path, &rendered.text).expect("write golden");
            continue;
        }
        let expected = std::fs::read_to_string(&path).unwrap_or_else(|_| panic!("missing golden {}", path.display()));
        if expected != rendered.text {
            mismatches.push(format!("{}:\n--- expected\n{expected}--- got\n{}", path.display(), rendered.text));
        }
    }
    assert!(mismatches.is_empty(), "golden mismatches (UPDATE_GOLDEN=1 to accept):\n{}", mismatches.join("\n"));
}

#[test]
fn every_carried_policy_parses_with_no_diagnostics() {
    for (preset, format, rendered) in generate::samples() {
        let rendered = rendered.expect("renders");
        assert!(!rendered.policies.is_empty(), "{preset} × {format} carries no policy");
        for carried in &rendered.policies {
            let policy = parse_serialized_policy(&carried.value, carried.disposition, carried.delivery);
            assert!(policy.diagnostics.is_empty(), "{preset} × {format}: {:?}", policy.diagnostics);
            assert!(
                rendered.text.contains(&carried.value)
                    || matches!(format, Format::Express | Format::OpenaiWidgetCsp | Format::McpAppCsp),
                "{preset} × {format}: the output does not contain the policy it claims to carry"
            );
            for directive in &policy.directives {
                assert!(directive.known.is_some(), "{preset} × {format}: unknown directive {}", directive.name);
            }
        }
    }
}

/// Does the policy's governing directive for `directive` allow `url`? (The engine decides.)
fn allows(policy: &str, directive: DirectiveName, url: &str) -> bool {
    let list = PolicyList::parse(policy, Disposition::Enforce);
    let page = url::Url::parse("https://sandbox.host.example/widget").expect("page");
    let target = url::Url::parse(url).expect("url");
    let origin = Origin::of(&csp_tools::UrlView::from(&page));
    list.policies.iter().all(|policy| match policy.governing_directive(directive) {
        None => true,
        Some(d) => d
            .source_list
            .as_ref()
            .and_then(|sources| does_url_match_source_list(&csp_tools::UrlView::from(&target), sources, &origin, false))
            .is_some(),
    })
}

#[test]
fn widget_policies_deny_what_they_must() {
    for preset in [Preset::AppsSdkWidget, Preset::McpApp] {
        let generated = generate::generate(&generate::sample_config(preset)).expect("generates");
        let policy = generated.policy();
        let page = "https://sandbox.host.example/widget";
        let ok = |url: &str, kind: &str| common::allowed(&[&policy], page, url, kind);
        assert!(ok("https://api.example.com/v1/items", "fetch"), "{preset}: declared connect domain");
        assert!(ok("wss://realtime.example.com/socket", "websocket"), "{preset}: declared wss domain");
        assert!(!ok("https://evil.example/exfil", "fetch"), "{preset}: undeclared connect");
        assert!(!ok("https://sandbox.host.example/api", "fetch"), "{preset}: 'self' is not a connect source");
        assert!(!ok("https://cdn.example.com/x", "fetch"), "{preset}: resource domains are not connect domains");
        assert!(ok("https://cdn.example.com/app.js", "script"), "{preset}: resource script");
        assert!(!ok("https://evil.example/x.js", "script"), "{preset}: undeclared script");
        assert!(!ok("https://cdn.example.com/x.swf", "object"), "{preset}: object-src 'none'");
        assert!(!ok("https://evil.example/", "form-action"), "{preset}: form-action 'none'");
        assert!(!ok("https://evil.example/", "frame"), "{preset}: frame-src 'none'");
        assert!(!ok("https://sandbox.host.example/w.js", "worker"), "{preset}: worker-src 'none'");
        assert!(!ok("https://evil.example/pixel.png", "img"), "{preset}: undeclared image");
        assert!(!ok("https://evil.example/m.json", "manifest"), "{preset}: default-src 'none'");
        assert!(ok("data:image/png;base64,AAAA", "img"), "{preset}: data: images");
        let base_allowed = allows(&policy, DirectiveName::BaseUri, "https://evil.example/");
        assert!(!base_allowed, "{preset}: base-uri to elsewhere");
        let script_src = parse_serialized_policy(&policy, Disposition::Enforce, Delivery::Header);
        let tokens: Vec<&str> = script_src
            .directive(DirectiveName::ScriptSrc)
            .map(|d| d.value.iter().map(|t| t.text.as_str()).collect())
            .unwrap_or_default();
        assert!(tokens.contains(&"'wasm-unsafe-eval'"), "{preset}: widget-guard needs 'wasm-unsafe-eval'");
        assert!(!tokens.iter().any(|t| *t == "'unsafe-inline'" || *t == "'unsafe-eval'" || *t == "*"), "{preset}");
    }
    // MCP Apps declares base-uri domains; only those are allowed.
    let mcp = generate::generate(&generate::sample_config(Preset::McpApp)).expect("generates").policy();
    assert!(allows(&mcp, DirectiveName::BaseUri, "https://cdn.example.com/app/"));
    assert!(!allows(&mcp, DirectiveName::BaseUri, "https://evil.example/"));
}

#[test]
fn declared_frames_and_forms_are_allowed_and_nothing_else() {
    let mut config = generate::sample_config(Preset::AppsSdkWidget);
    config.domains.frame = vec!["https://player.example.com".into()];
    config.domains.form_action = vec!["https://checkout.example.com".into()];
    let policy = generate::generate(&config).expect("generates").policy();
    let ok = |url: &str, kind: &str| common::allowed(&[&policy], "https://sandbox.host.example/", url, kind);
    assert!(ok("https://player.example.com/embed/1", "frame"));
    assert!(!ok("https://evil.example/embed", "frame"));
    assert!(ok("https://checkout.example.com/pay", "form-action"));
    assert!(!ok("https://evil.example/pay", "form-action"));
}

#[test]
fn site_presets_keep_scripts_to_the_nonce_or_self() {
    let strict = generate::generate(&generate::sample_config(Preset::StrictDynamic)).expect("generates").policy();
    assert!(strict.contains("script-src 'nonce-CSP_NONCE' 'strict-dynamic';"), "{strict}");
    let ok = |policy: &str, url: &str, kind: &str| common::allowed(&[policy], "https://site.example/", url, kind);
    // Under 'strict-dynamic' a parser-inserted script needs the nonce: no URL is allowed by itself.
    assert!(!ok(&strict, "https://site.example/app.js", "script"));
    assert!(!ok(&strict, "https://cdn.example.com/app.js", "script"));
    assert!(ok(&strict, "https://api.example.com/x", "fetch"));
    assert!(!ok(&strict, "https://evil.example/x", "fetch"));
    let site = generate::generate(&generate::sample_config(Preset::StaticSite)).expect("generates").policy();
    assert!(ok(&site, "https://site.example/app.js", "script"));
    assert!(ok(&site, "https://cdn.example.com/app.js", "script"));
    assert!(!ok(&site, "https://evil.example/app.js", "script"));
    assert!(!ok(&site, "https://evil.example/", "object"));
    assert!(ok(&site, "https://site.example/submit", "form-action"));
    assert!(!ok(&site, "https://evil.example/submit", "form-action"));
}

#[test]
fn report_only_meta_and_reporting_endpoints() {
    let mut config = generate::sample_config(Preset::StaticSite);
    config.report_only = true;
    let generated = generate::generate(&config).expect("generates");
    let header = render(&generated, Format::Header).expect("renders");
    assert!(header.text.starts_with("Content-Security-Policy-Report-Only: "), "{}", header.text);
    assert!(header.text.contains("Reporting-Endpoints: csp-endpoint=\"https://csp.example.com/report\""));
    assert_eq!(header.policies[0].disposition, Disposition::Report);
    assert!(render(&generated, Format::Meta).is_err(), "a <meta> policy cannot be report-only");
    let meta = render(&generate::generate(&generate::sample_config(Preset::StaticSite)).expect("g"), Format::Meta)
        .expect("renders");
    assert!(!meta.text.contains("frame-ancestors") && !meta.text.contains("report-uri"), "{}", meta.text);
    assert!(meta.notes.iter().any(|n| n.contains("frame-ancestors")), "{:?}", meta.notes);
}

#[test]
fn meta_declarations_round_trip_through_both_shapes_and_the_header() {
    let generated = generate::generate(&generate::sample_config(Preset::AppsSdkWidget)).expect("generates");
    let domains = &generated.spec.domains;
    let (shape, back) = widget_meta::parse_meta(&widget_meta::to_openai(domains)).expect("parses");
    assert_eq!(shape, MetaShape::OpenAi);
    assert_eq!(&back, domains);
    let (shape, back) = widget_meta::parse_meta(&widget_meta::to_mcp(domains)).expect("parses");
    assert_eq!(shape, MetaShape::McpApp);
    assert_eq!((back.connect.clone(), back.resource.clone()), (domains.connect.clone(), domains.resource.clone()));
    // Header → declaration: what the preset emitted comes back, nothing more.
    let (from_header, notes) = widget_meta::domains_from_policy(&generated.policy());
    assert_eq!(from_header.connect, domains.connect);
    assert_eq!(from_header.resource, domains.resource);
    assert!(from_header.frame.is_empty() && notes.is_empty(), "{notes:?}");
    // Wrapped in a resource's _meta, and with a typo.
    let wrapped = r#"{"_meta": {"ui": {"csp": {"connectDomains": ["https://a.example"]}}}}"#;
    assert_eq!(widget_meta::parse_meta(wrapped).expect("parses").1.connect, ["https://a.example"]);
    let typo = r#"{"openai/widgetCSP": {"connect_domain": ["https://a.example"]}}"#;
    assert!(widget_meta::parse_meta(typo).unwrap_err().to_string().contains("connect_domain"));
    assert!(widget_meta::parse_meta("{}").is_err());
    assert!(widget_meta::parse_meta("not json").is_err());
}

#[test]
fn a_header_that_a_declaration_cannot_express_is_explained() {
    let (domains, notes) =
        widget_meta::domains_from_policy("connect-src https: api.example.com; img-src https://img.example.com");
    assert_eq!(domains.connect, ["https://api.example.com"]);
    assert_eq!(domains.resource, ["https://img.example.com"]);
    let all = notes.join("\n");
    assert!(all.contains("'https:' has no _meta equivalent"), "{all}");
    assert!(all.contains("has no scheme"), "{all}");
    assert!(all.contains("img-src only"), "{all}");
}

#[test]
fn flags_merge_over_a_config_and_bad_values_are_refused() {
    let file =
        Config::parse(b"preset = \"static-site\"\n[domains]\nconnect = [\"https://a.example.com\"]\n").expect("toml");
    let flags = Config {
        preset: Some("mcp-app".into()),
        domains: generate::Domains { connect: vec!["https://b.example.com".into()], ..Default::default() },
        ..Config::default()
    };
    let merged = file.merge(flags);
    assert_eq!(merged.preset.as_deref(), Some("mcp-app"));
    assert_eq!(merged.domains.connect, ["https://a.example.com", "https://b.example.com"]);
    let bad = |config: Config| generate::generate(&config).unwrap_err().to_string();
    assert!(bad(Config { preset: Some("nope".into()), ..Config::default() }).contains("unknown preset 'nope'"));
    let mut config = Config::default();
    config.domains.resource = vec!["javascript:".into()];
    assert!(bad(config).contains("domains.resource: 'javascript:' is a scheme"));
    let config = Config { nonce_placeholder: Some("X".into()), ..Config::default() };
    assert!(bad(config).contains("only used by the strict-dynamic preset"));
    let config = Config { frame_ancestors: vec!["'none'".into(), "https://a.example".into()], ..Config::default() };
    assert!(bad(config).contains("'none' cannot be combined"));
    let config =
        Config { preset: Some("static-site".into()), frame_ancestors: vec!["'NONE'".into()], ..Config::default() };
    assert!(generate::generate(&config).expect("generates").policy().contains("frame-ancestors 'none';"));
}
