//! JavaScript scanning: a small lexer (comments, strings, template literals, regular expressions)
//! and call patterns over its tokens. Resolved statically: a string or substitution-free template
//! literal as the URL argument of `fetch`, `XMLHttpRequest#open`, `new WebSocket`, `new
//! EventSource`, `navigator.sendBeacon`, `import()`, static `import`/`export … from`,
//! `importScripts`, `new Worker`/`SharedWorker` and `serviceWorker.register`; and the origin of a
//! literal prefix (`"https://api.example.com/" + id`, `` `https://api.example.com/${id}` ``).
//! Everything else at those call sites (a variable, a computed origin) is listed as unresolved.
//! Heuristics: `/` starts a regular expression after an operator, `(`, `,`, `{`, `}`, `;` or a
//! keyword such as `return`; substitutions inside template literals are not scanned.

use super::{LoadKind, Unresolved, UrlRef};

/// What a script refers to.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct JsScan {
    /// URLs it loads or connects to (for a literal prefix, the prefix).
    pub urls: Vec<UrlRef>,
    /// Call sites whose URL is computed at run time.
    pub unresolved: Vec<Unresolved>,
    /// Whether it uses the WebAssembly API (so the policy needs 'wasm-unsafe-eval').
    pub uses_wasm: bool,
}

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Ident(String),
    Punct(char),
    /// A string, or a template literal without substitutions.
    Str(String),
    /// A template literal with substitutions: its text before the first `${`.
    TemplateHead(String),
    Other,
}

struct Lexer<'a> {
    src: &'a [u8],
    text: &'a str,
    at: usize,
    line: u64,
}

const REGEX_KEYWORDS: [&str; 14] = [
    "return",
    "typeof",
    "case",
    "do",
    "else",
    "in",
    "of",
    "new",
    "delete",
    "void",
    "throw",
    "yield",
    "await",
    "instanceof",
];

impl<'a> Lexer<'a> {
    fn tokens(text: &'a str) -> Vec<(Tok, u64)> {
        let mut lexer = Lexer { src: text.as_bytes(), text, at: 0, line: 1 };
        let mut out: Vec<(Tok, u64)> = Vec::new();
        while let Some(tok) = lexer.next(out.last().map(|(t, _)| t)) {
            out.push(tok);
        }
        out
    }

    fn bump_lines(&mut self, from: usize, to: usize) {
        self.line += self.src[from..to].iter().filter(|&&b| b == b'\n').count() as u64;
    }

    fn next(&mut self, previous: Option<&Tok>) -> Option<(Tok, u64)> {
        loop {
            let b = *self.src.get(self.at)?;
            match b {
                b'\n' => {
                    self.line += 1;
                    self.at += 1;
                }
                b' ' | b'\t' | b'\r' => self.at += 1,
                b'/' if self.src.get(self.at + 1) == Some(&b'/') => {
                    self.at = self.text[self.at..].find('\n').map_or(self.src.len(), |n| self.at + n);
                }
                b'/' if self.src.get(self.at + 1) == Some(&b'*') => {
                    let end = self.text[self.at + 2..].find("*/").map_or(self.src.len(), |n| self.at + 2 + n + 2);
                    self.bump_lines(self.at, end);
                    self.at = end;
                }
                _ => break,
            }
        }
        let line = self.line;
        let b = self.src[self.at];
        let tok = match b {
            b'"' | b'\'' => Tok::Str(self.string(b)),
            b'`' => self.template(),
            b'/' if regex_allowed(previous) => {
                self.regex();
                Tok::Other
            }
            b if b.is_ascii_alphabetic() || b == b'_' || b == b'$' || b >= 0x80 => {
                let start = self.at;
                while self.at < self.src.len() {
                    let c = self.src[self.at];
                    if c.is_ascii_alphanumeric() || c == b'_' || c == b'$' || c >= 0x80 {
                        self.at += 1;
                    } else {
                        break;
                    }
                }
                Tok::Ident(self.text.get(start..self.at).unwrap_or("").to_owned())
            }
            b if b.is_ascii_digit() => {
                while self.at < self.src.len()
                    && (self.src[self.at].is_ascii_alphanumeric() || self.src[self.at] == b'.')
                {
                    self.at += 1;
                }
                Tok::Other
            }
            _ => {
                self.at += 1;
                Tok::Punct(char::from(b))
            }
        };
        Some((tok, line))
    }

