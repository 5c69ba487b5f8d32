//! The hashes `csp-tools hash` prints are the ones Chromium computes: a page whose inline blocks
//! exercise CRLF normalisation, raw text (no entity decoding), non-ASCII text, a module script,
//! script-data escapes and a style is loaded under a policy made of nothing but those hashes;
//! every hashed block must run and the one left out must not.
//! Needs Debian's chromium (tests/bootstrap.sh); CSP_TOOLS_SKIP_BROWSER_TESTS=1 skips it.
#![cfg(all(not(target_arch = "wasm32"), feature = "cli"))]

use std::process::Command;

use csp_tools::hash::{hash_html, hash_source};
use csp_tools::policy::HashAlgorithm;

#[test]
fn chromium_runs_exactly_the_hashed_blocks() {
    if std::env::var_os("CSP_TOOLS_SKIP_BROWSER_TESTS").is_some() {
        eprintln!("skipping: CSP_TOOLS_SKIP_BROWSER_TESTS is set");
        return;
    }
    assert!(std::path::Path::new("/usr/bin/chromium").exists(), "chromium missing: run sh tests/bootstrap.sh");
    let fixture = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/hash/page.html");
    let page = std::fs::read_to_string(fixture).expect("fixture");
    for algorithm in [HashAlgorithm::Sha256, HashAlgorithm::Sha384, HashAlgorithm::Sha512] {
        let report = hash_html(&page, algorithm);
        assert_eq!(report.scripts.len(), 7, "{:?}", report.scripts);
        // The raw bytes of the first block (with CR) hash differently: normalisation matters.
        let raw = "\r\n  document.documentElement.dataset.crlf = \"ran\";\r\n";
        assert_ne!(report.scripts[0].source, hash_source(algorithm, raw.as_bytes()));
        let scripts: Vec<&str> = report
            .scripts
            .iter()
            .filter(|s| !s.preview.contains("dataset.unhashe"))
            .map(|s| s.source.as_str())
            .collect();
        let styles: Vec<&str> = report.styles.iter().map(|s| s.source.as_str()).collect();
        let policy = format!("default-src 'none'; script-src {}; style-src {}", scripts.join(" "), styles.join(" "));
        let html =
            page.replace("<!--CSP-->", &format!("<meta http-equiv=\"Content-Security-Policy\" content=\"{policy}\">"));
        let dir = std::env::temp_dir().join(format!("csp-tools-hash-browser-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let file = dir.join("page.html");
        std::fs::write(&file, html).expect("write page");
        let out = Command::new("/usr/bin/chromium")
            .args(["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
            .args(["--disable-component-update", "--disable-sync", "--no-first-run"])
            .arg(format!("--user-data-dir={}", dir.join("profile").display()))
            .arg("--dump-dom")
            .arg(format!("file://{}", file.display()))
            .output()
            .expect("chromium runs");
        let dom = String::from_utf8_lossy(&out.stdout);
        let html_tag = dom.lines().find(|l| l.contains("<html")).unwrap_or("");
        assert!(!html_tag.is_empty(), "chromium printed no DOM: {}", String::from_utf8_lossy(&out.stderr));
        for marker in ["crlf", "entities", "module", "escaped", "tab", "styled"] {
            assert!(
                html_tag.contains(&format!("data-{marker}=\"ran\"")),
                "{algorithm:?}: {marker} did not run: {html_tag}"
            );
        }
        assert!(!html_tag.contains("data-unhashed"), "{algorithm:?}: a block without a hash ran: {html_tag}");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
