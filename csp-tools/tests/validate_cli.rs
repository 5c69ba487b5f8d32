//! `csp-tools validate` as a user runs it: inputs, formats, exit codes, batches, and every kind of
//! bad input (garbage bytes, a 10 MB line, invalid UTF-8, unreadable files, wrong flags).
#![cfg(not(target_arch = "wasm32"))]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

struct Run {
    code: i32,
    out: String,
    err: String,
}

fn validate_in(dir: &Path, args: &[&str], stdin: &[u8]) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_csp-tools"))
        .arg("validate")
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("csp-tools starts");
    let mut input = child.stdin.take().expect("stdin");
    let stdin = stdin.to_vec();
    // Write from another thread so a large input cannot deadlock against a full stdout pipe.
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(&stdin);
    });
    let out = child.wait_with_output().expect("csp-tools finishes");
    writer.join().expect("stdin writer");
    Run {
        code: out.status.code().unwrap_or(-1),
        out: String::from_utf8_lossy(&out.stdout).into(),
        err: String::from_utf8_lossy(&out.stderr).into(),
    }
}

fn validate(args: &[&str], stdin: &[u8]) -> Run {
    validate_in(Path::new("."), args, stdin)
}

fn temp_file(name: &str, contents: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("csp-tools-validate-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(name);
    std::fs::write(&path, contents).expect("write temp file");
    path
}

fn assert_clean_error(run: &Run, needle: &str) {
    assert_eq!(run.code, 2, "stdout: {}\nstderr: {}", run.out, run.err);
    assert!(run.err.contains(needle), "stderr should say {needle:?}: {}", run.err);
    assert!(!run.err.contains("panicked"), "{}", run.err);
}

#[test]
fn exit_status_follows_fail_on() {
    let weak = "script-src 'self' 'unsafe-inline'; object-src 'none'";
    assert_eq!(validate(&[weak], b"").code, 1);
    assert_eq!(validate(&[weak, "--fail-on", "high"], b"").code, 1);
    let medium_only = "script-src 'none'; object-src 'none'; img-src http://a.example";
    assert_eq!(validate(&[medium_only, "--fail-on", "high"], b"").code, 0);
    assert_eq!(validate(&[medium_only, "--fail-on", "medium"], b"").code, 1);
    assert_eq!(validate(&["script-src 'none'; object-src 'none'", "--fail-on", "low"], b"").code, 0);
    assert_eq!(validate(&["script-src 'none'; object-src 'none'", "--fail-on", "info"], b"").code, 1);
}

#[test]
fn human_output_points_at_the_token_and_is_plain_when_piped() {
    let run = validate(&["script-src 'self' 'unsafe-inline'"], b"");
    assert!(run.out.contains("high[script-unsafe-inline]"), "{}", run.out);
    assert!(
        run.out.contains(" 1 | script-src 'self' 'unsafe-inline'\n   |                   ^^^^^^^^^^^^^^^"),
        "{}",
        run.out
    );
    assert!(run.out.contains("--> argument:1:19"), "{}", run.out);
    assert!(!run.out.contains('\x1b'), "no colour on a pipe");
    let coloured = validate(&["script-src 'self' 'unsafe-inline'", "--color", "always"], b"");
    assert!(coloured.out.contains("\x1b[1;31m"), "{}", coloured.out);
}

#[test]
fn control_characters_in_a_policy_never_reach_the_terminal() {
    let run = validate(&["scr\x1b[2Jipt-src 'self'"], b"");
    assert!(!run.out.contains('\x1b'), "{:?}", run.out);
    assert!(run.out.contains("unknown-directive"), "{}", run.out);
}

#[test]
fn json_lines_keep_input_order_over_a_parallel_batch() {
    let mut input = String::new();
    for i in 0..3000 {
        input.push_str(&format!("script-src https://host{i}.example; object-src 'none'\n"));
        if i % 7 == 0 {
            input.push('\n');
        }
    }
    let run = validate(&["--format", "json", "--fail-on", "high"], input.as_bytes());
    assert_eq!(run.code, 0, "{}", run.err);
    let docs: Vec<serde_json::Value> = run.out.lines().map(|l| serde_json::from_str(l).expect("JSON line")).collect();
    assert_eq!(docs.len(), 3000);
    let mut last_line = 0;
    for (i, doc) in docs.iter().enumerate() {
        let line = doc["line"].as_u64().expect("line");
        assert!(line > last_line);
        last_line = line;
        let host = doc["findings"].as_array().expect("findings").iter().find(|f| f["id"] == "script-host-allowlist");
        assert_eq!(host.and_then(|f| f["value"].as_str()), Some(format!("https://host{i}.example").as_str()));
    }
}

#[test]
fn headers_and_html_inputs() {
    let headers = temp_file(
        "headers.txt",
        b"HTTP/2 200\r\ncontent-type: text/html\r\nContent-Security-Policy: script-src 'unsafe-inline', script-src 'self'\r\n\
          Content-Security-Policy-Report-Only: script-src 'none'\r\n",
    );
    let run = validate(&["--headers", headers.to_str().expect("path"), "--format", "json"], b"");
    let doc: serde_json::Value = serde_json::from_str(run.out.trim()).expect("JSON");
    let ids: Vec<&str> =
        doc["findings"].as_array().expect("findings").iter().filter_map(|f| f["id"].as_str()).collect();
    assert!(!ids.contains(&"script-unsafe-inline"), "the second enforced policy forbids it: {ids:?}");
    assert_eq!(doc["line"], 3);
    let html = temp_file(
        "page.html",
        b"<!doctype html><head>\n<meta http-equiv=\"Content-Security-Policy\" content=\"script-src 'self'; frame-ancestors 'none'\">",
    );
    let run = validate(&["--html", html.to_str().expect("path")], b"");
    assert!(run.out.contains("medium[ignored-in-meta]"), "{}", run.out);
    assert!(run.out.contains(":2:"), "points at line 2: {}", run.out);
    let no_csp = temp_file("none.html", b"<p>hello</p>");
    assert_clean_error(&validate(&["--html", no_csp.to_str().expect("path")], b""), "no <meta http-equiv");
}

#[test]
fn widget_profile_is_opt_in() {
    let policy = "script-src 'self'; object-src 'none'";
    assert!(!validate(&[policy], b"").out.contains("widget-"));
    let run = validate(&[policy, "--profile", "widget"], b"");
    assert!(run.out.contains("high[widget-wasm-blocked]"), "{}", run.out);
}

#[test]
fn garbage_bytes_are_a_clear_error() {
    let garbage: Vec<u8> = (0..4096u32).map(|i| (i.wrapping_mul(2654435761) >> 13) as u8).collect();
    let path = temp_file("garbage.bin", &garbage);
    let run = validate(&["--file", path.to_str().expect("path")], b"");
    assert_clean_error(&run, "is not valid UTF-8");
    let run = validate(&["--headers", path.to_str().expect("path")], b"");
    assert_clean_error(&run, "is not valid UTF-8");
}

#[test]
fn invalid_utf8_line_is_reported_and_the_batch_goes_on() {
    let run = validate(&["--format", "json"], b"script-src 'self'\nscript-src \xff\xfe\nobject-src 'none'\n");
    assert_eq!(run.code, 2);
    let lines: Vec<serde_json::Value> = run.out.lines().map(|l| serde_json::from_str(l).expect("JSON")).collect();
    assert_eq!(lines.len(), 3);
    assert!(lines[1]["error"].as_str().is_some_and(|e| e.contains("line 2 is not valid UTF-8")), "{}", run.out);
    assert_eq!(lines[2]["line"], 3);
}

#[test]
fn a_10_mb_line_is_refused_with_a_reason() {
    let mut input = b"script-src ".to_vec();
    input.resize(10 * 1024 * 1024, b'a');
    input.extend_from_slice(b"\nobject-src 'none'\n");
    let run = validate(&[], &input);
    assert_clean_error(&run, "line 1 is 10485761 bytes long; browsers refuse headers over 262144 bytes");
    assert!(run.out.contains("stdin:2: score"), "the next line is still validated: {}", run.out);
    let mut header = b"Content-Security-Policy: script-src ".to_vec();
    header.resize(10 * 1024 * 1024, b'a');
    let path = temp_file("huge-headers.txt", &header);
    assert_clean_error(&validate(&["--headers", path.to_str().expect("path")], b""), "line 1 is 10485735 bytes long");
}

#[test]
fn unreadable_inputs_are_a_clear_error() {
    assert_clean_error(
        &validate(&["--file", "/nonexistent/policies.txt"], b""),
        "cannot read /nonexistent/policies.txt",
    );
    let dir = std::env::temp_dir();
    assert_clean_error(&validate(&["--headers", dir.to_str().expect("path")], b""), "cannot read");
    assert_clean_error(&validate(&["--file", dir.to_str().expect("path")], b""), "cannot read");
}

#[test]
fn wrong_flags_are_usage_errors() {
    assert_eq!(validate(&["--nope"], b"").code, 2);
    assert_clean_error(&validate(&["x", "--format", "xml"], b""), "invalid value 'xml'");
    assert_clean_error(&validate(&["x", "--fail-on", "critical"], b""), "unknown severity 'critical'");
    assert_clean_error(&validate(&["x", "--profile", "kiosk"], b""), "unknown profile 'kiosk'");
    assert_eq!(validate(&["x", "--file", "y"], b"").code, 2);
}

#[test]
fn golden_outputs() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let cases: [(&[&str], &str); 4] = [
        (&["--file", "input.txt"], "input.human.txt"),
        (&["--file", "input.txt", "--format", "json"], "input.json"),
        (&["--file", "input.txt", "--format", "sarif"], "input.sarif.json"),
        (&["--file", "widget.txt", "--profile", "widget"], "widget.human.txt"),
    ];
    for (args, golden) in cases {
        let run = validate_in(&dir, args, b"");
        assert_eq!(run.code, 1, "{golden}: {}", run.err);
        let path = dir.join(golden);
        if std::env::var_os("UPDATE_GOLDEN").is_some() {
            std::fs::write(&path, &run.out).expect("write golden");
        }
        let expected = std::fs::read_to_string(&path).expect("golden file (UPDATE_GOLDEN=1 writes it)");
        assert_eq!(run.out, expected, "{golden} differs; review and rerun with UPDATE_GOLDEN=1");
    }
}

#[test]
fn sarif_is_2_1_0_with_rules_and_located_results() {
    let run = validate(&["script-src 'self' 'unsafe-inline'", "--format", "sarif"], b"");
    let log: serde_json::Value = serde_json::from_str(&run.out).expect("SARIF is JSON");
    assert_eq!(log["version"], "2.1.0");
    let run0 = &log["runs"][0];
    let rules = run0["tool"]["driver"]["rules"].as_array().expect("rules");
    let result = run0["results"]
        .as_array()
        .expect("results")
        .iter()
        .find(|r| r["ruleId"] == "script-unsafe-inline")
        .expect("result");
    assert_eq!(rules[result["ruleIndex"].as_u64().expect("index") as usize]["id"], "script-unsafe-inline");
    assert_eq!(result["level"], "error");
    let region = &result["locations"][0]["physicalLocation"]["region"];
    assert_eq!(
        (region["startLine"].as_u64(), region["startColumn"].as_u64(), region["endColumn"].as_u64()),
        (Some(1), Some(19), Some(34))
    );
}
