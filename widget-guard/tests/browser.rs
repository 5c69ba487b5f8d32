//! The guard compiled to wasm32 in headless Chromium, deciding on URLs exactly as the browser
//! serializes them (`URL.href`, what the loader hands over): the href splitter meets the real
//! parser's output for every trick in the book.
//!
//! Run: CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
//!      cargo test -p widget-guard --target wasm32-unknown-unknown --test browser
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use widget_guard::config::GuardConfig;
use widget_guard::guard::Guard;
use widget_guard::sink::Sink;

wasm_bindgen_test_configure!(run_in_browser);

const PAGE: &str = "https://widget.example/app/index.html";

fn guard() -> Guard {
    let config = format!(
        "page\t{PAGE}\ncsp\tconnect-src https://api.example.com wss://live.example.com https://xn--bcher-kva.example\n\
         allow\thttps://api.example.com\t/v1/\tGET POST\t0\nallow\twss://live.example.com\t*\t*\t0\n\
         allow\thttps://xn--bcher-kva.example\t*\t*\t0"
    );
    Guard::new(GuardConfig::from_lines(&config).unwrap()).unwrap()
}

/// The browser's serialization of `input` resolved against the widget page.
fn href(input: &str) -> String {
    web_sys::Url::new_with_base(input, PAGE).expect("the browser parses it").href()
}

#[wasm_bindgen_test]
fn decides_on_the_browsers_own_serialization() {
    let guard = guard();
    let cases: &[(&str, Sink, &str, bool)] = &[
        ("https://api.example.com/v1/items?q=1#top", Sink::Fetch, "GET", true),
        ("HTTPS://API.EXAMPLE.COM/v1/x", Sink::Fetch, "GET", true),
        ("https://api.example.com:443/v1/x", Sink::Fetch, "GET", true),
        ("https://user:pass@api.example.com/v1/x", Sink::Xhr, "GET", true),
        ("https://api.example.com@evil.example/v1/", Sink::Fetch, "GET", false),
        ("https:\\\\evil.example\\v1\\", Sink::Fetch, "GET", false),
        ("https://ev\til.exam\nple/v1/", Sink::Fetch, "GET", false),
        ("https://%65vil.example/v1/", Sink::Fetch, "GET", false),
        ("https://api.example.com/v1/../admin", Sink::Fetch, "GET", false),
        ("https://api.example.com/v1/%2e%2e/admin", Sink::Fetch, "GET", false),
        ("https://api.example.com./v1/x", Sink::Fetch, "GET", false),
        ("https://api.example.com:8443/v1/x", Sink::Fetch, "GET", false),
        ("https://api.example.com/v1/x", Sink::Fetch, "DELETE", false),
        ("https://0x7f.1/v1/", Sink::Fetch, "GET", false),
        // CSP host sources cannot name IPv6 literals, so no rule can allow one.
        ("https://[0:0::1]:8443/rpc", Sink::Fetch, "POST", false),
        ("https://bücher.example/", Sink::Fetch, "GET", true),
        ("wss://live.example.com/socket", Sink::WebSocket, "GET", true),
        ("ws://live.example.com/socket", Sink::WebSocket, "GET", false),
        ("/v1/relative", Sink::Fetch, "GET", false),
        ("data:text/plain,hi", Sink::Fetch, "GET", false),
        ("blob:https://api.example.com/0d2c", Sink::Fetch, "GET", false),
    ];
    for &(input, sink, method, expected) in cases {
        let href = href(input);
        let outcome = guard.decide(sink, method, &href);
        assert_eq!(outcome.proceed, expected, "{input} → {href}: {}", outcome.reason);
        assert_eq!(guard.verdict(sink, method, &href).proceed, expected, "{input}");
        assert!(!outcome.url.contains('?') && !outcome.url.contains('#'), "{}", outcome.url);
    }
}
