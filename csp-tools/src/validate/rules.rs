//! Every check's rule: stable id, severity, csp_evaluator type, scope and title. The README's
//! check table and the SARIF rule list are made from [`RULES`].

use super::finding::{Rule, Scope, Severity};

const fn rule(
    id: &'static str,
    severity: Severity,
    evaluator_type: Option<&'static str>,
    scope: Scope,
    title: &'static str,
) -> Rule {
    Rule { id, severity, evaluator_type, scope, title }
}

use Scope::{List, Policy};
use Severity::{High, Info, Low, Medium};

/// `'unsafe-inline'` governs scripts (and no nonce, hash or 'strict-dynamic' neutralises it).
pub const SCRIPT_UNSAFE_INLINE: Rule =
    rule("script-unsafe-inline", High, Some("SCRIPT_UNSAFE_INLINE"), List, "'unsafe-inline' allows injected scripts");
/// `'unsafe-hashes'` in a script directive.
pub const SCRIPT_UNSAFE_HASHES: Rule = rule(
    "script-unsafe-hashes",
    Low,
    Some("SCRIPT_UNSAFE_HASHES"),
    List,
    "'unsafe-hashes' allows inline event handlers",
);
/// `'unsafe-eval'` in a script directive.
pub const SCRIPT_UNSAFE_EVAL: Rule = rule(
    "script-unsafe-eval",
    Medium,
    Some("SCRIPT_UNSAFE_EVAL"),
    List,
    "'unsafe-eval' allows eval() of injected strings",
);
/// `data:`, `http:` or `https:` in script-src, object-src or base-uri.
pub const PLAIN_URL_SCHEME: Rule =
    rule("plain-url-scheme", High, Some("PLAIN_URL_SCHEMES"), List, "a bare scheme allows scripts from anywhere");
/// `*` (with any scheme) in script-src, object-src or base-uri.
pub const PLAIN_WILDCARD: Rule =
    rule("plain-wildcard", High, Some("PLAIN_WILDCARD"), List, "a '*' source allows scripts from any host");
/// Neither object-src nor default-src.
pub const MISSING_OBJECT_SRC: Rule =
    rule("missing-object-src", High, Some("MISSING_DIRECTIVES"), List, "plugins are not restricted");
/// Neither script-src nor default-src.
pub const MISSING_SCRIPT_SRC: Rule =
    rule("missing-script-src", High, Some("MISSING_DIRECTIVES"), List, "scripts are not restricted");
/// Nonces (or hashes with 'strict-dynamic') without base-uri.
pub const MISSING_BASE_URI: Rule =
    rule("missing-base-uri", High, Some("MISSING_DIRECTIVES"), List, "an injected <base> can redirect nonced scripts");
/// A script host known to serve JSONP or AngularJS.
pub const SCRIPT_BYPASS_HOST: Rule = rule(
    "script-bypass-host",
    High,
    Some("SCRIPT_ALLOWLIST_BYPASS"),
    List,
    "an allowed script host serves a CSP bypass",
);
/// A script host allow-list (no known bypass, but allow-lists are often bypassable).
pub const SCRIPT_HOST_ALLOWLIST: Rule =
    rule("script-host-allowlist", Low, Some("SCRIPT_ALLOWLIST_BYPASS"), List, "script host allow-lists are weak");
/// `'self'` in script-src.
pub const SCRIPT_SELF: Rule =
    rule("script-self", Low, Some("SCRIPT_ALLOWLIST_BYPASS"), List, "'self' scripts are only as safe as the site");
/// An object-src host known to serve Flash bypasses.
pub const OBJECT_BYPASS_HOST: Rule =
    rule("object-bypass-host", High, Some("OBJECT_ALLOWLIST_BYPASS"), List, "an allowed plugin host serves a bypass");
/// object-src allows something other than 'none'.
pub const OBJECT_ALLOWLIST: Rule =
    rule("object-allowlist", Low, Some("OBJECT_ALLOWLIST_BYPASS"), List, "object-src should be 'none'");
