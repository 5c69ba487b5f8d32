//! Any bytes as a header value, a header block and HTML, validated under every profile: findings
//! inside the input, in order, and a score that follows from them (see `validate_invariants`).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    csp_tools_fuzz::validate_invariants::check(&String::from_utf8_lossy(data));
});
