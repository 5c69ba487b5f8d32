//! Any input through sanitize_json, sanitize_props and redact_text: same shape, idempotent (see
//! `sanitize_invariants`; an input starting with 0xFF carries two option bytes first).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    csp_tools_fuzz::sanitize_invariants::check(data);
});
