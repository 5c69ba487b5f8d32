//! wasm-bindgen exports of the sanitizer (filled in below).
