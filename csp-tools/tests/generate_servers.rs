//! The generated server configurations are what each server expects: nginx and Apache check the
//! syntax (`nginx -t`, `apache2 -t`) and then serve a response on loopback whose header must equal
//! the policy byte for byte; Caddy adapts the Caddyfile and the adapted header must equal it; the
//! Netlify `_headers` and `vercel.json` files are parsed by their documented rules; the Express
//! snippet runs under Node and the directives helmet would receive must serialize to the policy.
//!
//! The servers come from Debian (tests/bootstrap.sh installs nginx-light, apache2 and caddy). Set
//! CSP_TOOLS_SKIP_SERVER_TESTS=1 to skip the tests that need them on a machine without them.
#![cfg(all(not(target_arch = "wasm32"), feature = "cli"))]

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use csp_tools::generate::{self, Format, PRESETS, Preset, Rendered};

fn skip(tool: &str) -> bool {
    if std::env::var_os("CSP_TOOLS_SKIP_SERVER_TESTS").is_some() {
        eprintln!("skipping the {tool} check (CSP_TOOLS_SKIP_SERVER_TESTS is set)");
        return true;
    }
    let found =
        Command::new("sh").args(["-c", &format!("command -v {tool}")]).output().is_ok_and(|o| o.status.success());
    assert!(found, "{tool} is not installed: run sh tests/bootstrap.sh (or set CSP_TOOLS_SKIP_SERVER_TESTS=1)");
    false
}

fn rendered(preset: Preset, format: Format) -> (generate::Generated, Rendered) {
    let generated = generate::generate(&generate::sample_config(preset)).expect("generates");
    let rendered = generate::render(&generated, format).expect("renders");
    (generated, rendered)
}

/// A fresh scratch directory for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("csp-tools-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port()
}

/// The response headers of `GET /` on a loopback port, waiting up to 10 s for the server.
fn fetch_headers(port: u16) -> String {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) {
            stream.set_read_timeout(Some(Duration::from_secs(5))).expect("timeout");
            stream.write_all(b"GET / HTTP/1.0\r\nHost: localhost\r\n\r\n").expect("request");
            let mut response = Vec::new();
            let _ = stream.read_to_end(&mut response);
            let text = String::from_utf8_lossy(&response).into_owned();
            return text.split("\r\n\r\n").next().unwrap_or("").to_owned();
        }
        assert!(Instant::now() < deadline, "the server did not listen on port {port}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The value of a response header (first occurrence).
fn header_value<'a>(headers: &'a str, name: &str) -> Option<&'a str> {
    headers.lines().find_map(|line| {
        let (key, value) = line.split_once(':')?;
        key.eq_ignore_ascii_case(name).then(|| value.trim())
    })
}

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn run_check(command: &mut Command) -> (bool, String) {
    let out = command.output().expect("runs");
    (out.status.success(), format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)))
}

fn nginx_conf(dir: &Path, port: u16, include: &Path) -> PathBuf {
    let d = dir.display();
    let conf = format!(
        "pid {d}/nginx.pid;\nerror_log {d}/error.log;\nevents {{}}\nhttp {{\n  access_log off;\n  \
         client_body_temp_path {d}/body;\n  proxy_temp_path {d}/proxy;\n  fastcgi_temp_path {d}/fastcgi;\n  \
         uwsgi_temp_path {d}/uwsgi;\n  scgi_temp_path {d}/scgi;\n  \
         server {{\n    listen 127.0.0.1:{port};\n    root {d};\n    include {};\n  }}\n}}\n",
        include.display()
    );
    let path = dir.join("nginx.conf");
    std::fs::write(&path, conf).expect("write nginx.conf");
    path
}

#[test]
fn nginx_accepts_and_serves_every_preset() {
    if skip("nginx") {
        return;
    }
    for preset in PRESETS {
        let (generated, out) = rendered(preset, Format::Nginx);
        let dir = scratch(&format!("nginx-{preset}"));
        let include = dir.join("csp.conf");
        std::fs::write(&include, &out.text).expect("write snippet");
        let port = free_port();
        let conf = nginx_conf(&dir, port, &include);
        let prefix = format!("{}/", dir.display());
        let (ok, log) = run_check(Command::new("nginx").arg("-t").arg("-c").arg(&conf).args(["-p", &prefix]));
        assert!(ok, "{preset}: nginx -t failed:\n{log}");
        let _server = Server(
            Command::new("nginx")
                .arg("-c")
                .arg(&conf)
                .args(["-p", &prefix, "-g", "daemon off; master_process off;"])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("nginx starts"),
        );
        let headers = fetch_headers(port);
        assert_eq!(header_value(&headers, generated.header_name()), Some(generated.policy().as_str()), "{headers}");
        assert!(header_value(&headers, "Reporting-Endpoints").is_some(), "{headers}");
    }
    // The check can fail: an unescaped quote breaks the syntax.
    let dir = scratch("nginx-broken");
    let include = dir.join("csp.conf");
    std::fs::write(&include, "add_header Content-Security-Policy \"default-src 'self\" x\" always;\n").expect("write");
    let conf = nginx_conf(&dir, free_port(), &include);
    let prefix = format!("{}/", dir.display());
    let (ok, _) = run_check(Command::new("nginx").arg("-t").arg("-c").arg(&conf).args(["-p", &prefix]));
    assert!(!ok, "nginx -t accepted a broken snippet");
}

