//! The engine compiled to wasm32 (without the `url` crate) in headless Chromium, with URLs parsed
//! by the browser's own URL parser, as the widget guard will use it.
//!
//! Run: CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
//!      cargo test -p csp-tools --no-default-features --target wasm32-unknown-unknown --test wasm
#![cfg(target_arch = "wasm32")]

use csp_tools::{Disposition, Origin, PolicyList, Request, RequestKind, UrlView};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

/// A URL as the browser's URL parser canonicalises it.
struct BrowserUrl {
    scheme: String,
    host: String,
    port: Option<u16>,
    path: String,
}

impl BrowserUrl {
    fn parse(text: &str, base: &str) -> Self {
        let url = web_sys::Url::new_with_base(text, base).expect("the browser parses the URL");
        let protocol = url.protocol();
        BrowserUrl {
            scheme: protocol.trim_end_matches(':').to_owned(),
            host: url.hostname(),
            port: url.port().parse().ok(),
            path: url.pathname(),
        }
    }

    fn view(&self) -> UrlView<'_> {
        let host = (!self.host.is_empty()).then_some(self.host.as_str());
        UrlView { scheme: &self.scheme, host, port: self.port, path: &self.path }
    }
}

fn allowed(policy: &str, page: &str, url: &str, kind: RequestKind) -> bool {
    let list = PolicyList::parse(policy, Disposition::Enforce);
    let url = BrowserUrl::parse(url, page);
    let origin = Origin::of(&BrowserUrl::parse(page, page).view());
    list.check(&Request { url: url.view(), kind, redirected: false }, &origin).allowed()
}

#[wasm_bindgen_test]
fn connect_src_decisions_with_the_browser_url_parser() {
    let policy = "default-src 'self'; connect-src 'self' https://api.example.com/v1/ wss://*.example.com";
    let page = "https://app.example.com/widget";
    assert!(allowed(policy, page, "https://api.example.com/v1/items?id=3", RequestKind::Fetch));
    assert!(!allowed(policy, page, "https://api.example.com/v2/items", RequestKind::Fetch));
    assert!(!allowed(policy, page, "https://evil.example/", RequestKind::Fetch));
    assert!(allowed(policy, page, "wss://live.example.com/socket", RequestKind::WebSocket));
    assert!(!allowed(policy, page, "wss://example.com/socket", RequestKind::WebSocket));
    // The browser canonicalises before the engine sees the URL: case, default port, dot segments.
    assert!(allowed(policy, page, "HTTPS://API.EXAMPLE.COM:443/v1/../v1/x", RequestKind::Fetch));
    assert!(!allowed(policy, page, "https://api.example.com/v1/../admin", RequestKind::Fetch));
    // Internationalised hosts arrive as Punycode.
    assert!(allowed("img-src https://xn--caf-dma.example", page, "https://café.example/logo.png", RequestKind::Img));
    assert!(!allowed(policy, page, "data:text/plain,hi", RequestKind::Fetch));
}
