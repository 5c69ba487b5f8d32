//! `csp-tools generate` as a user runs it: config files, flags, _meta conversion, bad input.
#![cfg(all(not(target_arch = "wasm32"), feature = "cli"))]

use std::process::Command;

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/generate/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn generate(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_csp-tools")).arg("generate").args(args).output().expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

#[test]
fn a_toml_config_with_flags_prints_the_header() {
    let (code, out, err) = generate(&["--config", &fixture("csp.toml"), "--connect", "wss://rt.example.com"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with(
            "Content-Security-Policy: default-src 'none'; script-src 'self' https://cdn.example.com 'wasm-unsafe-eval';"
        ),
        "{out}"
    );
    assert!(out.contains("connect-src https://api.example.com wss://rt.example.com;"), "{out}");
    assert!(out.contains("\nReporting-Endpoints: csp-endpoint=\"https://csp.example.com/report\"\n"), "{out}");
}

#[test]
fn a_json_config_and_the_mcp_declaration() {
    let (code, out, err) = generate(&["--config", &fixture("csp.json"), "--format", "mcp-app-csp"]);
    assert_eq!(code, 0, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(json["ui"]["csp"]["connectDomains"][0], "https://api.example.com");
    assert_eq!(json["ui"]["csp"]["baseUriDomains"][0], "https://cdn.example.com");
}

#[test]
fn meta_to_header_and_header_to_meta() {
    let (code, out, _) = generate(&["--from-meta", &fixture("openai-meta.json"), "--format", "header"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("connect-src https://api.example.com;")
            && out.contains("script-src 'self' https://cdn.example.com"),
        "{out}"
    );
    let policy = out.trim().trim_start_matches("Content-Security-Policy: ");
    let (code, out, err) = generate(&["--from-header", policy, "--format", "openai-widget-csp"]);
    assert_eq!(code, 0, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(json["openai/widgetCSP"]["connect_domains"], serde_json::json!(["https://api.example.com"]));
    assert_eq!(json["openai/widgetCSP"]["resource_domains"], serde_json::json!(["https://cdn.example.com"]));
    assert!(err.is_empty(), "a header generated from a declaration converts back without notes: {err}");
}

#[test]
fn bad_input_exits_2_with_what_to_fix() {
    let dir = std::env::temp_dir().join(format!("csp-tools-cli-generate-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let big = dir.join("big.toml");
    std::fs::write(&big, vec![b'#'; 10 * 1024 * 1024]).expect("write");
    let binary = dir.join("binary.toml");
    std::fs::write(&binary, b"preset = \"\xff\xfe\"\n").expect("write");
    let (big, binary, dir_s) = (big.display().to_string(), binary.display().to_string(), dir.display().to_string());
    let cases: [(&[&str], &str); 12] = [
        (&["--config", &fixture("broken.toml")], "invalid TOML configuration"),
        (&["--config", &big], "larger than"),
        (&["--config", &binary], "not UTF-8"),
        (&["--config", &dir_s], "is a directory"),
        (&["--config", "/nonexistent/csp.toml"], "cannot read /nonexistent/csp.toml"),
        (&["--preset", "wordpress"], "unknown preset 'wordpress'"),
        (&["--format", "iis"], "unknown format 'iis'"),
        (&["--connect", "https://exa mple.com"], "contains whitespace"),
        (&["--resource", "javascript:"], "is a scheme, not a domain"),
        (&["--connect", "http://api.example.com"], "must use https://"),
        (&["--from-meta", &fixture("csp.json")], "no CSP declaration found"),
        (&["--frobnicate"], "unexpected argument"),
    ];
    for (args, expected) in cases {
        let (code, out, err) = generate(args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(out.is_empty(), "{args:?} printed {out}");
        assert!(err.contains(expected), "{args:?}: expected {expected:?} in {err}");
        assert!(!err.contains("panicked"), "{err}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn inline_blocks_of_an_html_file_are_hashed_into_the_policy() {
    let page = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/widget/index.html");
    let (code, out, err) = generate(&["--preset", "static-site", "--hashes-from", page]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("script-src 'self' 'sha256-fuG0sImr7/RUjKP6PhO5NSfwP1u46F0CkUk3iclwzik=';"), "{out}");
    assert!(out.contains("style-src 'self' 'sha256-mX+s7KJgWpgxJola85xdpAFPBQaV091gzM2oPjgTW2w=';"), "{out}");
    assert!(err.contains("<button onclick> not hashed"), "{err}");
}

#[test]
fn report_only_cannot_be_a_meta_tag() {
    let (code, _, err) = generate(&["--preset", "static-site", "--report-only", "--format", "meta"]);
    assert_eq!(code, 2);
    assert!(err.contains("cannot be report-only"), "{err}");
}
