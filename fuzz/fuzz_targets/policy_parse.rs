//! Any bytes as a policy (in every disposition and delivery) and as a comma-joined policy list:
//! well-formed spans, and serialize → parse round-trips (see `policy_invariants`).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    csp_tools_fuzz::policy_invariants::check(&String::from_utf8_lossy(data));
});