fn apache_conf(dir: &Path, port: u16, include: &Path) -> PathBuf {
    let d = dir.display();
    let conf = format!(
        "LoadModule mpm_event_module /usr/lib/apache2/modules/mod_mpm_event.so\n\
         LoadModule headers_module /usr/lib/apache2/modules/mod_headers.so\n\
         LoadModule authz_core_module /usr/lib/apache2/modules/mod_authz_core.so\n\
         ServerName localhost\nListen 127.0.0.1:{port}\nUser nobody\nGroup nogroup\n\
         PidFile {d}/httpd.pid\nErrorLog {d}/error.log\nMutex file:{d}\nDocumentRoot {d}\n\
         Include {}\n",
        include.display()
    );
    let path = dir.join("httpd.conf");
    std::fs::write(&path, conf).expect("write httpd.conf");
    path
}

#[test]
fn apache_accepts_and_serves_every_preset() {
    if skip("apache2") {
        return;
    }
    for preset in PRESETS {
        let (generated, out) = rendered(preset, Format::Apache);
        let dir = scratch(&format!("apache-{preset}"));
        let include = dir.join("csp.conf");
        std::fs::write(&include, &out.text).expect("write snippet");
        let port = free_port();
        let conf = apache_conf(&dir, port, &include);
        let (ok, log) = run_check(Command::new("apache2").arg("-t").arg("-f").arg(&conf));
        assert!(ok, "{preset}: apache2 -t failed:\n{log}");
        let _server = Server(
            Command::new("apache2")
                .arg("-X")
                .arg("-f")
                .arg(&conf)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("apache2 starts"),
        );
        let headers = fetch_headers(port);
        assert_eq!(header_value(&headers, generated.header_name()), Some(generated.policy().as_str()), "{headers}");
    }
    let dir = scratch("apache-broken");
    let include = dir.join("csp.conf");
    std::fs::write(&include, "Header always sett Content-Security-Policy \"default-src 'self'\"\n").expect("write");
    let (ok, _) = run_check(Command::new("apache2").arg("-t").arg("-f").arg(apache_conf(&dir, free_port(), &include)));
    assert!(!ok, "apache2 -t accepted a broken snippet");
}

#[test]
fn caddy_adapts_every_preset_to_the_same_header() {
    if skip("caddy") {
        return;
    }
    for preset in PRESETS {
        let (generated, out) = rendered(preset, Format::Caddy);
        let dir = scratch(&format!("caddy-{preset}"));
        let file = dir.join("Caddyfile");
        std::fs::write(&file, format!(":8080 {{\n{}}}\n", out.text)).expect("write Caddyfile");
        let output = Command::new("caddy")
            .args(["adapt", "--adapter", "caddyfile", "--config"])
            .arg(&file)
            .env("HOME", &dir)
            .env("XDG_DATA_HOME", &dir)
            .env("XDG_CONFIG_HOME", &dir)
            .output()
            .expect("caddy runs");
        assert!(output.status.success(), "{preset}: caddy adapt failed: {}", String::from_utf8_lossy(&output.stderr));
        let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("caddy prints JSON");
        let set = &json["apps"]["http"]["servers"]["srv0"]["routes"][0]["handle"][0]["response"]["set"];
        assert_eq!(set[generated.header_name()][0], generated.policy(), "{preset}: {set}");
    }
}

#[test]
fn netlify_headers_file_parses_by_its_rules() {
    for preset in PRESETS {
        let (generated, out) = rendered(preset, Format::Netlify);
        // Netlify `_headers`: a path line, then indented `Name: value` lines for that path.
        let mut lines = out.text.lines();
        assert_eq!(lines.next(), Some("/*"));
        let mut headers = Vec::new();
        for line in lines {
            assert!(line.starts_with("  "), "{preset}: header lines are indented: {line:?}");
            let (name, value) = line.trim_start().split_once(": ").expect("Name: value");
            assert!(name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'), "{name}");
            headers.push((name.to_owned(), value.to_owned()));
        }
        let expected: Vec<(String, String)> = generated.headers().into_iter().map(|(n, v)| (n.to_owned(), v)).collect();
        assert_eq!(headers, expected, "{preset}");
    }
}

#[test]
fn vercel_json_has_the_documented_shape() {
    for preset in PRESETS {
        let (generated, out) = rendered(preset, Format::Vercel);
        let json: serde_json::Value = serde_json::from_str(&out.text).expect("valid JSON");
        let rule = &json["headers"][0];
        assert_eq!(rule["source"], "/(.*)");
        assert_eq!(rule["headers"][0]["key"], generated.header_name());
        assert_eq!(rule["headers"][0]["value"], generated.policy());
        assert_eq!(json.as_object().map(|o| o.len()), Some(1), "only a headers key");
    }
}

#[test]
fn express_snippet_runs_in_node_and_gives_helmet_the_same_directives() {
    if skip("node") {
        return;
    }
    for preset in PRESETS {
        let (generated, out) = rendered(preset, Format::Express);
        let dir = scratch(&format!("express-{preset}"));
        let file = dir.join("csp.js");
        std::fs::write(&file, &out.text).expect("write");
        // helmet joins each directive's array with spaces; camelCase names are dasherized.
        let script = "const { cspOptions } = require(process.argv[1]);\
             const d = cspOptions.directives;\
             const dash = (k) => k.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());\
             process.stdout.write(Object.keys(d).map((k) => [dash(k), ...d[k]].join(' ')).join('; '));";
        let output = Command::new("node").args(["-e", script]).arg(&file).output().expect("node runs");
        assert!(output.status.success(), "{preset}: {}", String::from_utf8_lossy(&output.stderr));
        assert_eq!(String::from_utf8_lossy(&output.stdout), generated.policy(), "{preset}");
    }
}
