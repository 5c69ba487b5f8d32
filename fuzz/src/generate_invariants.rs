//! `generate`: a configuration either fails with a message, or renders in every format to text
//! that carries policies which parse back with no diagnostic and which `validate` finds no
//! syntax mistake in; formats that are JSON are JSON, the header and `<meta>` formats read back
//! to the policy they carry, and the `_meta` formats read back to the declared domains.

use csp_tools::generate::format::FormatError;
use csp_tools::generate::{Config, FORMATS, Format, Generated, Rendered, generate, render};
use csp_tools::policy::parse_serialized_policy;
use csp_tools::validate::{Document, validate};
use csp_tools::widget_meta::{MetaShape, parse_meta};
use csp_tools::{Delivery, PolicyList};

use crate::policy_invariants::{assert_round_trips, assert_well_formed};
use crate::validate_invariants::PROFILES;

/// Rules about a policy's text: a generated policy must never earn one.
const SYNTAX_RULES: [&str; 11] = [
    "invalid-source",
    "invalid-keyword",
    "invalid-characters",
    "duplicate-directive",
    "unknown-directive",
    "deprecated-directive",
    "missing-semicolon",
    "ignored-in-meta",
    "ignored-in-report-only",
    "ignored-part",
    "nonce-charset",
];

/// Runs every check on a configuration file's bytes.
pub fn check_text(bytes: &[u8]) {
    match Config::parse(bytes) {
        Ok(config) => check_config(&config),
        Err(error) => assert!(!error.to_string().trim().is_empty(), "an empty error message"),
    }
}

/// Runs every check on a parsed configuration.
pub fn check_config(config: &Config) {
    let generated = match generate(config) {
        Ok(generated) => generated,
        Err(error) => {
            assert!(!error.to_string().trim().is_empty(), "an empty error message");
            return;
        }
    };
    for format in FORMATS {
        match render(&generated, format) {
            Ok(rendered) => check_rendered(&generated, format, &rendered),
            Err(FormatError::MetaReportOnly) => {
                assert!(format == Format::Meta && generated.spec.report_only, "{format}: refused for no reason")
            }
            Err(error) => panic!("{format}: a validated configuration failed to render: {error}"),
        }
    }
}

fn check_rendered(generated: &Generated, format: Format, rendered: &Rendered) {
    assert!(!rendered.policies.is_empty(), "{format} carries no policy");
    let mut list = PolicyList::default();
    for carried in &rendered.policies {
        let policy = parse_serialized_policy(&carried.value, carried.disposition, carried.delivery);
        assert!(
            policy.diagnostics.is_empty(),
            "{format}: {:?} has diagnostics {:?}",
            carried.value,
            policy.diagnostics
        );
        assert!(policy.directives.iter().all(|d| d.known.is_some()), "{format}: an unknown directive");
        assert_well_formed(&policy);
        assert_round_trips(&policy);
        list.add(&carried.value, carried.disposition, carried.delivery);
    }
    for profile in PROFILES {
        let validation = validate(&list, profile);
        let syntax: Vec<_> = validation.findings.iter().filter(|f| SYNTAX_RULES.contains(&f.id)).collect();
        assert!(syntax.is_empty(), "{format} under {profile:?}: {syntax:?}");
    }
    let carried = &rendered.policies[0].value;
    match format {
        Format::Header => {
            let document = Document::from_headers(&rendered.text).expect("the header format is a header block");
            assert_eq!(&document.values[0].text, carried, "the header line carries the policy");
        }
        Format::Meta => {
            let document = Document::from_html(&rendered.text).expect("the meta format is a <meta> tag");
            assert_eq!(&document.values[0].text, carried, "the <meta> content carries the policy");
            assert_eq!(document.values[0].delivery, Delivery::Meta);
        }
        Format::Json | Format::Vercel => {
            let json: Result<serde_json::Value, _> = serde_json::from_str(&rendered.text);
            assert!(json.is_ok(), "{format} output is not JSON:\n{}", rendered.text);
        }
        Format::OpenaiWidgetCsp | Format::McpAppCsp => {
            let (shape, domains) = parse_meta(&rendered.text).expect("a _meta declaration reads back");
            let declared = &generated.spec.domains;
            assert_eq!(
                (&domains.connect, &domains.resource, &domains.frame),
                (&declared.connect, &declared.resource, &declared.frame)
            );
            match shape {
                MetaShape::OpenAi => assert_eq!(domains.redirect, declared.redirect),
                MetaShape::McpApp => assert_eq!(domains.base_uri, declared.base_uri),
            }
        }
        // Validated values need no escaping in these formats, except Apache's "%".
        Format::Nginx | Format::Caddy | Format::Netlify => {
            assert!(rendered.text.contains(carried.as_str()), "{format} does not carry {carried:?}")
        }
        Format::Apache => assert!(rendered.text.contains(&carried.replace('%', "%%")), "apache lost {carried:?}"),
        Format::Express => {}
    }
}
