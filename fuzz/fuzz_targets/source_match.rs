//! A structured page, URL and source list: the engine's matcher agrees with the naive reference
//! of CSP3 §6.7.2.6 in `reference.rs` (see `match_invariants`).
#![no_main]

use csp_tools_fuzz::match_case::MatchCase;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|case: MatchCase| {
    csp_tools_fuzz::match_invariants::check(&case);
});
