//! The `csp-tools check` command as a user runs it: verdicts, exit codes, JSON, batches, bad input.
#![cfg(not(target_arch = "wasm32"))]

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn csp_tools(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_csp-tools"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("csp-tools starts");
    child.stdin.take().expect("stdin").write_all(stdin).expect("write stdin");
    child.wait_with_output().expect("csp-tools finishes")
}

fn check(args: &[&str]) -> (i32, String, String) {
    let mut full = vec!["check"];
    full.extend_from_slice(args);
    let out = csp_tools(&full, b"");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

const POLICY: &str = "default-src 'self'; connect-src https://api.example.com/v1/";

#[test]
fn allowed_exits_0_and_names_the_matching_source() {
    let (code, out, _) =
        check(&["--policy", POLICY, "--page", "https://app.example/", "--url", "https://api.example.com/v1/x"]);
    assert_eq!(code, 0);
    assert_eq!(
        out.trim(),
        "allowed: https://api.example.com/v1/x matches 'https://api.example.com/v1/' in connect-src"
    );
}

#[test]
fn blocked_exits_1_with_an_actionable_reason_and_no_query() {
    let (code, out, _) = check(&[
        "--policy",
        POLICY,
        "--page",
        "https://app.example/",
        "--url",
        "https://evil.example/x?token=secret#frag",
    ]);
    assert_eq!(code, 1);
    assert!(out.contains("blocked: https://evil.example/x:"), "{out}");
    assert!(out.contains("nearest is 'https://api.example.com/v1/' (host differs)"), "{out}");
    assert!(out.contains("add https://evil.example to connect-src"), "{out}");
    assert!(!out.contains("secret") && !out.contains("frag"), "query and fragment must not be printed: {out}");
}

#[test]
fn a_path_mismatch_suggests_the_path_not_the_origin() {
    let (code, out, _) =
        check(&["--policy", POLICY, "--page", "https://app.example/", "--url", "https://api.example.com/v2/x"]);
    assert_eq!(code, 1);
    assert!(out.contains("(path differs). To allow it, add https://api.example.com/v2/x to connect-src"), "{out}");
    let (_, out, _) = check(&["--policy", "connect-src 'none'", "--page", "https://app.example/", "--url", "/x"]);
    assert!(out.contains("connect-src allows no URLs: it lists only 'none'"), "{out}");
}

#[test]
fn json_output_and_fallback_directive() {
    let (code, out, _) = check(&[
        "--policy",
        "default-src 'self'",
        "--page",
        "https://app.example/",
        "--url",
        "/api",
        "--kind",
        "img",
        "--json",
    ]);
    assert_eq!(code, 0);
    let answer: serde_json::Value = serde_json::from_str(&out).expect("one JSON object");
    assert_eq!(answer["allowed"], true);
    assert_eq!(answer["directive"], "default-src");
    assert_eq!(answer["matched"], "'self'");
    assert!(answer["reason"].as_str().is_some_and(|r| r.contains("matches 'self' in default-src")), "{answer}");
}

#[test]
fn every_policy_in_the_list_must_allow() {
    let (code, out, _) = check(&[
        "--policy",
        "connect-src https://a.example https://b.example",
        "--policy",
        "connect-src https://b.example",
        "--page",
        "https://app.example/",
        "--url",
        "https://a.example/",
    ]);
    assert_eq!(code, 1);
    assert!(out.contains("policy #2"), "{out}");
}

#[test]
fn parse_diagnostics_are_warnings_on_stderr() {
    let (code, _, err) = check(&[
        "--policy",
        "connect-src https://ok.example ht^tp://bad",
        "--page",
        "https://app.example/",
        "--url",
        "https://ok.example/",
    ]);
    assert_eq!(code, 0);
    assert!(err.contains("warning: policy #1: 'ht^tp://bad' in connect-src is ignored"), "{err}");
}

#[test]
fn bad_usage_exits_2_with_what_to_fix() {
    let (code, _, err) = check(&["--policy", POLICY, "--page", "not a url", "--url", "/x"]);
    assert_eq!(code, 2);
    assert!(err.contains("--page 'not a url' is not an absolute URL"), "{err}");
    let (code, _, err) =
        check(&["--policy", POLICY, "--page", "https://a.example/", "--url", "/x", "--kind", "telepathy"]);
    assert_eq!(code, 2);
    assert!(err.contains("expected one of: fetch"), "{err}");
    let (code, _, err) = check(&["--page", "https://a.example/"]);
    assert_eq!(code, 2);
    assert!(err.contains("--policy"), "{err}");
    let (code, _, err) = check(&["--batch", "/nonexistent/cases.jsonl"]);
    assert_eq!(code, 2);
    assert!(err.contains("cannot read /nonexistent/cases.jsonl"), "{err}");
}

#[test]
fn batch_answers_every_line_in_order_and_survives_bad_lines() {
    let mut input = Vec::new();
    input.extend_from_slice(br#"{"policies": ["connect-src https://a.example"], "page": "https://app.example/", "url": "https://a.example/x"}"#);
    input.extend_from_slice(b"\nnot json\n\xff\xfe invalid utf-8\n");
    input.extend_from_slice(
        br#"{"policies": ["img-src 'none'"], "page": "https://app.example/", "url": "/x.png", "kind": "img"}"#,
    );
    input.extend_from_slice(b"\n");
    input.extend_from_slice(br#"{"policies": [], "page": "relative", "url": "/x"}"#);
    input.extend_from_slice(b"\n");
    input.extend_from_slice(br#"{"policies": [], "page": "https://a.example/", "url": "/x", "kind": "nope"}"#);
    // A 10 MB policy: answered, not a crash.
    let huge = format!(
        r#"{{"policies": ["connect-src {}"], "page": "https://a.example/", "url": "/x"}}"#,
        "https://h.example ".repeat(600_000)
    );
    input.extend_from_slice(b"\n");
    input.extend_from_slice(huge.as_bytes());
    let out = csp_tools(&["check", "--batch", "-"], &input);
    assert_eq!(out.status.code(), Some(0));
    let answers: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|line| serde_json::from_str(line).expect("every answer is JSON"))
        .collect();
    assert_eq!(answers.len(), 7);
    assert_eq!(answers[0]["allowed"], true);
    assert_eq!(answers[0]["matched"], "https://a.example");
    assert!(answers[1]["error"].as_str().is_some_and(|e| e.contains("expected {\"policies\"")));
    assert!(answers[2]["error"].is_string());
    assert_eq!(answers[3]["allowed"], false);
    assert_eq!(answers[3]["directive"], "img-src");
    assert!(answers[4]["error"].as_str().is_some_and(|e| e.contains("not an absolute URL")));
    assert!(answers[5]["error"].as_str().is_some_and(|e| e.contains("unknown request kind 'nope'")));
    assert_eq!(answers[6]["allowed"], false);
}