    /// A quoted string; escapes decoded (enough for URLs: \n, \x, \u, and escaped characters).
    fn string(&mut self, quote: u8) -> String {
        let start = self.at + 1;
        let mut value = String::new();
        let mut chars = self.text[start..].char_indices();
        while let Some((i, c)) = chars.next() {
            match c {
                c if c as u32 == u32::from(quote) => {
                    self.at = start + i + 1;
                    return value;
                }
                '\n' => {
                    // Unterminated: stop at the line end.
                    self.at = start + i;
                    return value;
                }
                '\\' => match chars.next() {
                    Some((_, 'n')) => value.push('\n'),
                    Some((_, 't')) => value.push('\t'),
                    Some((_, 'x')) => {
                        let hex: String = chars.by_ref().take(2).map(|(_, c)| c).collect();
                        value.extend(u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32));
                    }
                    Some((_, 'u')) => {
                        let hex: String = chars.by_ref().take(4).map(|(_, c)| c).collect();
                        value.extend(u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32));
                    }
                    Some((_, '\n')) => self.line += 1,
                    Some((_, other)) => value.push(other),
                    None => {}
                },
                c => value.push(c),
            }
        }
        self.at = self.src.len();
        value
    }

    /// A template literal, skipping substitutions (with nested braces, strings and templates).
    fn template(&mut self) -> Tok {
        let mut head = String::new();
        let mut substituted = false;
        self.at += 1;
        while self.at < self.src.len() {
            let b = self.src[self.at];
            match b {
                b'`' => {
                    self.at += 1;
                    return if substituted { Tok::TemplateHead(head) } else { Tok::Str(head) };
                }
                b'\\' => {
                    if !substituted && let Some(c) = self.text.get(self.at + 1..).and_then(|r| r.chars().next()) {
                        head.push(c);
                    }
                    self.at += 2;
                }
                b'$' if self.src.get(self.at + 1) == Some(&b'{') => {
                    substituted = true;
                    self.at += 2;
                    self.skip_substitution();
                }
                _ => {
                    if b == b'\n' {
                        self.line += 1;
                    }
                    let len = self.text.get(self.at..).and_then(|r| r.chars().next()).map_or(1, char::len_utf8);
                    if !substituted {
                        head.push_str(self.text.get(self.at..self.at + len).unwrap_or(""));
                    }
                    self.at += len;
                }
            }
        }
        if substituted { Tok::TemplateHead(head) } else { Tok::Str(head) }
    }

    fn skip_substitution(&mut self) {
        let mut depth = 1usize;
        let mut previous: Option<Tok> = None;
        while depth > 0 {
            let Some((tok, _)) = self.next(previous.as_ref()) else { return };
            match tok {
                Tok::Punct('{') => depth += 1,
                Tok::Punct('}') => depth -= 1,
                _ => {}
            }
            previous = Some(tok);
        }
    }

    fn regex(&mut self) {
        self.at += 1;
        let mut in_class = false;
        while self.at < self.src.len() {
            match self.src[self.at] {
                b'\\' => self.at += 1,
                b'[' => in_class = true,
                b']' => in_class = false,
                b'/' if !in_class => {
                    self.at += 1;
                    while self.at < self.src.len() && self.src[self.at].is_ascii_alphabetic() {
                        self.at += 1;
                    }
                    return;
                }
                b'\n' => return,
                _ => {}
            }
            self.at += 1;
        }
    }
}

fn regex_allowed(previous: Option<&Tok>) -> bool {
    match previous {
        None => true,
        Some(Tok::Punct(c)) => !matches!(c, ')' | ']'),
        Some(Tok::Ident(word)) => REGEX_KEYWORDS.contains(&word.as_str()),
        Some(_) => false,
    }
}

