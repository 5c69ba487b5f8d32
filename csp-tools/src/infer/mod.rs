//! `csp-tools infer DIR`: the least-privilege policy for a built widget, from what its HTML, CSS
//! and JavaScript load and connect to, with inline blocks hashed; the matching widget `_meta`
//! declaration; and the list of what could not be resolved statically.
//!
//! What is resolved is what the scanners in [`crate::scan`] resolve (literal URLs at known
//! sinks, and origins of literal prefixes). Computed URLs, bare module specifiers and CSS with
//! escapes are listed as unresolved: the policy is then least privilege only for what is listed.

mod walk;

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;

use crate::generate::Domains;
use crate::hash::hash_source;
use crate::policy::HashAlgorithm;
use crate::scan::{LoadKind, Unresolved, UrlRef, css, html, js, without_query};

pub use walk::{FileKind, MAX_FILES, SourceFile, WalkError, read_dir_files};

/// A place in the scanned files.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Location {
    /// File path relative to the directory.
    pub file: String,
    /// 1-based line.
    pub line: u64,
}

/// Why a source is in the policy: where it was first seen and how often.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SourceEvidence {
    /// The directive.
    pub directive: &'static str,
    /// The source expression.
    pub source: String,
    /// The first use.
    pub first: Location,
    /// How many uses.
    pub uses: usize,
}

/// Something listed for a person to check.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Where.
    #[serde(flatten)]
    pub at: Location,
    /// What.
    pub what: String,
    /// Why it is listed (for skipped items and notes).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub why: String,
}

/// The result of inferring a policy.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Inferred {
    /// The least-privilege policy.
    pub policy: String,
    /// Its directives, in output order.
    pub directives: Vec<(&'static str, Vec<String>)>,
    /// The domains for a widget `_meta` declaration.
    pub domains: Domains,
    /// Why each source is there.
    pub evidence: Vec<SourceEvidence>,
    /// URLs computed at run time: not in the policy; check them by hand.
    pub unresolved: Vec<Finding>,
    /// What a policy source cannot allow (event handlers, javascript: URLs) or was left out.
    pub skipped: Vec<Finding>,
    /// Remarks on the `_meta` declaration (what it cannot express).
    pub notes: Vec<String>,
    /// Files scanned.
    pub files: usize,
}

/// Reads a directory and infers its policy.
pub fn infer_dir(dir: &Path, algorithm: HashAlgorithm) -> Result<Inferred, WalkError> {
    Ok(infer_files(&read_dir_files(dir)?, algorithm))
}