/// A source whose host is an IP address.
pub const IP_SOURCE: Rule = rule("ip-source", Info, Some("IP_SOURCE"), Policy, "a source is an IP address");
/// A nonce shorter than 8 characters.
pub const NONCE_LENGTH: Rule =
    rule("nonce-length", Medium, Some("NONCE_LENGTH"), Policy, "a nonce is too short to be unguessable");
/// A nonce with characters outside base64; browsers ignore it.
pub const NONCE_CHARSET: Rule = rule("nonce-charset", Medium, Some("NONCE_CHARSET"), Policy, "a nonce is not base64");
/// An `http://` source or report URI.
pub const SRC_HTTP: Rule =
    rule("src-http", Medium, Some("SRC_HTTP"), Policy, "a source or report URI uses plain http://");
/// A directive removed from CSP.
pub const DEPRECATED_DIRECTIVE: Rule =
    rule("deprecated-directive", Info, Some("DEPRECATED_DIRECTIVE"), Policy, "a directive was removed from CSP");
/// A directive name browsers do not know.
pub const UNKNOWN_DIRECTIVE: Rule =
    rule("unknown-directive", Medium, Some("UNKNOWN_DIRECTIVE"), Policy, "browsers ignore an unknown directive");
/// A directive name inside a value: a `;` is missing.
pub const MISSING_SEMICOLON: Rule =
    rule("missing-semicolon", Medium, Some("MISSING_SEMICOLON"), Policy, "a ';' is missing between directives");
/// A keyword written without its single quotes (`self`), or a quoted token that is no keyword.
pub const INVALID_KEYWORD: Rule =
    rule("invalid-keyword", Medium, Some("INVALID_KEYWORD"), Policy, "a keyword is unquoted or unknown");
/// Sources a browser ignores because of a nonce, a hash or 'strict-dynamic' (information).
pub const IGNORED_SOURCE: Rule =
    rule("ignored-source", Info, Some("IGNORED"), Policy, "a source is ignored by CSP3 browsers");
/// A host or scheme allow-list without 'strict-dynamic' (strict CSP).
pub const STRICT_DYNAMIC: Rule =
    rule("strict-dynamic", Info, Some("STRICT_DYNAMIC"), List, "prefer nonces with 'strict-dynamic' to allow-lists");
/// 'strict-dynamic' without a nonce or hash: every script is blocked.
pub const STRICT_DYNAMIC_NOT_STANDALONE: Rule = rule(
    "strict-dynamic-not-standalone",
    Low,
    Some("STRICT_DYNAMIC_NOT_STANDALONE"),
    Policy,
    "'strict-dynamic' without a nonce or hash blocks all scripts",
);
/// Nonces or hashes without the 'unsafe-inline' fallback for CSP1 browsers (strict CSP).
pub const UNSAFE_INLINE_FALLBACK: Rule = rule(
    "unsafe-inline-fallback",
    Info,
    Some("UNSAFE_INLINE_FALLBACK"),
    Policy,
    "no 'unsafe-inline' fallback for old browsers",
);
/// 'strict-dynamic' without the https: fallback for CSP2 browsers (strict CSP).
pub const ALLOWLIST_FALLBACK: Rule =
    rule("allowlist-fallback", Info, Some("ALLOWLIST_FALLBACK"), Policy, "no https: fallback for old browsers");
/// No `require-trusted-types-for 'script'` (strict CSP).
pub const TRUSTED_TYPES: Rule = rule(
    "require-trusted-types",
    Info,
    Some("REQUIRE_TRUSTED_TYPES_FOR_SCRIPTS"),
    List,
    "DOM XSS sinks are not locked down with Trusted Types",
);
/// A directive repeated in one policy: browsers ignore all but the first.
pub const DUPLICATE_DIRECTIVE: Rule =
    rule("duplicate-directive", Medium, None, Policy, "a repeated directive is ignored");
/// A token that is no valid CSP3 source expression: browsers ignore it.
pub const INVALID_SOURCE: Rule = rule("invalid-source", Medium, None, Policy, "browsers ignore an invalid source");
/// A directive value with non-ASCII or control characters: browsers drop the directive.
pub const INVALID_CHARACTERS: Rule =
    rule("invalid-characters", Medium, None, Policy, "browsers drop a directive with invalid characters");