/// Scans a script (classic or module).
pub fn scan_js(text: &str) -> JsScan {
    let tokens = Lexer::tokens(text);
    let mut scan = JsScan::default();
    let ident = |i: usize| match tokens.get(i) {
        Some((Tok::Ident(name), _)) => Some(name.as_str()),
        _ => None,
    };
    let punct = |i: usize, c: char| matches!(tokens.get(i), Some((Tok::Punct(p), _)) if *p == c);
    for (i, (tok, line)) in tokens.iter().enumerate() {
        let Tok::Ident(name) = tok else { continue };
        let after_dot = i > 0 && punct(i - 1, '.');
        let receiver = if after_dot && i > 1 { ident(i - 2) } else { None };
        let global = !after_dot || matches!(receiver, Some("window" | "globalThis" | "self"));
        let is_new = i > 0 && ident(i - 1) == Some("new") || (after_dot && i > 2 && ident(i - 3) == Some("new"));
        let call = punct(i + 1, '(');
        let target = match name.as_str() {
            "WebAssembly" => {
                scan.uses_wasm = true;
                None
            }
            "fetch" if call && global => Some((LoadKind::Connect, i + 2)),
            "sendBeacon" if call && receiver == Some("navigator") => Some((LoadKind::Connect, i + 2)),
            "WebSocket" | "EventSource" if call && is_new => Some((LoadKind::Connect, i + 2)),
            "Worker" | "SharedWorker" if call && is_new => Some((LoadKind::Worker, i + 2)),
            "register" if call && receiver == Some("serviceWorker") => Some((LoadKind::Worker, i + 2)),
            "importScripts" if call && global => Some((LoadKind::Script, i + 2)),
            "import" if call && !after_dot => Some((LoadKind::Script, i + 2)),
            // XMLHttpRequest#open(method, url): recognised by an HTTP method literal first.
            "open" if call && after_dot && is_http_method(tokens.get(i + 2).map(|t| &t.0)) && punct(i + 3, ',') => {
                Some((LoadKind::Connect, i + 4))
            }
            // Static imports: `import "x"`, `import … from "x"`, `export … from "x"`.
            "import" if !after_dot && matches!(tokens.get(i + 1), Some((Tok::Str(_), _))) => {
                static_specifier(&mut scan, &tokens, i + 1);
                None
            }
            "from" if matches!(tokens.get(i + 1), Some((Tok::Str(_), _))) && module_clause_before(&tokens, i) => {
                static_specifier(&mut scan, &tokens, i + 1);
                None
            }
            _ => None,
        };
        let Some((kind, arg)) = target else { continue };
        match literal_url(&tokens, arg) {
            Some(url) => scan.urls.push(UrlRef { url, kind, line: *line }),
            None => {
                let what = format!("{name}({})", describe(&tokens, arg));
                scan.unresolved.push(Unresolved { what, line: *line });
            }
        }
    }
    scan
}

/// A static import's module specifier (always a string literal).
fn static_specifier(scan: &mut JsScan, tokens: &[(Tok, u64)], at: usize) {
    if let Some((Tok::Str(url), line)) = tokens.get(at) {
        scan.urls.push(UrlRef { url: url.clone(), kind: LoadKind::Script, line: *line });
    }
}

fn is_http_method(tok: Option<&Tok>) -> bool {
    const METHODS: [&str; 7] = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];
    matches!(tok, Some(Tok::Str(method)) if METHODS.iter().any(|m| m.eq_ignore_ascii_case(method)))
}

/// Whether the `from` at `i` ends an import/export clause (an `import` or `export` earlier in the
/// same statement, before any `;`).
fn module_clause_before(tokens: &[(Tok, u64)], i: usize) -> bool {
    for (tok, _) in tokens[..i].iter().rev().take(256) {
        match tok {
            Tok::Ident(word) if word == "import" || word == "export" => return true,
            Tok::Punct(';') => return false,
            _ => {}
        }
    }
    false
}

/// The URL argument at `arg` when it is a literal: the whole string, or, for a literal prefix
/// followed by `+` or a template substitution, the prefix when it already names an origin.
fn literal_url(tokens: &[(Tok, u64)], arg: usize) -> Option<String> {
    let ends_argument = |i: usize| matches!(tokens.get(i), Some((Tok::Punct(')' | ','), _)));
    match tokens.get(arg) {
        Some((Tok::Str(url), _)) if ends_argument(arg + 1) || tokens.get(arg + 1).is_none() => Some(url.clone()),
        Some((Tok::Str(prefix), _)) if matches!(tokens.get(arg + 1), Some((Tok::Punct('+'), _))) => {
            origin_prefix(prefix)
        }
        Some((Tok::TemplateHead(prefix), _)) => origin_prefix(prefix),
        _ => None,
    }
}

/// A prefix such as `https://api.example.com/` or `https://api.example.com:8443/v1?` names its
/// origin; `https://api.` does not.
fn origin_prefix(prefix: &str) -> Option<String> {
    let after_scheme = prefix.find("://")? + 3;
    let host_end = prefix[after_scheme..].find(['/', '?', '#'])? + after_scheme;
    (host_end > after_scheme).then(|| prefix[..host_end].to_owned() + "/")
}

