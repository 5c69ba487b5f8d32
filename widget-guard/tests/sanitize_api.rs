//! The sanitizer's public API: shape and byte preservation, modes, options, keep-paths,
//! findings without values, bad input (invalid JSON, deep nesting, huge strings).

use serde_json::json;
use widget_guard::sanitize::{
    Categories, Confidence, Kind, MAX_DEPTH, Mode, Options, SanitizeError, detect_text, redact_text, sanitize_json,
    sanitize_props,
};

const JWT: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";

fn structured_content() -> serde_json::Value {
    json!({
        "order": { "id": "ORD-2024-000123", "total": 129.99, "items": [1, 2, 3], "paid": true, "coupon": null },
        "customer": { "name": "Jane Doe", "email": "jane.doe@example.com", "phone": "+1 (415) 555-0132" },
        "payment": { "card": "4111 1111 1111 1111", "iban": "DE89370400440532013000" },
        "session": { "accessToken": JWT, "passwordHint": "Use at least 12 characters" },
        "debug": "connecting to postgres://app:s3cr3tPw@db.internal:5432/app",
        "headers": { "authorization": "Bearer abcDEF123456ghiJKL789" },
        "ui": { "className": "btn btn-primary", "labelKey": "checkout.button.label", "createdAt": "2024-05-01T10:22:31.000Z" }
    })
}

#[test]
fn redacts_each_kind_and_keeps_everything_else() {
    let out = sanitize_props(&structured_content(), &Options::default()).unwrap();
    let v = &out.value;
    assert_eq!(v["order"], structured_content()["order"]);
    assert_eq!(v["ui"], structured_content()["ui"]);
    assert_eq!(v["customer"]["name"], "Jane Doe");
    assert_eq!(v["customer"]["email"], "[REDACTED:email]");
    assert_eq!(v["customer"]["phone"], "[REDACTED:phone]");
    assert_eq!(v["payment"]["card"], "[REDACTED:card]");
    assert_eq!(v["payment"]["iban"], "[REDACTED:iban]");
    assert_eq!(v["session"]["accessToken"], "[REDACTED:jwt]");
    assert_eq!(v["session"]["passwordHint"], "Use at least 12 characters");
    assert_eq!(v["debug"], "connecting to postgres://app:[REDACTED:url_credentials]@db.internal:5432/app");
    assert_eq!(v["headers"]["authorization"], "Bearer [REDACTED:authorization]");
    let kinds: Vec<_> = out.findings.iter().map(|f| (f.pointer.as_str(), f.kind)).collect();
    assert!(kinds.contains(&("/session/accessToken", Kind::Jwt)), "{kinds:?}");
    assert!(kinds.contains(&("/payment/card", Kind::Card)));
    assert_eq!(out.findings.len(), 7, "{kinds:?}");
}

#[test]
fn clean_input_is_byte_identical() {
    let src = "{ \"b\": 1.50, \"a\": [1e3, -0, \"x\\u00e9\\n\"],\n \"z\": {\"k\": null, \"t\": true}, \"id\": \"550e8400-e29b-41d4-a716-446655440000\" }";
    let out = sanitize_json(src, &Options::default()).unwrap();
    assert_eq!(out.json, src);
    assert!(out.findings.is_empty());
}