/// frame-ancestors, report-uri or sandbox in a `<meta>` policy.
pub const IGNORED_IN_META: Rule = rule("ignored-in-meta", Medium, None, Policy, "a directive is ignored in <meta>");
/// sandbox or upgrade-insecure-requests in a report-only policy.
pub const IGNORED_IN_REPORT_ONLY: Rule =
    rule("ignored-in-report-only", Low, None, Policy, "a directive is ignored in report-only mode");
/// A source whose query or fragment browsers drop; 'none' among other sources; a value given to a
/// directive that takes none.
pub const IGNORED_PART: Rule = rule("ignored-part", Low, None, Policy, "part of a directive has no effect");
/// report-uri without report-to.
pub const REPORT_URI_WITHOUT_REPORT_TO: Rule =
    rule("report-uri-without-report-to", Info, None, Policy, "report-uri is deprecated in favour of report-to");
/// Only report-only policies: nothing is enforced.
pub const REPORT_ONLY_ONLY: Rule = rule("report-only-only", High, None, List, "no policy is enforced, only reported");
/// Widget: connect-src missing (network falls back to default-src or is unrestricted).
pub const WIDGET_CONNECT_SRC_MISSING: Rule =
    rule("widget-connect-src-missing", High, None, List, "widget network access is not restricted by connect-src");
/// Widget: a wildcard or bare scheme in connect-src.
pub const WIDGET_CONNECT_SRC_BROAD: Rule =
    rule("widget-connect-src-broad", High, None, List, "widget may connect to any host");
/// Widget: nested frames allowed.
pub const WIDGET_NESTED_FRAMES: Rule =
    rule("widget-nested-frames", Medium, None, List, "widget may embed other frames");
/// Widget: form-action missing.
pub const WIDGET_FORM_ACTION_MISSING: Rule =
    rule("widget-form-action-missing", Medium, None, List, "widget forms may post anywhere");
/// Widget: base-uri missing.
pub const WIDGET_BASE_URI_MISSING: Rule =
    rule("widget-base-uri-missing", Medium, None, List, "widget relative URLs can be redirected with <base>");
/// Widget: script-src without 'wasm-unsafe-eval', so widget-guard's WebAssembly cannot start.
pub const WIDGET_WASM_BLOCKED: Rule =
    rule("widget-wasm-blocked", High, None, List, "widget-guard cannot load without 'wasm-unsafe-eval'");

/// Every rule, in the order the README lists them.
pub const RULES: [Rule; 41] = [
    SCRIPT_UNSAFE_INLINE,
    SCRIPT_UNSAFE_HASHES,
    SCRIPT_UNSAFE_EVAL,
    PLAIN_URL_SCHEME,
    PLAIN_WILDCARD,
    MISSING_OBJECT_SRC,
    MISSING_SCRIPT_SRC,
    MISSING_BASE_URI,
    SCRIPT_BYPASS_HOST,
    SCRIPT_HOST_ALLOWLIST,
    SCRIPT_SELF,
    OBJECT_BYPASS_HOST,
    OBJECT_ALLOWLIST,
    IP_SOURCE,
    NONCE_LENGTH,
    NONCE_CHARSET,
    SRC_HTTP,
    DEPRECATED_DIRECTIVE,
    UNKNOWN_DIRECTIVE,
    MISSING_SEMICOLON,
    INVALID_KEYWORD,
    IGNORED_SOURCE,
    STRICT_DYNAMIC,
    STRICT_DYNAMIC_NOT_STANDALONE,
    UNSAFE_INLINE_FALLBACK,
    ALLOWLIST_FALLBACK,
    TRUSTED_TYPES,
    DUPLICATE_DIRECTIVE,
    INVALID_SOURCE,
    INVALID_CHARACTERS,
    IGNORED_IN_META,
    IGNORED_IN_REPORT_ONLY,
    IGNORED_PART,
    REPORT_URI_WITHOUT_REPORT_TO,
    REPORT_ONLY_ONLY,
    WIDGET_CONNECT_SRC_MISSING,
    WIDGET_CONNECT_SRC_BROAD,
    WIDGET_NESTED_FRAMES,
    WIDGET_FORM_ACTION_MISSING,
    WIDGET_BASE_URI_MISSING,
    WIDGET_WASM_BLOCKED,
];
