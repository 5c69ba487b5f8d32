//! # widget-guard: the in-widget guard, compiled to WebAssembly
//!
//! Pure-Rust decision code, tested natively, under thin wasm-bindgen bindings. The JavaScript
//! loader (`js/`) installs a hook on every sink before widget code runs and asks this crate for
//! each decision.
//!
//! - [`href`]: the browser-serialized URL → the engine's URL view.
//! - [`config`]: what `install()` accepts, and its errors.
//! - [`allow_list`]: origin, path and method rules that narrow CSP.
//! - [`apis`]: the privileged browser APIs a widget may not call.
//! - [`sink`]: every way a widget can send something out, as the loader numbers them.
//! - [`guard`]: one decision per request, with a reason and a CSP-shaped violation report.
//! - [`tool_gate`]: which host tools the widget may call, with consent and a rate limit.
//! - [`audit`]: the bounded, redacted audit trail.
//! - `bindings`: the Wasm exports the loader calls.

#![forbid(unsafe_code)]

pub mod allow_list;
pub mod apis;
pub mod audit;
mod bindings;
pub mod config;
pub mod guard;
pub mod href;
mod json;
pub mod sanitize;
pub mod sink;
pub mod tool_gate;

/// `items` with `separator` between them: std's `join` would add about 0.9 KB to the Wasm for
/// each type it is used on.
fn joined(items: impl IntoIterator<Item = impl AsRef<str>>, separator: &str) -> String {
    let mut text = String::new();
    for (i, item) in items.into_iter().enumerate() {
        if i > 0 {
            text.push_str(separator);
        }
        text.push_str(item.as_ref());
    }
    text
}

/// The Wasm's allocator (single-threaded: the guard never shares its memory): smaller than std's.
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
