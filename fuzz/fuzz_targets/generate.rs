//! A configuration through generate and every format: a clear error, or output whose policies
//! parse back cleanly (see `generate_invariants`). An input starting with 0xFF is a structured
//! configuration (`ConfigCase`); anything else is the text of a csp.toml or JSON file.
#![no_main]

use arbitrary::{Arbitrary, Unstructured};
use csp_tools_fuzz::config_case::ConfigCase;
use csp_tools_fuzz::generate_invariants::check_text;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    match data.split_first() {
        Some((0xFF, structured)) => {
            let Ok(case) = ConfigCase::arbitrary_take_rest(Unstructured::new(structured)) else { return };
            let text = case.to_text();
            // Only known fields with values of the right type: the parser must accept it.
            assert!(
                csp_tools::generate::Config::parse(text.as_bytes()).is_ok(),
                "a well-typed configuration is refused:\n{text}"
            );
            check_text(text.as_bytes());
        }
        _ => check_text(data),
    }
});
