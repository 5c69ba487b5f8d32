//! `csp-tools hash` as a user runs it.
#![cfg(all(not(target_arch = "wasm32"), feature = "cli"))]

use std::process::Command;

fn hash(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_csp-tools")).arg("hash").args(args).output().expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

const PAGE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/hash/page.html");

#[test]
fn prints_sources_lines_and_skipped_items() {
    let (code, out, err) = hash(&[PAGE]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("page.html:4: <script> 'sha256-uogAATqmO4d0G6n8t1BIA/nAvD46AbbtHCdkETF77Dc='"), "{out}");
    assert!(out.contains("skipped <button onclick>: event-handler attributes need 'unsafe-hashes'"), "{out}");
    let script_src = out.lines().find(|l| l.starts_with("script-src ")).expect("script-src line");
    assert_eq!(script_src.matches("'sha256-").count(), 7, "{script_src}");
    assert!(out.lines().any(|l| l.starts_with("style-src 'sha256-")), "{out}");
}

#[test]
fn json_and_other_algorithms() {
    let (code, out, _) = hash(&["--algorithm", "512", "--format", "json", PAGE]);
    assert_eq!(code, 0);
    let json: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(json["files"][0]["scripts"].as_array().map(Vec::len), Some(7));
    assert!(json["script_src"][0].as_str().is_some_and(|s| s.starts_with("'sha512-")));
    let (code, out, _) = hash(&["--algorithm", "sha384", PAGE]);
    assert_eq!(code, 0);
    assert!(out.contains("'sha384-"));
}

#[test]
fn bad_input_exits_2() {
    let dir = std::env::temp_dir().join(format!("csp-tools-cli-hash-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let latin1 = dir.join("latin1.html");
    std::fs::write(&latin1, b"<script>/* caf\xe9 */</script>").expect("write");
    let big = dir.join("big.html");
    std::fs::write(&big, vec![b'a'; 17 << 20]).expect("write");
    let (latin1, big, dir_s) = (latin1.display().to_string(), big.display().to_string(), dir.display().to_string());
    let cases: [(&[&str], &str); 6] = [
        (&[&latin1], "is not UTF-8"),
        (&[&big], "larger than"),
        (&[&dir_s], "is a directory"),
        (&["/nonexistent.html"], "cannot read /nonexistent.html"),
        (&["--algorithm", "md5", PAGE], "unknown algorithm 'md5'"),
        (&[], "required"),
    ];
    for (args, expected) in cases {
        let (code, out, err) = hash(args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(out.is_empty() && err.contains(expected), "{args:?}: {err}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