#[test]
fn key_order_numbers_and_escapes_survive_a_redaction() {
    let src = r#"{"z":1.10,"email":"a.b@example.com","a":[true,null,"é\"q"],"m":1e400}"#;
    let out = sanitize_json(src, &Options::default()).unwrap();
    assert_eq!(out.json, r#"{"z":1.10,"email":"[REDACTED:email]","a":[true,null,"é\"q"],"m":1e400}"#);
}

#[test]
fn modes() {
    let src = r#"{"k":"card 4111111111111111 ok","p":"pw","password":"hunter22"}"#;
    let o = |mode| Options { mode, ..Options::default() };
    assert_eq!(sanitize_json(src, &o(Mode::Remove)).unwrap().json, r#"{"k":"card  ok","p":"pw","password":""}"#);
    assert_eq!(
        sanitize_json(src, &o(Mode::Mask)).unwrap().json,
        r#"{"k":"card ****1111 ok","p":"pw","password":"****"}"#
    );
}

#[test]
fn categories_keep_paths_and_extra_keys() {
    let src = r#"{"a":{"email":"x.y@example.com","ip":"203.0.113.9"},"b":{"email":"x.y@example.com"},"ref":"abc"}"#;
    let opts = Options {
        categories: Categories { ip: false, ..Categories::default() },
        keep_paths: vec!["/b".into()],
        secret_keys: vec!["ref".into()],
        ..Options::default()
    };
    let out = sanitize_json(src, &opts).unwrap();
    assert_eq!(
        out.json,
        r#"{"a":{"email":"[REDACTED:email]","ip":"203.0.113.9"},"b":{"email":"x.y@example.com"},"ref":"[REDACTED:generic_secret]"}"#
    );
    // The loader's lines (js/props.js sanitizerLines).
    let o =
        Options::from_lines("\ncategory\temail\tfalse\nkeepPaths\t/a/email\nkeepPaths\t\nsecretKeys\tx\nmode\tmask")
            .unwrap();
    assert!(!o.categories.email && o.categories.card && o.mode == Mode::Mask);
    assert_eq!((o.keep_paths, o.secret_keys), (vec!["/a/email".to_owned(), String::new()], vec!["x".to_owned()]));
    let refusal = |lines: &str| match Options::from_lines(lines) {
        Err(SanitizeError::InvalidOptions(why)) => why,
        other => panic!("{lines:?} gave {other:?}"),
    };
    assert_eq!(refusal("mdoe\tmask"), "unknown option line 'mdoe'");
    assert_eq!(
        refusal("category\temails\tfalse"),
        "unknown category 'emails' (secrets, email, phone, card, iban, ssn, ip)"
    );
    assert_eq!(refusal("mode\tMASK"), "unknown mode 'MASK' (redact, remove, mask)");
    assert!(refusal("keepPaths\ta").contains("not a JSON pointer"));
    assert_eq!(Options::from_lines("").unwrap(), Options::default());
}

#[test]
fn pointers_are_rfc6901() {
    let src = r#"{"a/b":{"c~d":["x","mail me: q@example.org"]}}"#;
    let out = sanitize_json(src, &Options::default()).unwrap();
    assert_eq!(out.findings[0].pointer, "/a~1b/c~0d/1");
    assert_eq!(out.findings[0].confidence, Confidence::High);
    let root = sanitize_json(r#""q@example.org""#, &Options::default()).unwrap();
    assert_eq!(root.findings[0].pointer, "");
}

#[test]
fn invalid_json_is_a_clear_error() {
    for bad in ["", "{", r#"{"a":}"#, "[1,]", "01", r#""\x""#, "{\"a\":1} x", "\"a\u{1}\"", "nul", "-", "1."] {
        let e = sanitize_json(bad, &Options::default()).unwrap_err();
        assert!(matches!(e, SanitizeError::InvalidJson { .. }), "{bad:?}: {e}");
    }
}

#[test]
fn nesting_is_bounded() {
    let ok = "[".repeat(MAX_DEPTH) + &"]".repeat(MAX_DEPTH);
    assert_eq!(sanitize_json(&ok, &Options::default()).unwrap().json, ok);
    let deep = "[".repeat(MAX_DEPTH + 1) + &"]".repeat(MAX_DEPTH + 1);
    assert!(matches!(sanitize_json(&deep, &Options::default()), Err(SanitizeError::TooDeep { .. })));
    let very_deep = "[".repeat(1_000_000);
    assert!(matches!(sanitize_json(&very_deep, &Options::default()), Err(SanitizeError::TooDeep { .. })));
}

#[test]
fn ten_megabyte_strings() {
    let mut big = "a1-".repeat(3_500_000);
    big.push_str(" jane@example.com");
    let red = redact_text(&big);
    assert!(red.ends_with(" [REDACTED:email]"));
    let digits = "4".repeat(10_000_000);
    assert_eq!(redact_text(&digits), digits);
    let at_signs = "@".repeat(10_000_000);
    assert_eq!(redact_text(&at_signs), at_signs);
    let json = format!("{{\"x\":\"{}\"}}", "eyJ".repeat(3_000_000));
    assert!(sanitize_json(&json, &Options::default()).unwrap().findings.is_empty());
}

#[test]
fn redact_text_for_logs() {
    let line = "user=jane.doe@example.com ip=203.0.113.42 auth=Bearer abcDEF123456ghiJKL789 key=AKIAIOSFODNN7EXAMPLE password=hunter22";
    assert_eq!(
        redact_text(line),
        "user=[REDACTED:email] ip=[REDACTED:ip_address] auth=Bearer [REDACTED:authorization] key=[REDACTED:aws_access_key_id] password=[REDACTED:generic_secret]"
    );
    let kinds: Vec<Kind> = detect_text(line, &Options::default()).into_iter().map(|(k, _)| k).collect();
    assert_eq!(kinds, [Kind::Email, Kind::IpAddress, Kind::Authorization, Kind::AwsAccessKeyId, Kind::GenericSecret]);
}

#[test]
fn negative_bait() {
    for clean in [
        "550e8400-e29b-41d4-a716-446655440000",
        "d41d8cd98f00b204e9800998ecf8427e",
        "da39a3ee5e6b4b0d3255bfef95601890afd80709",
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
        "checkout.payment.card_number.label",
        "btn btn-primary sk-spinner text-sm",
        "2024-05-01T10:22:31.123+05:30",
        "Use at least 12 characters",
        "ORD-2024-000123",
        "1234567890",
        "1719830400000",
        "v1.2.3",
        "12:30:45",
        "00:1a:2b:3c:4d:5e",
        "icon@2x.png",
        "Bearer tokens expire after an hour",
        "https://cdn.example.com/img/123.png?w=200",
        "pk_live_4eC39HqLyjWDarjtT1zdp7dc",
    ] {
        assert_eq!(redact_text(clean), clean);
    }
    let hint = r#"{"passwordHint":"Use at least 12 characters","tokenType":"Bearer","nextPageToken":"CAoQAAxyZ3bVa8Pq1LmN","sessionTimeout":"30m"}"#;
    assert!(sanitize_json(hint, &Options::default()).unwrap().findings.is_empty());
}

/// Native throughput, printed: `cargo test --release -p widget-guard --test sanitize_api -- --ignored --nocapture`.
#[test]
#[ignore = "benchmark; run with --release"]
fn throughput() {
    let log = "order ORD-2024-000123 shipped at 2024-05-01T10:22:31Z, 3 items, total 129.99 EUR; ".repeat(120_000);
    let mut best = f64::MAX;
    for _ in 0..5 {
        let t = std::time::Instant::now();
        assert_eq!(redact_text(&log).len(), log.len());
        best = best.min(t.elapsed().as_secs_f64());
    }
    println!("redact_text, log lines: {:.1} MB/s (best of 5)", log.len() as f64 / 1e6 / best);
}

/// Inputs built to make a detector rescan what it already scanned: each must stay linear.
#[test]
fn adversarial_repetitions_stay_linear() {
    const PATTERNS: &[&str] = &[
        "password=",
        "password:\"",
        "-----BEGIN RSA PRIVATE KEY-----",
        "a@b.co",
        "a://",
        "x://u:p@",
        "+1(",
        "eyJa.",
        "Bearer ",
        "AccountKey=",
        "1.1.1.1.",
        "2001:",
        "4111 ",
        "sessionid=",
        "ghp_",
        "DE89 ",
        "123-45-",
        "\\n",
        "data:",
    ];
    for p in PATTERNS {
        let s = p.repeat(1_000_000 / p.len());
        let t = std::time::Instant::now();
        let _ = redact_text(&s);
        let json = serde_json::to_string(&s).unwrap();
        let _ = sanitize_json(&json, &Options::default()).unwrap();
        let el = t.elapsed();
        // Linear costs about a second per MB unoptimized on a loaded machine; a quadratic rescan takes hours.
        assert!(el.as_secs_f64() < 5.0, "{p:?} repeated to 1 MB took {el:?}");
    }
}

/// Example values published in vendors' documentation (not from our generator).
#[test]
fn documented_examples() {
    let cases: &[(&str, Kind)] = &[
        ("AKIAIOSFODNN7EXAMPLE", Kind::AwsAccessKeyId),
        ("aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", Kind::AwsSecretAccessKey),
        ("sk_test_4eC39HqLyjWDarjtT1zdp7dc", Kind::StripeKey),
        ("xoxb-17653672481-19874698323-pdFZKVeTuE8sk7oOcBrzbqgy", Kind::SlackToken),
        ("gho_16C7e42F292c6912E7710c838347Ae178B4a", Kind::GithubToken),
        ("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", Kind::SendgridKey),
        (
            "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;",
            Kind::AzureKey,
        ),
        (JWT, Kind::Jwt),
        ("mongodb+srv://admin:Passw0rd123@cluster0.abcde.mongodb.net/test", Kind::UrlCredentials),
        ("Authorization: Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==", Kind::Authorization),
        ("4242424242424242", Kind::Card),
        ("5555555555554444", Kind::Card),
        ("6011111111111117", Kind::Card),
        ("3566002020360505", Kind::Card),
        ("30569309025904", Kind::Card),
        ("6200000000000005", Kind::Card),
        ("GB82 WEST 1234 5698 7654 32", Kind::Iban),
        ("+44 20 7946 0958", Kind::Phone),
        ("2001:0db8:85a3:0000:0000:8a2e:0370:7334", Kind::IpAddress),
    ];
    for &(text, kind) in cases {
        let found = detect_text(text, &Options::default());
        assert!(found.iter().any(|&(k, _)| k == kind), "{text}: {found:?}");
    }
}