/// A short description of the argument at `arg`, for the unresolved list.
fn describe(tokens: &[(Tok, u64)], arg: usize) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    for (tok, _) in tokens.iter().skip(arg).take(12) {
        match tok {
            Tok::Punct('(' | '[' | '{') => depth += 1,
            Tok::Punct(')' | ']' | '}') if depth == 0 => break,
            Tok::Punct(')' | ']' | '}') => depth -= 1,
            Tok::Punct(',') if depth == 0 => break,
            _ => {}
        }
        let piece = match tok {
            Tok::Ident(name) => name.clone(),
            Tok::Punct(c) => c.to_string(),
            // Queries and fragments may hold tokens: never printed.
            Tok::Str(s) => format!("{:?}", super::without_query(s)),
            Tok::TemplateHead(s) => format!("`{}${{…}}`", super::without_query(s)),
            Tok::Other => "…".to_owned(),
        };
        if !out.is_empty() && !matches!(tok, Tok::Punct('.' | '(' | ')')) && !out.ends_with(['.', '(']) {
            out.push(' ');
        }
        out.push_str(&piece);
    }
    if out.len() > 60 {
        let cut = (0..=57).rev().find(|&i| out.is_char_boundary(i)).unwrap_or(0);
        out.truncate(cut);
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn urls(js: &str) -> Vec<(String, LoadKind)> {
        scan_js(js).urls.into_iter().map(|u| (u.url, u.kind)).collect()
    }

    #[test]
    fn literal_urls_at_network_sinks() {
        let js = r#"
            import { a } from "./a.js";
            import "https://cdn.example.com/side-effect.js";
            export * from './b.js';
            fetch("https://api.example.com/v1/items", { method: "POST" });
            window.fetch(`https://api.example.com/v2`);
            const ws = new WebSocket('wss://rt.example.com/socket');
            new EventSource("https://events.example.com/stream");
            xhr.open("GET", "https://legacy.example.com/data");
            navigator.sendBeacon("https://beacon.example.com/b", data);
            const m = await import("https://cdn.example.com/lazy.js");
            fetch("https://api.example.com/users/" + id);
            fetch(`https://files.example.com/${id}/raw`);
        "#;
        assert_eq!(
            urls(js),
            [
                ("./a.js".into(), LoadKind::Script),
                ("https://cdn.example.com/side-effect.js".into(), LoadKind::Script),
                ("./b.js".into(), LoadKind::Script),
                ("https://api.example.com/v1/items".into(), LoadKind::Connect),
                ("https://api.example.com/v2".into(), LoadKind::Connect),
                ("wss://rt.example.com/socket".into(), LoadKind::Connect),
                ("https://events.example.com/stream".into(), LoadKind::Connect),
                ("https://legacy.example.com/data".into(), LoadKind::Connect),
                ("https://beacon.example.com/b".into(), LoadKind::Connect),
                ("https://cdn.example.com/lazy.js".into(), LoadKind::Script),
                ("https://api.example.com/".into(), LoadKind::Connect),
                ("https://files.example.com/".into(), LoadKind::Connect),
            ]
        );
    }

    #[test]
    fn comments_strings_and_regexes_do_not_fool_it_and_computed_urls_are_listed() {
        let js = r#"
            // fetch("https://commented.example/a")
            /* new WebSocket("wss://commented.example") */
            const s = "fetch('https://in-a-string.example')";
            const r = /fetch\("https:\/\/in-a-regex.example"\)/g;
            const t = `fetch("https://in-a-template.example")`;
            api.fetch("/not-the-global-fetch");
            fetch(base + "/x?key=s3cret");
            fetch(`${origin}/y`);
            new WebSocket(url);
            if (WebAssembly.instantiateStreaming) {}
        "#;
        let scan = scan_js(js);
        assert!(scan.urls.is_empty(), "{:?}", scan.urls);
        let what: Vec<&str> = scan.unresolved.iter().map(|u| u.what.as_str()).collect();
        assert_eq!(what, ["fetch(base + \"/x\")", "fetch(`${…}`)", "WebSocket(url)"]);
        assert_eq!(scan.unresolved[0].line, 8);
        assert!(scan.uses_wasm);
    }
}