#[derive(Default)]
struct Collector {
    /// (directive order, source) → evidence
    sources: BTreeMap<(&'static str, String), (Location, usize)>,
    order: Vec<(&'static str, String)>,
    unresolved: Vec<Finding>,
    skipped: Vec<Finding>,
    wasm: bool,
}

impl Collector {
    fn add(&mut self, directive: &'static str, source: String, at: Location) {
        let key = (directive, source);
        match self.sources.get_mut(&key) {
            Some((_, uses)) => *uses += 1,
            None => {
                self.order.push(key.clone());
                self.sources.insert(key, (at, 1));
            }
        }
    }

    fn url(&mut self, file: &str, found: &UrlRef, from_js_import: bool) {
        let at = Location { file: file.to_owned(), line: found.line };
        match resolve(&found.url, found.kind, from_js_import) {
            Resolved::Source(source) => {
                if found.kind == LoadKind::Object {
                    self.skipped.push(Finding {
                        at,
                        what: format!("plugin content {}", without_query(&found.url)),
                        why: "object-src stays 'none': plugins can run script outside the policy".into(),
                    });
                } else if source.starts_with("http://") || source.starts_with("ws://") {
                    self.skipped.push(Finding {
                        at: at.clone(),
                        what: format!("{} {}", found.kind.directive(), without_query(&found.url)),
                        why: "insecure origin: serve it over https (listed in the policy as found)".into(),
                    });
                    self.add(found.kind.directive(), source, at);
                } else {
                    self.add(found.kind.directive(), source, at);
                }
            }
            Resolved::Ignore => {}
            Resolved::Unresolved(why) => self.unresolved.push(Finding {
                at,
                what: format!("{} {}", found.kind.directive(), without_query(&found.url)),
                why,
            }),
        }
    }

    fn unresolved(&mut self, file: &str, item: &Unresolved, offset: u64) {
        let at = Location { file: file.to_owned(), line: item.line + offset };
        self.unresolved.push(Finding { at, what: item.what.clone(), why: String::new() });
    }

    fn js(&mut self, file: &str, text: &str, offset: u64) {
        let scan = js::scan_js(text);
        self.wasm |= scan.uses_wasm;
        for found in &scan.urls {
            let shifted = UrlRef { line: found.line + offset, ..found.clone() };
            self.url(file, &shifted, true);
        }
        for item in &scan.unresolved {
            self.unresolved(file, item, offset);
        }
    }
}

enum Resolved {
    Source(String),
    Ignore,
    Unresolved(String),
}

/// The source expression that allows a URL as written in a file of the bundle.
fn resolve(text: &str, kind: LoadKind, from_js_import: bool) -> Resolved {
    let text = text.trim();
    let absolute = if let Some(rest) = text.strip_prefix("//") { format!("https://{rest}") } else { text.to_owned() };
    match url::Url::parse(&absolute) {
        Ok(url) => match url.scheme() {
            "http" | "https" | "ws" | "wss" => match url.host_str() {
                Some(host) => {
                    let port = url.port().map(|p| format!(":{p}")).unwrap_or_default();
                    Resolved::Source(format!("{}://{host}{port}", url.scheme()))
                }
                None => Resolved::Unresolved("URL without a host".into()),
            },
            "data" if matches!(kind, LoadKind::Script | LoadKind::Worker) => Resolved::Unresolved(
                "a data: script would need data: in script-src, which allows any script; bundle it".into(),
            ),
            "data" | "blob" => Resolved::Source(format!("{}:", url.scheme())),
            "mailto" | "tel" | "about" => Resolved::Ignore,
            other => Resolved::Unresolved(format!("scheme {other}: is not a web origin")),
        },
        Err(url::ParseError::RelativeUrlWithoutBase) => {
            let path_like = text.starts_with('/') || text.starts_with("./") || text.starts_with("../");
            if from_js_import && kind == LoadKind::Script && !path_like {
                Resolved::Unresolved(
                    "bare module specifier: resolved by an import map or a bundler, not statically".into(),
                )
            } else {
                Resolved::Source("'self'".into())
            }
        }
        Err(error) => Resolved::Unresolved(format!("not a valid URL ({error})")),
    }
}

/// The order directives are printed in.
const ORDER: [&str; 14] = [
    "default-src",
    "script-src",
    "style-src",
    "img-src",
    "font-src",
    "media-src",
    "connect-src",
    "frame-src",
    "worker-src",
    "manifest-src",
    "object-src",
    "base-uri",
    "form-action",
    "frame-ancestors",
];

/// Infers the policy of a set of files (the pure core of [`infer_dir`]).
pub fn infer_files(files: &[SourceFile], algorithm: HashAlgorithm) -> Inferred {
    let mut c = Collector::default();
    let mut script_hashes: Vec<String> = Vec::new();
    let mut style_hashes: Vec<String> = Vec::new();
    for file in files {
        let path = file.path.as_str();
        match file.kind {
            FileKind::Wasm => c.wasm = true,
            FileKind::Js => c.js(path, &file.text, 0),
            FileKind::Css => {
                let scan = css::scan_css(&file.text);
                scan.urls.iter().for_each(|u| c.url(path, u, false));
                scan.unresolved.iter().for_each(|u| c.unresolved(path, u, 0));
            }
            FileKind::Html => {
                let scan = html::scan_html(&file.text);
                scan.urls.iter().for_each(|u| c.url(path, u, false));
                scan.unresolved.iter().for_each(|u| c.unresolved(path, u, 0));
                for block in &scan.scripts {
                    let source = hash_source(algorithm, block.text.as_bytes());
                    if !script_hashes.contains(&source) {
                        script_hashes.push(source);
                    }
                    c.js(path, &block.text, block.line - 1);
                }
                for block in &scan.styles {
                    let source = hash_source(algorithm, block.text.as_bytes());
                    if !style_hashes.contains(&source) {
                        style_hashes.push(source);
                    }
                }
                for skipped in scan.skipped {
                    // External scripts and empty blocks are handled: their origin is in the policy.
                    if skipped.what.starts_with("<script src") || skipped.what.starts_with("empty <") {
                        continue;
                    }
                    let at = Location { file: path.to_owned(), line: skipped.line };
                    c.skipped.push(Finding { at, what: skipped.what, why: skipped.why.to_owned() });
                }
            }
        }
    }
    let mut by_directive: BTreeMap<&'static str, Vec<String>> = BTreeMap::new();
    for (directive, source) in &c.order {
        by_directive.entry(directive).or_default().push(source.clone());
    }
    for list in by_directive.values_mut() {
        // 'self' first, then schemes and hosts sorted, as people read policies.
        list.sort_by_key(|s| (s != "'self'", s.clone()));
    }
    by_directive.entry("script-src").or_default().extend(script_hashes);
    by_directive.entry("style-src").or_default().extend(style_hashes);
    if c.wasm {
        by_directive.entry("script-src").or_default().push("'wasm-unsafe-eval'".into());
    }
    // Always explicit: deny by default; connect-src, object-src, base-uri and form-action stated
    // (the last two do not fall back to default-src); worker-src (see below).
    by_directive.insert("default-src", vec!["'none'".into()]);
    by_directive.insert("object-src", vec!["'none'".into()]);
    // worker-src would fall back to script-src, whose 'self' would allow workers nobody uses.
    for always in ["connect-src", "worker-src", "base-uri", "form-action"] {
        by_directive.entry(always).or_default();
    }
    by_directive.retain(|name, list| {
        !list.is_empty() || matches!(*name, "connect-src" | "worker-src" | "base-uri" | "form-action")
    });
    let directives: Vec<(&'static str, Vec<String>)> = ORDER
        .iter()
        .filter_map(|name| {
            by_directive
                .get(name)
                .map(|list| (*name, if list.is_empty() { vec!["'none'".to_owned()] } else { list.clone() }))
        })
        .collect();
    let policy =
        directives.iter().map(|(name, list)| format!("{name} {}", list.join(" "))).collect::<Vec<_>>().join("; ");
    let hosts = |names: &[&str]| -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for (name, list) in &directives {
            if names.contains(name) {
                for source in list.iter().filter(|s| s.contains("://")) {
                    if !out.contains(source) {
                        out.push(source.clone());
                    }
                }
            }
        }
        out
    };
    let domains = Domains {
        connect: hosts(&["connect-src"]),
        resource: hosts(&["script-src", "style-src", "img-src", "font-src", "media-src"]),
        frame: hosts(&["frame-src"]),
        base_uri: hosts(&["base-uri"]),
        form_action: hosts(&["form-action"]),
        redirect: Vec::new(),
    };
    let evidence = c
        .order
        .iter()
        .filter_map(|key| {
            let (first, uses) = c.sources.get(key)?;
            Some(SourceEvidence { directive: key.0, source: key.1.clone(), first: first.clone(), uses: *uses })
        })
        .collect();
    let mut notes = Vec::new();
    let self_connect: Vec<&str> = directives
        .iter()
        .filter(|(n, list)| matches!(*n, "connect-src" | "frame-src") && list.iter().any(|s| s == "'self'"))
        .map(|(n, _)| *n)
        .collect();
    if !self_connect.is_empty() {
        notes.push(format!(
            "'self' in {}: a _meta declaration cannot express it; in a chat host the widget's own origin is \
             the host's sandbox, so point those requests at a declared domain",
            self_connect.join(" and ")
        ));
    }
    let (unresolved, skipped) = (c.unresolved, c.skipped);
    Inferred { policy, directives, domains, evidence, unresolved, skipped, notes, files: files.len() }
}
