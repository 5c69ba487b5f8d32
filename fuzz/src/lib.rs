//! The fuzz targets' shared code: the invariants each target checks, the structure-aware inputs,
//! the naive reference matcher, and the real-world tokens the inputs draw from. The targets in
//! `fuzz_targets/` only decode their input and call a `check` here.

pub mod config_case;
pub mod generate_invariants;
pub mod match_case;
pub mod match_invariants;
pub mod policy_invariants;
pub mod real_world;
pub mod reference;
pub mod sanitize_invariants;
pub mod validate_invariants;
