//! Shared by the sanitizer tests: a deterministic, labelled corpus generator.
#![allow(dead_code)]

pub mod corpus;
