//! # widget-guard: the in-widget guard, compiled to WebAssembly
//!
//! Pure-Rust decision code (tested natively) under thin wasm-bindgen bindings. The JavaScript side
//! (`js/loader.js`) installs the hooks on every sink and asks this crate for each decision.

#![forbid(unsafe_code)]

pub mod sanitize;
